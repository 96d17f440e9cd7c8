/**
 * Log viewer benchmarks, against tools on the same files in the same run:
 *  - search one user across the generated log: throughput vs `grep -F` and `rg -F` (ratio = ours / tool);
 *  - open the file: time to the last screen of entries (vs `tail -n 200`), index complete (vs `wc -l`),
 *    peak RSS of this process (the main process' stand-in) against the 300 MB budget;
 *  - tail latency p95 from write() to the entry on the event stream, vs `tail -F` measured the same way.
 * Data: HMC_BENCH_LOG_BYTES (default 1 GiB) of realistic entries generated into a temp folder, deleted after.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../electron/core/events';
import { LogService } from '../../electron/services/logs/service';
import { Settings } from '../../shared/settings/schema';
import { generateLogFile, makeUsers, stamp } from '../support/logs-gen';
import { emit, percentile } from './lib';

const BYTES = Number(process.env.HMC_BENCH_LOG_BYTES ?? 1024 * 1024 * 1024);
const MB = 1024 * 1024;

function timeCmd(cmd: string, args: string[]): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return performance.now() - t;
}

/** Whether a command-line tool is installed (ripgrep is not on every machine; grep is). */
function has(cmd: string): boolean {
  return !spawnSync(cmd, ['--version'], { stdio: 'ignore' }).error;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-bench-logs-'));
  try {
    const file = join(dir, 'ConnectorAfterCreate_20250303.log');
    const users = makeUsers(5000, 11);
    // The children run a private copy of this bundle (a concurrent build may empty out/).
    const self = join(dir, 'logs.bench.cjs');
    copyFileSync(process.argv[1]!, self);
    const env = { ...process.env, NODE_PATH: join(process.cwd(), 'node_modules') };
    // Generated in a child process so this process' memory figure is the service's alone.
    const child = spawnSync(process.execPath, [self, '--generate', file], { env, stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (child.status !== 0) throw new Error('generating the log failed');
    const gen = JSON.parse(child.stdout.toString('utf8')) as { bytes: number; entries: number; perUser: Record<string, number> };
    const sam = users[1234]!.sam;
    const events = new EventBus();
    const settings = Settings.parse({ logs: { sources: [{ name: 'bench', folder: dir, pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log' }] } });
    const svc = new LogService({ settings: async () => settings, events, alertsCheckMs: 0 });

    // Warm the page cache once for everyone.
    spawnSync('cat', [file], { stdio: ['ignore', 'ignore', 'ignore'] });
    // --- search one user
    const runs = 3;
    let ours = Infinity;
    let found = 0;
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = await svc.search({ path: file, user: sam, limit: 100_000 });
      ours = Math.min(ours, performance.now() - t);
      found = r.entries.length;
    }
    let grepMs = Infinity;
    let rgMs = Infinity;
    for (let i = 0; i < runs; i++) {
      grepMs = Math.min(grepMs, timeCmd('grep', ['-F', '-c', sam, file]));
      if (has('rg')) rgMs = Math.min(rgMs, timeCmd('rg', ['-F', '-c', sam, file]));
    }
    const mb = gen.bytes / MB;
    const extra = { bytes: gen.bytes, entries: found, expected: gen.perUser[sam] ?? 0 };
    emit('logs.search.user.throughput_vs_grep', mb / (ours / 1000), 'MB/s', mb / (grepMs / 1000), extra);
    if (Number.isFinite(rgMs)) emit('logs.search.user.throughput_vs_rg', mb / (ours / 1000), 'MB/s', mb / (rgMs / 1000), extra);
    else console.error('bench: ripgrep (rg) is not installed; the comparison with rg is skipped (grep\'s stands).');

    // --- open: last screen, index, memory (in a fresh process: the main process' stand-in)
    const o = spawnSync(process.execPath, ['--expose-gc', self, '--open', file], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    if (o.status !== 0) throw new Error('the open measurement failed');
    const om = JSON.parse(o.stdout.toString('utf8')) as { lastScreen: number; indexMs: number; peakRss: number; rssBefore: number; entries: number; bytes: number; tail: number };
    const tailCmd = timeCmd('tail', ['-n', '200', file]);
    const wcCmd = timeCmd('wc', ['-l', file]);
    emit('logs.open.last_screen', om.lastScreen, 'ms', tailCmd, { budget_ms: 200, entries: om.tail });
    emit('logs.open.index_complete', om.indexMs, 'ms', wcCmd, { budget_ms: 3000, entries: om.entries, bytes: om.bytes });
    emit('logs.open.peak_rss', om.peakRss / MB, 'MB', 300, { rss_before_mb: Math.round(om.rssBefore / MB), budget_mb: 300 });

    // --- tail latency: write() -> 'logs.entries' event, vs tail -F
    const live = join(dir, 'live.log');
    writeFileSync(live, `${stamp(new Date())}::start\r\n`);
    const lines = 200;
    const ourLat: number[] = [];
    const sentAt = new Map<string, number>();
    const off = events.subscribe('logs.entries', (ev) => {
      const now = performance.now();
      for (const e of ev.entries) {
        const t = sentAt.get(e.message);
        if (t !== undefined && !e.update) ourLat.push(now - t);
      }
    });
    const f = await svc.follow({ path: live });
    const tailLat: number[] = [];
    const tailProc = spawn('tail', ['-F', '-n', '0', '-s', '0.01', live], { stdio: ['ignore', 'pipe', 'ignore'] });
    let buf = '';
    tailProc.stdout.on('data', (d: Buffer) => {
      const now = performance.now();
      buf += d.toString('utf8');
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).replace(/\r$/, '');
        buf = buf.slice(nl + 1);
        const msg = line.slice(line.indexOf('::') + 2);
        const t = sentAt.get(msg);
        if (t !== undefined) tailLat.push(now - t);
      }
    });
    await new Promise((r) => setTimeout(r, 500));
    for (let i = 0; i < lines; i++) {
      const msg = `Cannot create mailbox for ${users[i % users.length]!.sam}: latency probe ${i}`;
      sentAt.set(msg, performance.now());
      appendFileSync(live, `${stamp(new Date())}::${msg}\r\n`);
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 1000));
    off();
    tailProc.kill();
    await svc.unfollow({ followId: f.followId, action: 'stop' });
    emit('logs.tail.latency_p95', percentile(ourLat, 95), 'ms', percentile(tailLat, 95), {
      budget_ms: 100,
      delivered: ourLat.length,
      tail_delivered: tailLat.length,
      written: lines,
    });
    await svc.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function generateOnly(file: string): Promise<void> {
  const users = makeUsers(5000, 11);
  const gen = await generateLogFile(file, BYTES, { users, seed: 11 });
  process.stdout.write(JSON.stringify({ bytes: gen.bytes, entries: gen.entries, perUser: Object.fromEntries(gen.perUser) }));
}

async function openOnly(file: string): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const settings = Settings.parse({});
  const svc = new LogService({ settings: async () => settings, events: new EventBus(), alertsCheckMs: 0 });
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const opened = await svc.open({ path: file, tail: 200 });
  const lastScreen = performance.now() - t0;
  const p = await svc.indexSettled(opened.id);
  const indexMs = performance.now() - t0;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  clearInterval(sampler);
  await svc.dispose();
  process.stdout.write(JSON.stringify({ lastScreen, indexMs, peakRss, rssBefore, entries: p.entries, bytes: p.bytes, tail: opened.tail.length }));
}

const mode = process.argv[2];
(mode === '--generate' ? generateOnly(process.argv[3]!) : mode === '--open' ? openOnly(process.argv[3]!) : main()).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
