/**
 * The user's story over a large estate: HMC_BENCH_STORY_BYTES (default 1 GiB) of realistic rule logs across 5
 * sources (today's file of each) plus 10,000 audit records, the sandbox Exchange warmed up first. Measured: the
 * time from asking story.get to its verdict, against `grep -F -c` of the same user over the same files in the
 * same run (target: at most 1.5 times grep's time).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/app/core';
import { generateLogFile, makeUsers } from '../support/logs-gen';
import { emit } from './lib';

const BYTES = Number(process.env.HMC_BENCH_STORY_BYTES ?? 1024 * 1024 * 1024);
const SOURCES = 5;
const AUDIT = 10_000;
const pad = (n: number) => String(n).padStart(2, '0');

function timeCmd(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return performance.now() - t;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'hmc-bench-story-'));
  try {
    const now = new Date();
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    const users = makeUsers(5000, 13);
    const files: string[] = [];
    const sources = [];
    for (let i = 0; i < SOURCES; i++) {
      const folder = join(home, `source-${i}`);
      mkdirSync(folder);
      const file = join(folder, `AfterCreate-${today}.log`);
      await generateLogFile(file, BYTES / SOURCES, { seed: 100 + i, users, start: new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 0, i) });
      files.push(file);
      sources.push({ name: `source ${i}`, folder, pattern: 'AfterCreate-{yyyy}-{MM}-{dd}.log' });
    }
    mkdirSync(join(home, 'audit'));
    const audit: string[] = [];
    for (let i = 0; i < AUDIT / 2; i++) {
      const identity = users[i % users.length]!.sam;
      const time = new Date(now.getTime() - (AUDIT - i) * 1000).toISOString();
      const base = { id: `bench-${i}`, op: 'mailbox.enableRemote', door: 'cli', actor: 'CORP\\bench', command: `Enable-RemoteMailbox -Identity '${identity}'` };
      audit.push(JSON.stringify({ ...base, phase: 'start', time, input: { identity } }), JSON.stringify({ ...base, phase: 'end', time, outcome: 'ok' }));
    }
    writeFileSync(join(home, 'audit', 'audit.jsonl'), `${audit.join('\n')}\n`);
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'sandbox' }, logs: { sources } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') }, forceSandbox: true });
    try {
      const sam = users[11]!.sam;
      await core.router.invoke('sandbox.addUser', { samAccountName: sam }, { door: 'test' });
      await core.router.invoke('mailbox.get', { identity: sam }, { door: 'test' });
      let ours = Infinity;
      let state = '';
      let events = 0;
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        const s = await core.router.invoke('story.get', { identity: sam }, { door: 'test' });
        ours = Math.min(ours, performance.now() - t);
        state = s.verdict.state;
        events = s.events.length;
      }
      // Where the time goes (each part alone, warm).
      const part = async (f: () => Promise<unknown>) => {
        const t = performance.now();
        await f();
        return Math.round(performance.now() - t);
      };
      const parts = {
        recipientMs: await part(() => core.router.invoke('mailbox.get', { identity: sam }, { door: 'test' })),
        runsMs: await part(() => core.router.invoke('logs.search', { sources: ['*'], user: sam, limit: 20_000 }, { door: 'test' })),
        requestsMs: await part(() => core.router.invoke('logs.incomingPlans', { days: 31, limit: 1_000, withoutXml: true, user: sam }, { door: 'test' })),
        auditMs: await part(() => core.router.invoke('audit.list', { limit: 10_000 }, { door: 'test' })),
      };
      let grep = Infinity;
      for (let i = 0; i < 3; i++) grep = Math.min(grep, timeCmd('grep', ['-F', '-c', sam, ...files]));
      emit('story.time_to_verdict_vs_grep', ours, 'ms', grep, { bytes: BYTES, sources: SOURCES, audit: AUDIT, state, events, ...parts });
    } finally {
      await core.dispose();
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
