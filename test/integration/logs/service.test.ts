/**
 * The log service over a generated 50 MB log of realistic entries (the reference rule's lines with XML
 * documents), generated into a temp folder at test time; plus the CLI's `logs parse` / `logs search`
 * shapes, the alerts stream and the contract operations through the router.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../../electron/core/events';
import { createCore } from '../../../electron/app/core';
import { runHmc } from '../../support/cli';
import { LogService } from '../../../electron/services/logs/service';
import { Settings } from '../../../shared/settings/schema';
import type { LogsAlertsEvent } from '../../../shared/logs/schemas';
import { generateLogFile, makeUsers, render, rng, transaction, type GenEntry, type GeneratedFile } from '../../support/logs-gen';

const SECRET = 'q0Zk3pR9xW1vTnL8sY4bAg==';
let dir: string;
let file: string;
let stats: GeneratedFile;
const written: Array<{ time: string; lines: number; error: boolean; user: string | null }> = [];
const users = makeUsers(500, 3);
let svc: LogService;
let events: EventBus;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-svc-'));
  file = join(dir, 'ConnectorAfterCreate_20250303.log');
  stats = await generateLogFile(file, 50 * 1024 * 1024, {
    users,
    seed: 5,
    start: new Date(2025, 2, 3, 0, 0, 0),
    onEntries: (es) => {
      for (const e of es) written.push({ time: e.time, lines: e.lines, error: e.error, user: e.user });
    },
  });
  events = new EventBus();
  const settings = Settings.parse({ logs: { sources: [{ name: 'after-create', folder: dir, pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log' }] } });
  svc = new LogService({ settings: async () => settings, events, clock: () => new Date(2025, 2, 3, 12, 0, 0), alertsCheckMs: 50 });
}, 120_000);

afterAll(async () => {
  await svc?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('a 50 MB generated log', () => {
  it('was generated at the size asked', () => {
    expect(stats.bytes).toBeGreaterThan(50 * 1024 * 1024 - 20_000);
    expect(written.length).toBe(stats.entries);
  });

  it('opens with the tail at once, then indexes every entry with its level', async () => {
    const opened = await svc.open({ path: file, tail: 100 });
    expect(opened.encoding).toBe('utf-8');
    expect(opened.tail.map((e) => [e.time, e.lines, e.level === 'error'])).toEqual(written.slice(-100).map((w) => [w.time, w.lines, w.error]));
    expect(JSON.stringify(opened.tail)).not.toContain(SECRET);
    const p = await svc.indexSettled(opened.id);
    expect(p).toMatchObject({ entries: stats.entries, done: true, errors: stats.errors, size: stats.bytes });

    const page = await svc.read({ id: opened.id, from: 123_45, count: 40 });
    expect(page.total).toBe(stats.entries);
    expect(page.entries.map((e) => [e.index, e.time, e.lines])).toEqual(written.slice(12_345, 12_385).map((w, i) => [12_345 + i, w.time, w.lines]));

    const errors = await svc.read({ id: opened.id, from: 0, count: 10, filter: { level: 'error' } });
    expect(errors.total).toBe(stats.errors);
    expect(errors.entries.every((e) => e.level === 'error')).toBe(true);
    const firstError = written.findIndex((w) => w.error);
    expect(svc.find({ id: opened.id, from: -1, direction: 'next', level: 'error' }).index).toBe(firstError);
    expect(svc.find({ id: opened.id, from: firstError, direction: 'previous', level: 'error' }).index).toBeNull();

    const sam = users[7]!.sam;
    await svc.viewSettled(opened.id, { user: sam });
    const mine = await svc.read({ id: opened.id, from: 0, count: 5000, filter: { user: sam } });
    expect(mine.total).toBe(stats.perUser.get(sam));
    expect(mine.filterDone).toBe(true);

    const h = svc.histogram({ id: opened.id, buckets: 24 });
    expect(h.buckets.reduce((a, b) => a + b.entries, 0)).toBe(stats.entries);
    expect(h.buckets.reduce((a, b) => a + b.errors, 0)).toBe(stats.errors);
    svc.close(opened.id);
  });

  it('searches one user newest first, returning whole entries', async () => {
    const sam = users[11]!.sam;
    const r = await svc.search({ source: 'after-create', user: sam, limit: 100_000 });
    expect(r.entries.length).toBe(stats.perUser.get(sam));
    const times = r.entries.map((e) => e.time!);
    expect([...times].sort().reverse()).toEqual(times);
    const req = r.entries.find((e) => e.xml === 'request')!;
    expect(req.message.startsWith('Request Object :: <?xml')).toBe(true);
    expect(req.message.endsWith('</AccountRequest>')).toBe(true);
    expect(req.message).not.toContain(SECRET);
    const errs = await svc.search({ source: 'after-create', user: sam, level: 'error', limit: 100 });
    expect(errs.entries.length).toBe(written.filter((w) => w.error && w.user === sam).length);
  });

  it('lists the users with failures on a day and one user\'s failures', async () => {
    const expected = new Set(written.filter((w) => w.error && w.time.startsWith('2025-03-03')).map((w) => w.user));
    const f = await svc.failures({ date: '2025-03-03', limit: 10_000 });
    expect(new Set(f.users.map((u) => u.user))).toEqual(expected);
    const one = f.users[0]!;
    const detail = await svc.failures({ user: one.user, limit: 500 });
    expect(detail.entries.length).toBe(written.filter((w) => w.error && w.user === one.user).length);
  });
});

describe('alerts', () => {
  it('streams newly appended error entries per source while someone listens', async () => {
    const got: LogsAlertsEvent[] = [];
    const off = events.subscribe('logs.alerts', (p) => got.push(p));
    await new Promise((r) => setTimeout(r, 300));
    const r = rng(99);
    const tx: GenEntry[] = [];
    while (!tx.some((e) => e.error)) tx.push(...transaction(users[1]!, new Date(2025, 2, 3, 23, 0, 0), r, 0.5));
    await appendFile(file, render(tx));
    const until = Date.now() + 10_000;
    while (Date.now() < until && got.reduce((a, g) => a + g.entries.length, 0) < tx.filter((e) => e.error).length) {
      await new Promise((res) => setTimeout(res, 25));
    }
    off();
    const alerted = got.flatMap((g) => g.entries);
    expect(alerted.map((e) => e.message)).toEqual(tx.filter((e) => e.error).map((e) => e.message));
    expect(got.every((g) => g.source === 'after-create' && g.file === file)).toBe(true);
  });
});

describe('CLI', () => {
  async function cli(argv: string[], home: string): Promise<{ code: number; out: string; err: string }> {
    return runHmc(argv, { env: { ...process.env, HMC_HOME: home } });
  }

  it('hmc logs parse FILE --json prints the exact entry shape in file order (UTF-16LE file)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-cli-'));
    const small = join(home, 'u16.log');
    const text = '2025-03-03 09:14:05::Request Object :: <AccountRequest op="Create">\r\n  <AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>\r\n</AccountRequest>\r\n2025-03-03 09:14:09::Cannot create mailbox for aobrien: not found\r\n';
    await writeFile(small, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await cli(['logs', 'parse', small, '--json'], home);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as unknown[];
    expect(doc).toEqual([
      { time: '2025-03-03T09:14:05', level: 'info', user: 'aobrien', message: 'Request Object :: <AccountRequest op="Create">\n  <AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>\n</AccountRequest>', lines: 3, file: small, offset: 2 },
      { time: '2025-03-03T09:14:09', level: 'error', user: 'aobrien', message: 'Cannot create mailbox for aobrien: not found', lines: 1, file: small, offset: 2 + Buffer.byteLength(text.split('\r\n').slice(0, 3).join('\r\n') + '\r\n', 'utf16le') },
    ]);
    const missing = await cli(['logs', 'parse', join(home, 'nope.log'), '--json'], home);
    expect(missing.code).toBe(2);
    await rm(home, { recursive: true, force: true });
  });

  it('hmc logs search --path GLOB --user --level --json', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-cli-'));
    const sam = users[11]!.sam;
    const r = await cli(['logs', 'search', '--path', join(dir, '*.log'), '--user', sam, '--level', 'error', '--json'], home);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(doc.length).toBe(written.filter((w) => w.error && w.user === sam).length);
    for (const e of doc) expect(Object.keys(e)).toEqual(['time', 'level', 'user', 'message', 'lines', 'file', 'offset']);
    const bad = await cli(['logs', 'search', '--path', join(dir, '*.log'), '--regex', '(', '--json'], home);
    expect(bad.code).toBe(2);
    const none = await cli(['logs', 'search', '--json'], home);
    expect(none.code).toBe(2);
    await rm(home, { recursive: true, force: true });
  });

  it('serves the operations through the router', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-core-'));
    await writeFile(join(home, 'settings.json'), JSON.stringify({ version: 1, logs: { sources: [{ name: 'ac', folder: dir, pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log' }] } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    try {
      const s = await core.router.invoke('logs.sources', {}, { door: 'test' });
      expect(s.sources[0]!.files.map((f) => f.name)).toEqual(['ConnectorAfterCreate_20250303.log']);
      const o = await core.router.invoke('logs.open', { source: 'ac', date: '2025-03-03', tail: 5 }, { door: 'test' });
      expect(o.tail).toHaveLength(5);
      const fl = await core.router.invoke('logs.follow', { id: o.id }, { door: 'test' });
      const got: string[] = [];
      const off = core.services.events.subscribe('logs.entries', (p) => {
        if (p.followId === fl.followId) got.push(...p.entries.map((e) => e.message));
      });
      await appendFile(file, '2025-03-03 23:59:59::Finished ConnectorAfterCreate for router-test\r\n');
      const until = Date.now() + 10_000;
      while (Date.now() < until && !got.includes('Finished ConnectorAfterCreate for router-test')) await new Promise((r) => setTimeout(r, 25));
      off();
      expect(got).toEqual(['Finished ConnectorAfterCreate for router-test']);
      expect((await core.router.invoke('logs.unfollow', { followId: fl.followId, action: 'stop' }, { door: 'test' })).state).toBe('stopped');
      await expect(core.router.invoke('logs.read', { id: 'nope', from: 0, count: 1 }, { door: 'test' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    }
  });
});
