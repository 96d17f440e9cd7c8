import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// root and outDir are passed by build/build.mjs (paths here would be resolved from Vite's
// temporary copy of this file, not from this folder).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    emptyOutDir: true,
    minify: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
});
