// `npm test`: PowerShell if missing, a fresh build, then typecheck, lint, unit, integration and
// e2e. Stops at the first failing stage and exits non-zero.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
mkdirSync(join(root, 'test-results'), { recursive: true });

const stages = [
  ['PowerShell', process.execPath, ['build/setup-pwsh.mjs', '--quiet']],
  ['build', process.execPath, ['build/build.mjs', '--quiet']],
  ['typecheck', npx, ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (renderer)', npx, ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['typecheck (shared)', npx, ['tsc', '-p', 'tsconfig.shared.json', '--noEmit']],
  ['typecheck (e2e)', npx, ['tsc', '-p', 'tsconfig.e2e.json', '--noEmit']],
  ['lint', npx, ['eslint', '.']],
  ['security scan', process.execPath, ['build/security-scan.mjs', '--quiet']],
  ['unit + integration', npx, ['vitest', 'run']],
  ['e2e', npx, ['playwright', 'test']],
];

for (const [name, cmd, args] of stages) {
  const t0 = Date.now();
  console.error(`\n=== ${name}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`=== ${name} FAILED (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.error(`=== ${name} passed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
