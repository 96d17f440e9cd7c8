// `npm run bench`: bundles and runs every test/bench/*.bench.ts; each prints JSON lines
// {"name","value","unit","baseline","ratio"} with its baseline measured in the same run.
// BENCH_FILTER=substring runs only matching files.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKernels } from './wasm.mjs';
import { buildPlanWorker } from './plan-worker.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, 'test', 'bench');
const outDir = join(root, 'out', 'bench');
mkdirSync(outDir, { recursive: true });
await buildKernels({ quiet: true });
// Large plan inspections run in a worker thread: its bundle, in out/ where the pool looks from the source tree.
await buildPlanWorker();
const filter = process.env.BENCH_FILTER ?? '';
const files = readdirSync(dir).filter((f) => f.endsWith('.bench.ts') && f.includes(filter)).sort();
let failed = 0;
for (const f of files) {
  const outfile = join(outDir, basename(f, '.ts') + '.cjs');
  await build({
    entryPoints: [join(dir, f)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
    logLevel: 'warning',
    absWorkingDir: root,
  });
  console.error(`--- ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    failed++;
    console.error(`--- ${f} failed (exit ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
