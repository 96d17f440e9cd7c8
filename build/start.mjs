// `npm start`: the desktop app where Electron is installed; otherwise, in one line, why not,
// and the local web host instead (its URL printed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
spawnSync(process.execPath, [join(root, 'build', 'setup-pwsh.mjs'), '--quiet'], { stdio: 'inherit' });
if (!existsSync(join(root, 'out', 'cli.js')) || process.argv.includes('--build')) {
  const b = spawnSync(process.execPath, [join(root, 'build', 'build.mjs')], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  try {
    const exe = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const exe = process.argv.includes('--web') ? null : electronBinary();
const child = exe
  ? spawn(exe, [join(root, 'out', 'electron', 'main.js')], { stdio: 'inherit' })
  : (console.error(
      process.argv.includes('--web')
        ? 'Starting the local web host.'
        : 'The Electron binary is not installed here (npm install could not download it), so the console starts as a local web host instead:',
    ),
    spawn(process.execPath, [join(root, 'out', 'cli.js'), 'serve', '--port', process.env.HMC_PORT ?? '0'], { stdio: 'inherit' }));
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
