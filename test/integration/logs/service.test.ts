/**
 * The log service (electron/services/logs/service.ts) over a generated 50 MB log of realistic entries
 * (the reference rule's lines with XML documents), generated into a temp folder at test time: open, index,
 * read, filter, find, histogram, search, failures, and the alerts stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventBus } from '../../../electron/core/events';
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
