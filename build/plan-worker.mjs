// The plan inspector's worker thread bundle (electron/services/plans/worker.ts -> out/plan-worker.js),
// self-contained so it also starts from its source text inside app.asar. Used by build.mjs and, as
// vitest's globalSetup, so tests running from the source tree find it under the app root's out/.
import { build } from 'esbuild';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildPlanWorker({ outDir = join(root, 'out') } = {}) {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, 'plan-worker.js');
  // Written beside and renamed: a test run in parallel never loads half a file.
  const temp = `${outfile}.${process.pid}.tmp`;
  await build({
    entryPoints: [join(root, 'electron', 'services', 'plans', 'worker.ts')],
    outfile: temp,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // No map: the worker's errors come back as envelopes, and the file is also run from its text.
    sourcemap: false,
    logLevel: 'warning',
    absWorkingDir: root,
  });
  await rename(temp, outfile);
  return outfile;
}

/** vitest globalSetup. */
export default async function setup() {
  await buildPlanWorker();
}
