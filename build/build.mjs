// One build: the renderer bundle (Vite) and the Node bundles (esbuild): Electron main and
// preload, the CLI and the web host. Output in out/. Run by `npm run build` and by `prepare`.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { cp, mkdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { buildKernels } from './wasm.mjs';
import { buildPlanWorker } from './plan-worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'out');
const quiet = process.argv.includes('--quiet');

const t0 = Date.now();
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
// The log kernels' WebAssembly, from their .wat sources: the Node bundles embed it.
await buildKernels({ quiet });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  // Main process, CLI and web host: dependencies stay in node_modules (packaged by electron-builder).
  esbuild({
    ...node,
    entryPoints: {
      'electron/main': './electron/shell/main.ts',
      cli: './electron/cli/main.ts',
      webhost: './electron/webhost/main.ts',
    },
    outdir: out,
    packages: 'external',
    external: ['electron'],
  }),
  // A sandboxed preload cannot require node_modules: bundle everything except electron itself.
  esbuild({
    ...node,
    entryPoints: { 'electron/preload': './electron/shell/preload.ts' },
    outdir: out,
    external: ['electron'],
    platform: 'node',
  }),
  // The plan inspector's worker thread (large documents), found beside the bundles.
  buildPlanWorker({ outDir: out }),
  viteBuild({
    configFile: join(root, 'renderer', 'vite.config.mts'),
    root: join(root, 'renderer'),
    build: { outDir: join(out, 'renderer') },
    logLevel: quiet ? 'silent' : 'warn',
  }),
]);

// PowerShell scripts and modules ship beside the bundles.
if (existsSync(join(root, 'electron', 'powershell'))) {
  await cp(join(root, 'electron', 'powershell'), join(out, 'powershell'), { recursive: true });
}
if (!quiet) console.error(`build: out/ ready in ${Date.now() - t0} ms`);
