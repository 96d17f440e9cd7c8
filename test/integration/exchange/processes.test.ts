/**
 * Several processes on one data folder (the desktop app, the CLI, a rule replay side by side): the
 * sandbox Exchange's directory lock keeps every change. Four real processes, each with its own core
 * and its own PowerShell, make 50 changes each on one sandbox directory; all 200 are in the
 * directory and in the audit trail. A PowerShell killed while it holds the lock does not block the
 * next change; a live holder makes a change wait, then fail with a sentence naming it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fails, sandboxCore, type SandboxCore } from './helpers';

const root = resolve(__dirname, '..', '..', '..');
const pwsh = join(root, '.tools', 'pwsh', 'pwsh');
let worker: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  worker = join(mkdtempSync(join(tmpdir(), 'hmc-worker-bundle-')), 'worker.js');
  await build({ entryPoints: [join(root, 'test', 'support', 'change-worker.ts')], outfile: worker, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', external: ['electron'], logLevel: 'warning', absWorkingDir: root });
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

function run(env: NodeJS.ProcessEnv): Promise<{ ok: number; errors: string[] }> {
  const child = spawn(process.execPath, [worker], { env: { ...env, HMC_APP_ROOT: root, NODE_PATH: join(root, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return new Promise((res, rej) => {
    child.once('exit', (code) => {
      if (code === 0) res(JSON.parse(out.trim().split('\n').pop()!) as { ok: number; errors: string[] });
      else rej(new Error(`worker exited ${code}: ${err}`));
    });
  });
}

describe('processes on one data folder', () => {
  test('4 processes x 50 changes: all 200 in the sandbox directory and in the audit trail', { timeout: 300_000 }, async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-procs-'));
    const directory = join(home, 'directory.json');
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'sandbox', sandboxSyncDelaySeconds: 0 } }));
    const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: directory, HMC_WORKER_USERS: '25' };
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((w) => run({ ...env, HMC_WORKER_PREFIX: `par${w}` })));
    for (const r of results) expect(r).toEqual({ ok: 50, errors: [] });

    const users = (JSON.parse(readFileSync(directory, 'utf8')) as { users: Array<{ SamAccountName: string; RecipientTypeDetails: string }> }).users;
    const ours = users.filter((u) => u.SamAccountName.startsWith('par'));
    expect(ours).toHaveLength(100);
    // Each user was added and then enabled by its own process: neither change was lost to another process's write.
    expect(ours.filter((u) => u.RecipientTypeDetails === 'RemoteUserMailbox')).toHaveLength(100);

    const records = readFileSync(join(home, 'audit', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; phase: string; outcome?: string; op: string });
    const ends = records.filter((r) => r.phase === 'end');
    expect(records.filter((r) => r.phase === 'start')).toHaveLength(200);
    expect(ends).toHaveLength(200);
    expect(ends.filter((r) => r.outcome === 'ok')).toHaveLength(200);
    expect(ends.filter((r) => r.op === 'mailbox.enableRemote')).toHaveLength(100);
  });

  describe('the lock held by another PowerShell', () => {
    let s: SandboxCore;
    let holder: ChildProcess;
    /** PowerShell's own process id: the .NET tool's pwsh is a launcher that runs PowerShell as its child. */
    let holderPid = 0;
    beforeAll(async () => {
      s = await sandboxCore({ env: { HMC_SANDBOX_LOCK_TIMEOUT_MS: '1500' } });
      await s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, { door: 'test' });
    });
    afterAll(async () => {
      await s.dispose();
    });

    test('a live holder: the change waits, then fails naming the process, and nothing is changed', { timeout: 120_000 }, async () => {
      holder = spawn(pwsh, ['-NoProfile', '-NonInteractive', '-Command', '-'], { env: { ...s.env }, stdio: ['pipe', 'pipe', 'inherit'] });
      children.push(holder);
      let said = '';
      const held = new Promise<void>((res) =>
        holder.stdout!.on('data', (c: Buffer) => {
          said += c.toString();
          const m = /HELD (\d+)/.exec(said);
          if (m) {
            holderPid = Number(m[1]);
            res();
          }
        }),
      );
      const module = join(root, 'electron', 'powershell', 'SandboxExchange', 'SandboxExchange.psd1');
      holder.stdin!.write(`$m = Import-Module -PassThru '${module}'; & $m { Enter-SandboxLock $null }; 'HELD ' + $PID; Start-Sleep -Seconds 600\n`);
      await held;
      const e = await fails(s.core.router.invoke('sandbox.addUser', { samAccountName: 'locked.out' }, { door: 'test' }));
      expect(e.code).toBe('EXCHANGE_ERROR');
      expect(e.message).toContain(`stayed locked by another PowerShell process for 1.5 s (process ${holderPid} holds it since`);
      expect(e.message).toContain('nothing was changed');
      expect(readFileSync(s.directory, 'utf8')).not.toContain('locked.out');
    });

    test('a holder killed with SIGKILL: its lock goes with it and the next change goes through', { timeout: 120_000 }, async () => {
      process.kill(holderPid, 'SIGKILL');
      holder.kill('SIGKILL');
      await new Promise((res) => holder.once('exit', res));
      const added = await s.core.router.invoke('sandbox.addUser', { samAccountName: 'after.kill' }, { door: 'test' });
      expect(added.SamAccountName).toBe('after.kill');
      expect(readFileSync(s.directory, 'utf8')).toContain('after.kill');
    });
  });
});
