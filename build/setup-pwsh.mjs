// Makes sure a PowerShell exists for the app and its tests: PATH first, then the project's
// tools folder (.tools/pwsh); if neither and the .NET SDK is present, installs PowerShell 7.6.9
// there as a .NET tool. Never fails the caller: without dotnet it says in one sentence how to get one.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '7.6.9';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = process.env.HMC_TOOLS_DIR ?? join(root, '.tools');
const win = process.platform === 'win32';

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

const found = onPath(win ? 'pwsh.exe' : 'pwsh') ?? (win ? onPath('powershell.exe') : null);
const local = join(toolsDir, 'pwsh', win ? 'pwsh.exe' : 'pwsh');
if (found || existsSync(local)) {
  if (!process.argv.includes('--quiet')) console.error(`setup:pwsh: PowerShell found at ${found ?? local}`);
  process.exit(0);
}
if (!onPath(win ? 'dotnet.exe' : 'dotnet')) {
  console.error('setup:pwsh: no PowerShell and no .NET SDK here; install PowerShell 7 from https://aka.ms/powershell to use the Exchange features.');
  process.exit(0);
}
console.error(`setup:pwsh: installing PowerShell ${VERSION} into ${join(toolsDir, 'pwsh')} (dotnet tool install)…`);
const r = spawnSync('dotnet', ['tool', 'install', '--tool-path', join(toolsDir, 'pwsh'), 'PowerShell', '--version', VERSION], {
  stdio: ['ignore', 'inherit', 'inherit'],
});
if (r.status !== 0 || !existsSync(local)) {
  console.error('setup:pwsh: the install failed; install PowerShell 7 from https://aka.ms/powershell instead.');
  process.exit(process.argv.includes('--strict') ? 1 : 0);
}
console.error(`setup:pwsh: ${execFileSync(local, ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'], { encoding: 'utf8' }).trim()} ready at ${local}`);
