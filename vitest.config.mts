import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The log kernels' WebAssembly (generated from .wat, not committed) and the plan inspector's worker bundle
    // before any test file loads.
    globalSetup: ['build/wasm.mjs', 'build/plan-worker.mjs'],
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          environment: 'node',
          // Loopback DNS server + HMC_DNS_SERVERS for every file (tests send traffic to loopback only).
          setupFiles: ['test/support/vitest-setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          environment: 'node',
          // Loopback DNS server + HMC_DNS_SERVERS for every file (tests send traffic to loopback only).
          setupFiles: ['test/support/vitest-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // Real PowerShell processes and sockets: keep the 2-core machine from thrashing.
          maxWorkers: 2,
        },
      },
    ],
  },
});
