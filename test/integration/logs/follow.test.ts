/**
 * Real files written while they are tailed: random chunk boundaries (inside UTF-16 code units, inside
 * multi-line XML entries), mixed encodings, rotation past midnight (injected clock), truncation,
 * delete/recreate, a vanishing file, pause. Each run compares what the follower delivered with what was
 * written: zero lost, zero duplicated, order kept.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rename, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Follower, type FollowBatch } from '../../../electron/services/logs/follow';
import { makeUsers, render, rng, transaction, type GenEntry } from '../../support/logs-gen';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-follow-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Applies batches like a consumer: new entries append, updates replace; counts duplicates. */
class Collector {
  order: string[] = [];
  byKey = new Map<string, { message: string; lines: number; time: string | null }>();
  duplicates = 0;
  resets: string[] = [];
  states: string[] = [];
  private gen = 0;
  onBatch = (b: FollowBatch) => {
    if (b.reset) {
      this.gen++;
      this.resets.push(b.reset);
    }
    this.states.push(b.state);
    for (const e of b.entries) {
      const key = `${this.gen}|${b.file}|${e.offset}`;
      const prev = this.byKey.get(key);
      if (prev) {
        if (!e.update || e.lines <= prev.lines) this.duplicates++;
      } else {
        if (e.update) this.duplicates++; // an update for something never delivered
        this.order.push(key);
      }
      this.byKey.set(key, { message: e.message, lines: e.lines, time: e.time });
    }
  };
  messages(): string[] {
    return this.order.map((k) => this.byKey.get(k)!.message);
  }
  async waitFor(expected: string[], timeoutMs = 20_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const got = this.messages();
      if (got.length >= expected.length && got[expected.length - 1] === expected[expected.length - 1]) return;
      await sleep(20);
    }
  }
}

function entriesFor(n: number, seed: number, start = new Date(2025, 2, 3, 9, 0, 0)): GenEntry[] {
  const r = rng(seed);
  const users = makeUsers(20, seed);
  const out: GenEntry[] = [];
  let at = start;
  while (out.length < n) {
    out.push(...transaction(users[Math.floor(r() * users.length)]!, at, r, 0.3));
    at = new Date(at.getTime() + 5000);
  }
  return out;
}

/** Appends `bytes` in random pieces (1..maxChunk), sometimes pausing so the follower reads mid-entry. */
async function appendRandomly(path: string, bytes: Buffer, seed: number, maxChunk = 700): Promise<void> {
  const r = rng(seed);
  let pos = 0;
  while (pos < bytes.length) {
    const n = Math.min(bytes.length - pos, 1 + Math.floor(r() * maxChunk));
    await appendFile(path, bytes.subarray(pos, pos + n));
    pos += n;
    if (r() < 0.3) await sleep(Math.floor(r() * 15));
  }
}

/** windows-1252 (what Add-Content writes under Windows PowerShell 5.1). */
function cp1252(text: string): Buffer {
  const extra: Record<string, number> = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, 'Š': 0x8a, 'š': 0x9a, 'Ž': 0x8e, 'ž': 0x9e };
  return Buffer.from([...text].map((ch) => extra[ch] ?? ch.charCodeAt(0)));
}

function utf16(text: string, bom = false): Buffer {
  const b = Buffer.from(text, 'utf16le');
  return bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), b]) : b;
}

async function follow(target: ConstructorParameters<typeof Follower>[0], c: Collector, extra: Partial<ConstructorParameters<typeof Follower>[1]> = {}) {
  const f = new Follower(target, { startAt: 'start', pollMs: 30, settleMs: 10, onBatch: c.onBatch, ...extra });
  await f.start();
  return f;
}

describe('follow: nothing lost, nothing duplicated, order kept', () => {
  it('UTF-8 appended at random boundaries, inside multi-line XML entries', async () => {
    const path = join(dir, 'a.log');
    await writeFile(path, '');
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c);
    const written = entriesFor(120, 1);
    await appendRandomly(path, Buffer.from(render(written), 'utf8'), 11);
    await c.waitFor(written.map((e) => e.message));
    await f.stop();
    expect(c.messages()).toEqual(written.map((e) => e.message));
    expect(c.duplicates).toBe(0);
    expect([...c.byKey.values()].map((e) => e.time)).toEqual(written.map((e) => e.time));
  });

  it('UTF-16LE with BOM split inside code units and surrogate pairs', async () => {
    const path = join(dir, 'u16.log');
    const written = entriesFor(60, 2).map((e, i) => (i % 7 === 0 ? { ...e, message: `${e.message} 😀 naïve €` } : e));
    const bytes = utf16(render(written), true);
    const c = new Collector();
    await writeFile(path, bytes.subarray(0, 1)); // half a BOM
    const f = await follow({ kind: 'file', path }, c);
    await appendRandomly(path, bytes.subarray(1), 12, 333);
    await c.waitFor(written.map((e) => e.message));
    await f.stop();
    expect(c.messages()).toEqual(written.map((e) => e.message));
    expect(c.duplicates).toBe(0);
  });

  it('mixed encodings in one file: ANSI, then UTF-16LE (Out-File -Append), then UTF-8', async () => {
    const path = join(dir, 'mixed.log');
    const a = entriesFor(12, 3).map((e) => ({ ...e, message: `${e.message} Müller café € – ’` }));
    const b = entriesFor(12, 4, new Date(2025, 2, 3, 10, 0, 0)).map((e) => ({ ...e, message: `${e.message} Øre ß` }));
    const u = entriesFor(12, 5, new Date(2025, 2, 3, 11, 0, 0)).map((e) => ({ ...e, message: `${e.message} Dvořák` }));
    const bytes = Buffer.concat([cp1252(render(a)), utf16(render(b)), Buffer.from(render(u), 'utf8')]);
    await writeFile(path, '');
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c);
    await appendRandomly(path, bytes, 13, 500);
    const all = [...a, ...b, ...u].map((e) => e.message);
    await c.waitFor(all);
    await f.stop();
    expect(c.messages()).toEqual(all);
    expect(c.duplicates).toBe(0);
  });

  it('holds a partial last line until its line break arrives', async () => {
    const path = join(dir, 'partial.log');
    await writeFile(path, '2025-03-03 09:00:00::first\r\n');
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c);
    await c.waitFor(['first']);
    await appendFile(path, '2025-03-03 09:00:01::Cannot create mail');
    await sleep(300);
    expect(c.messages()).toEqual(['first']);
    await appendFile(path, 'box for aobrien\r\n');
    await c.waitFor(['first', 'Cannot create mailbox for aobrien']);
    await f.stop();
    expect(c.messages()).toEqual(['first', 'Cannot create mailbox for aobrien']);
    expect(c.duplicates).toBe(0);
  });

  it('follows rotation past midnight to the next day file by pattern (injected clock)', async () => {
    let now = new Date(2025, 2, 3, 23, 59, 58);
    const pattern = 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log';
    const day1 = join(dir, 'ConnectorAfterCreate_20250303.log');
    const day2 = join(dir, 'ConnectorAfterCreate_20250304.log');
    await writeFile(day1, '');
    const c = new Collector();
    const f = await follow({ kind: 'pattern', folder: dir, pattern }, c, { clock: () => now });
    const first = entriesFor(18, 6, new Date(2025, 2, 3, 23, 59, 0));
    const second = entriesFor(18, 7, new Date(2025, 2, 4, 0, 0, 1));
    const b1 = Buffer.from(render(first), 'utf8');
    await appendRandomly(day1, b1.subarray(0, b1.length - 20), 14);
    // The last line of day 1 is finished after midnight, then the rule starts the new file.
    now = new Date(2025, 2, 4, 0, 0, 1);
    await appendFile(day1, b1.subarray(b1.length - 20));
    await appendRandomly(day2, Buffer.from(render(second), 'utf8'), 15);
    const all = [...first, ...second].map((e) => e.message);
    await c.waitFor(all);
    await f.stop();
    expect(c.messages()).toEqual(all);
    expect(c.duplicates).toBe(0);
    expect(c.resets).toContain('rotated');
    expect(f.file).toBe(day2);
  });

  it('reads files of skipped days when the clock jumps (paused over two midnights)', async () => {
    let now = new Date(2025, 2, 3, 12, 0, 0);
    const pattern = '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log';
    const c = new Collector();
    const f = await follow({ kind: 'pattern', folder: dir, pattern }, c, { clock: () => now });
    f.pause();
    const d3 = entriesFor(6, 8, new Date(2025, 2, 3, 12, 0, 0));
    const d4 = entriesFor(6, 9, new Date(2025, 2, 4, 12, 0, 0));
    const d5 = entriesFor(6, 10, new Date(2025, 2, 5, 0, 0, 1));
    await writeFile(join(dir, '2025-03-03.ConnectorAfterCreate.log'), render(d3));
    await writeFile(join(dir, '2025-03-04.ConnectorAfterCreate.log'), render(d4));
    await writeFile(join(dir, '2025-03-05.ConnectorAfterCreate.log'), render(d5));
    now = new Date(2025, 2, 5, 0, 0, 2);
    await sleep(200);
    expect(c.messages()).toEqual([]);
    f.resume();
    const all = [...d3, ...d4, ...d5].map((e) => e.message);
    await c.waitFor(all);
    await f.stop();
    expect(c.messages()).toEqual(all);
    expect(c.duplicates).toBe(0);
  });

  it("keeps reading yesterday's file for a grace period after rotating: late lines arrive once, then it is let go", async () => {
    let now = new Date(2025, 2, 3, 23, 59, 50);
    const pattern = 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log';
    const day1 = join(dir, 'ConnectorAfterCreate_20250303.log');
    const day2 = join(dir, 'ConnectorAfterCreate_20250304.log');
    const early = entriesFor(12, 30, new Date(2025, 2, 3, 23, 59, 0));
    const late = entriesFor(12, 31, new Date(2025, 2, 3, 23, 59, 59));
    const next = entriesFor(12, 32, new Date(2025, 2, 4, 0, 0, 1));
    const more = entriesFor(6, 33, new Date(2025, 2, 4, 0, 5, 0));
    const tooLate = entriesFor(6, 34, new Date(2025, 2, 3, 23, 59, 59));
    const lateBytes = Buffer.from(render(late), 'utf8');
    // Yesterday's file ends in a partial line when the clock passes midnight.
    await writeFile(day1, Buffer.concat([Buffer.from(render(early), 'utf8'), lateBytes.subarray(0, 30)]));
    // Per file and offset: first deliveries (a second one is a duplicate), updates replace.
    const seen = new Map<string, string>();
    const order: Record<string, string[]> = {};
    let duplicates = 0;
    const f = new Follower({ kind: 'pattern', folder: dir, pattern }, {
      startAt: 'start',
      pollMs: 30,
      settleMs: 10,
      graceMs: 60_000,
      clock: () => now,
      onBatch: (b) => {
        for (const e of b.entries) {
          const key = `${b.file}|${e.offset}`;
          if (!e.update) {
            if (seen.has(key)) duplicates++;
            else (order[b.file!] ??= []).push(key);
          } else if (!seen.has(key)) duplicates++;
          seen.set(key, e.message);
        }
      },
    });
    const messages = (file: string) => (order[file] ?? []).map((k) => seen.get(k)!);
    const waitUntil = async (ok: () => boolean) => {
      for (let i = 0; i < 1000 && !ok(); i++) await sleep(20);
    };
    await f.start();
    await waitUntil(() => messages(day1).length >= early.length);
    expect(messages(day1)).toEqual(early.map((e) => e.message));

    now = new Date(2025, 2, 4, 0, 0, 1);
    await appendRandomly(day2, Buffer.from(render(next), 'utf8'), 35);
    await waitUntil(() => messages(day2).length >= next.length);
    expect(f.file).toBe(day2);
    expect(f.lingeringFiles).toEqual([day1]);

    // The writer finishes yesterday's entries after midnight, while today's file grows too.
    await Promise.all([appendRandomly(day1, lateBytes.subarray(30), 36), appendRandomly(day2, Buffer.from(render(more), 'utf8'), 37)]);
    await waitUntil(() => messages(day1).length >= early.length + late.length && messages(day2).length >= next.length + more.length);
    expect(messages(day1)).toEqual([...early, ...late].map((e) => e.message));
    expect(messages(day2)).toEqual([...next, ...more].map((e) => e.message));

    // Quiet for longer than the grace period (by the follower's clock): yesterday's file is let go.
    now = new Date(2025, 2, 4, 0, 1, 30);
    await f.kick();
    expect(f.lingeringFiles).toEqual([]);
    await appendFile(day1, render(tooLate));
    await appendFile(day2, render(more.slice(0, 1)).replace('2025-03-04 00:05:00', '2025-03-04 00:06:00'));
    await waitUntil(() => messages(day2).length > next.length + more.length);
    await sleep(100);
    await f.stop();
    expect(messages(day1)).toHaveLength(early.length + late.length);
    expect(messages(day2)).toHaveLength(next.length + more.length + 1);
    expect(duplicates).toBe(0);
  });

  it('restarts at the top after truncation (also when refilled beyond the old size before it looks)', async () => {
    const path = join(dir, 't.log');
    const a = entriesFor(12, 16);
    await writeFile(path, render(a));
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c, { watch: false, pollMs: 200 });
    await c.waitFor(a.map((e) => e.message));
    // Truncate and write more than before within one poll interval.
    const b = entriesFor(24, 17, new Date(2025, 2, 3, 15, 0, 0));
    await truncate(path, 0);
    await appendFile(path, render(b));
    const all = [...a, ...b].map((e) => e.message);
    await c.waitFor(all);
    // And a plain truncation followed by slow appends.
    const d = entriesFor(6, 18, new Date(2025, 2, 3, 16, 0, 0));
    await truncate(path, 0);
    await sleep(450);
    await appendRandomly(path, Buffer.from(render(d)), 19);
    const all2 = [...all, ...d.map((e) => e.message)];
    await c.waitFor(all2);
    await f.stop();
    expect(c.messages()).toEqual(all2);
    expect(c.duplicates).toBe(0);
    expect(c.resets.filter((r) => r === 'truncated').length).toBe(2);
  });

  it('restarts on delete and recreate', async () => {
    const path = join(dir, 'r.log');
    const a = entriesFor(12, 20);
    await writeFile(path, render(a));
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c);
    await c.waitFor(a.map((e) => e.message));
    await unlink(path);
    await sleep(100);
    const b = entriesFor(12, 21, new Date(2025, 2, 3, 17, 0, 0));
    await appendRandomly(path, Buffer.from(render(b)), 22);
    const all = [...a, ...b].map((e) => e.message);
    await c.waitFor(all);
    await f.stop();
    expect(c.messages()).toEqual(all);
    expect(c.duplicates).toBe(0);
    expect(c.states).toContain('missing');
    expect(c.resets).toContain('recreated');
  });

  it('continues where it stopped when a vanished file (a share gone) comes back, appended meanwhile', async () => {
    const path = join(dir, 's.log');
    const aside = join(dir, 'elsewhere.tmp');
    const a = entriesFor(12, 23);
    await writeFile(path, render(a));
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c, { watch: false, pollMs: 40 });
    await c.waitFor(a.map((e) => e.message));
    await rename(path, aside);
    await sleep(200);
    const b = entriesFor(12, 24, new Date(2025, 2, 3, 18, 0, 0));
    await appendFile(aside, render(b));
    await rename(aside, path);
    const all = [...a, ...b].map((e) => e.message);
    await c.waitFor(all);
    await f.stop();
    expect(c.states).toContain('missing');
    expect(c.resets).toEqual([]);
    expect(c.messages()).toEqual(all);
    expect(c.duplicates).toBe(0);
  });

  it('pause loses nothing: lines written while paused arrive on resume', async () => {
    const path = join(dir, 'p.log');
    await writeFile(path, '');
    const c = new Collector();
    const f = await follow({ kind: 'file', path }, c);
    const a = entriesFor(12, 25);
    await appendFile(path, render(a.slice(0, 6)));
    await c.waitFor(a.slice(0, 6).map((e) => e.message));
    f.pause();
    await appendRandomly(path, Buffer.from(render(a.slice(6))), 26);
    await sleep(200);
    expect(c.messages().length).toBeLessThanOrEqual(6);
    f.resume();
    await c.waitFor(a.map((e) => e.message));
    await f.stop();
    expect(c.messages()).toEqual(a.map((e) => e.message));
    expect(c.duplicates).toBe(0);
  });
});
