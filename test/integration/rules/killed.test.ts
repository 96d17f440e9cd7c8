/**
 * A console killed during a rule replay (kill -9 of the built CLI while the rule runs): the replay's
 * PowerShell ends with it (the host's watchdog, started by the harness), so no rule keeps running
 * on its own. The CLI runs from a private bundle made for this test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { descendantsIn, processTable } from '../../../electron/services/powershell/process-tree';
import { fixturePath } from '../../support/fixtures';

const root = resolve(__dirname, '..', '..', '..');
let cli: string;
let child: ChildProcess | null = null;

beforeAll(async () => {
  cli = join(mkdtempSync(join(tmpdir(), 'hmc-cli-bundle-')), 'cli.js');
  await build({ entryPoints: [join(root, 'electron', 'cli', 'main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', external: ['electron'], logLevel: 'warning', absWorkingDir: root });
});

afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

test('kill -9 of the CLI during a replay: no PowerShell of it survives 2 s later', { timeout: 240_000 }, async () => {
  const home = mkdtempSync(join(tmpdir(), 'hmc-replay-killed-'));
  const script = join(home, 'Slow.ps1');
  writeFileSync(script, "'started' | Out-File -FilePath 'C:\\started.txt'\nStart-Sleep -Seconds 120\n");
  child = spawn(process.execPath, [cli, 'rule', 'replay', '--script', script, '--request', fixturePath('rules/leaver-modify.xml'), '--timeout', '300', '--yes', '--sandbox'], {
    env: { ...process.env, HMC_HOME: home, HMC_APP_ROOT: root, NODE_PATH: join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  // The rule is running once its events file says so.
  const deadline = Date.now() + 120_000;
  let below: number[];
  for (;;) {
    const table = await processTable();
    below = descendantsIn(table, child.pid!);
    const started = below.length > 0 && readEvents(home).includes('"kind":"rule-start"');
    if (started) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the rule never started: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  await new Promise((r) => child!.once('exit', r));
  const until = Date.now() + 2000;
  while (below.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  expect(below.filter(alive)).toEqual([]);
});

/** Every replay's events so far (the folder appears once the replay is prepared). */
function readEvents(home: string): string {
  const replays = join(home, 'rules', 'replays');
  if (!existsSync(replays)) return '';
  return readdirSync(replays)
    .map((d) => join(replays, d, 'events.jsonl'))
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f, 'utf8'))
    .join('');
}
