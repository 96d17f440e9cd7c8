/**
 * A console killed mid-change (kill -9 of the built CLI during an enable): its PowerShell does not
 * outlive it (the host's watchdog), so the change it was sending is not finished by an orphan; the
 * next front door that starts reads the recipient back and records what the change left
 * (`reconciled`), and `hmc audit list --outcome unfinished` lists it. A change still running in a
 * live process is left alone. The CLI runs from a private bundle made for this test (a concurrent
 * `npm run build` empties out/).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { descendantsIn, processTable } from '../../../electron/services/powershell/process-tree';

const root = resolve(__dirname, '..', '..', '..');
let cli: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  cli = join(mkdtempSync(join(tmpdir(), 'hmc-cli-bundle-')), 'cli.js');
  await build({ entryPoints: [join(root, 'electron', 'cli', 'main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', external: ['electron'], logLevel: 'warning', absWorkingDir: root });
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function tempHome(): { home: string; directory: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), 'hmc-orphans-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'sandbox', sandboxSyncDelaySeconds: 0 } }));
  const directory = join(home, 'directory.json');
  return { home, directory, env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: directory, HMC_APP_ROOT: root, NODE_PATH: join(root, 'node_modules') } };
}

function hmc(env: NodeJS.ProcessEnv, ...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

async function until<T>(what: string, probe: () => T | null | undefined | false, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function auditLines(home: string): Array<Record<string, unknown>> {
  const file = join(home, 'audit', 'audit.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** True while the process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function typeIn(directory: string, sam: string): string | undefined {
  return (JSON.parse(readFileSync(directory, 'utf8')) as { users: Array<{ SamAccountName: string; RecipientTypeDetails: string }> }).users.find((u) => u.SamAccountName === sam)
    ?.RecipientTypeDetails;
}

function enable(env: NodeJS.ProcessEnv, identity: string, slow: string): ChildProcess {
  return hmc(
    { ...env, HMC_SANDBOX_DELAY_MS: slow === 'Get-User' ? '4000' : '8000', HMC_SANDBOX_DELAY_CMDLETS: slow },
    'mailbox', 'enable', identity, '--routing-address', `${identity}@contoso.mail.onmicrosoft.com`, '--yes', '--sandbox', '--json',
  );
}

/**
 * Starts `hmc mailbox enable` with a slow cmdlet and kills it (SIGKILL) once `ready` holds; returns its
 * PowerShell processes and its process id. Slow Enable-RemoteMailbox: killed before the change is
 * made; slow Get-User (the reads before and after): killed after it was made, before the end record.
 */
async function killMidEnable(env: NodeJS.ProcessEnv, home: string, identity: string, slow = 'Enable-RemoteMailbox', ready: () => boolean = () => true): Promise<{ below: number[]; pid: number }> {
  const child = enable(env, identity, slow);
  await until('the start record', () => auditLines(home).some((r) => r.phase === 'start' && r.op === 'mailbox.enableRemote'));
  const below = descendantsIn(await processTable(), child.pid!);
  expect(below.length).toBeGreaterThan(0);
  // The start record is written just before the call is sent; give it time to reach the slow cmdlet.
  await new Promise((r) => setTimeout(r, 1000));
  await until('the moment to kill', ready);
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  return { below, pid: child.pid! };
}

/** Runs a front door to its end: `hmc audit list --outcome unfinished --json`. */
async function unfinished(env: NodeJS.ProcessEnv): Promise<Array<Record<string, unknown>>> {
  const child = hmc(env, 'audit', 'list', '--outcome', 'unfinished', '--json');
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(0);
  return JSON.parse(out) as Array<Record<string, unknown>>;
}

test('kill -9 of the CLI mid-change: no PowerShell of it survives 2 s later, and the change is not finished by an orphan', { timeout: 240_000 }, async () => {
  const { home, directory, env } = tempHome();
  const { below } = await killMidEnable(env, home, 'adele.vance');
  // Structural, not a speed test: poll each process for at most 2 s.
  const deadline = Date.now() + 2000;
  while (below.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(below.filter(alive)).toEqual([]);
  expect(typeIn(directory, 'adele.vance')).toBe('User');

  // The next front door reconciles it: read back, not applied; listed as unfinished with the owner it had.
  const changes = await unfinished({ ...env });
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({ op: 'mailbox.enableRemote', outcome: 'unfinished', reconciled: { outcome: 'not-applied' } });
  const reconciled = changes[0]!.reconciled as { note: string };
  expect(reconciled.note).toContain('the change was NOT applied; it is safe to try again');
  // Reconciled once: a second front door finds nothing left to do.
  await unfinished({ ...env });
  expect(auditLines(home).filter((r) => r.phase === 'reconciled')).toHaveLength(1);
});

test('killed after the change was made, before its end record: reconciled as applied', { timeout: 240_000 }, async () => {
  const { home, directory, env } = tempHome();
  const { pid } = await killMidEnable(env, home, 'alex.wilber', 'Get-User', () => typeIn(directory, 'alex.wilber') === 'RemoteUserMailbox');
  expect(auditLines(home).find((r) => r.phase === 'start')).toMatchObject({ owner: { pid } });
  expect(auditLines(home).some((r) => r.phase === 'end')).toBe(false);
  const changes = await unfinished({ ...env });
  const reconciled = changes[0]!.reconciled as { outcome: string; note: string };
  expect(reconciled).toMatchObject({ outcome: 'applied' });
  expect(reconciled.note).toContain('the change WAS applied; do not run it again');
});

test('a change still running in another live process is left alone', { timeout: 240_000 }, async () => {
  const { home, env } = tempHome();
  const running = enable(env, 'diego.siciliani', 'Enable-RemoteMailbox');
  await until('the start record', () => auditLines(home).some((r) => r.phase === 'start'));
  const changes = await unfinished({ ...env });
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({ outcome: 'unfinished', reconciled: null });
  expect(await new Promise((r) => running.once('exit', r))).toBe(0);
  expect(auditLines(home).map((r) => r.phase)).toEqual(['start', 'end']);
});
