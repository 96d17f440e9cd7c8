/**
 * `logs.search` over several sources merged into one time-ordered view: two real source folders with
 * dated files written here, entries interleaved in time across them (and across days), through the router
 * and the CLI (`--source A --source B`, `--source '*'`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import { runHmc } from '../../support/cli';

interface Written {
  time: string;
  source: 'create' | 'modify';
  /** Position in its file. */
  seq: number;
  message: string;
}

let home: string;
let core: Core;
const written: Written[] = [];
const SOURCES = [
  { name: 'create', sub: 'ac', pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', file: (d: string) => `${d}.ConnectorAfterCreate.log` },
  { name: 'modify', sub: 'am', pattern: 'ConnectorAfterModify_{yyyy}{MM}{dd}.log', file: (d: string) => `ConnectorAfterModify_${d.replace(/-/g, '')}.log` },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-logs-merge-'));
  for (const day of ['2025-03-02', '2025-03-03']) {
    const lines: Record<'create' | 'modify', string[]> = { create: [], modify: [] };
    const add = (source: 'create' | 'modify', hms: string, message: string, extra = '') => {
      const time = `${day}T${hms}`;
      written.push({ time, source, seq: written.filter((w) => w.source === source && w.time.startsWith(day)).length, message: extra ? `${message}\n${extra.replace(/\r\n$/, '')}` : message });
      lines[source].push(`${day} ${hms}::${message}\r\n${extra}`);
    };
    // Interleaved: even seconds in after-create, odd in after-modify.
    for (let i = 0; i < 40; i++) {
      const src = i % 2 === 0 ? 'create' : 'modify';
      const hms = `09:${pad(Math.floor(i / 6))}:${pad((i * 7) % 60)}`;
      const fail = i % 5 === 0;
      add(src, hms, fail ? `Cannot create mailbox for user${i}: ${day} #${i}` : `Finished ${src} for user${i} ${day} #${i}`, i % 9 === 0 ? '  <AccountRequest op="Create"/>\r\n' : '');
    }
    // Ties: two entries of one second in one file, and one second in both sources.
    add('create', '10:00:00', `tie in create, first ${day}`);
    add('create', '10:00:00', `tie in create, second ${day}`);
    add('modify', '10:00:05', `tie across, modify ${day}`);
    add('create', '10:00:05', `tie across, create ${day}`);
    add('modify', '10:00:10', `last of the day ${day}`);
    for (const s of SOURCES) {
      await mkdir(join(home, s.sub), { recursive: true });
      // The entries of one file in time order (as a log is written); seq follows the file.
      const mine = lines[s.name];
      const order = written.filter((w) => w.source === s.name && w.time.startsWith(day));
      const sorted = order.map((w, k) => ({ w, line: mine[k]! })).sort((a, b) => a.w.time.localeCompare(b.w.time) || a.w.seq - b.w.seq);
      sorted.forEach((x, k) => (x.w.seq = k));
      await writeFile(join(home, s.sub, s.file(day)), sorted.map((x) => x.line).join(''));
    }
  }
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      logs: {
        sources: [
          ...SOURCES.map((s) => ({ name: s.name, folder: join(home, s.sub), pattern: s.pattern })),
          { name: 'disabled', folder: join(home, 'ac'), pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', enabled: false },
        ],
      },
    }),
  );
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
});

afterAll(async () => {
  await core?.dispose();
  await rm(home, { recursive: true, force: true });
});

/** Newest first; equal times: the source listed first, then newest in its file first. */
function expected(filter: (w: Written) => boolean = () => true): Written[] {
  const rank = { create: 0, modify: 1 };
  return written.filter(filter).sort((a, b) => b.time.localeCompare(a.time) || rank[a.source] - rank[b.source] || b.seq - a.seq);
}

const search = (input: Record<string, unknown>) => core.router.invoke('logs.search', input as never, { door: 'test' });

describe('logs.search over several sources', () => {
  it('merges the sources newest first by entry time, each entry naming its source', async () => {
    const r = await search({ sources: ['create', 'modify'], limit: 1_000 });
    const want = expected();
    expect(want.length).toBe(90);
    expect(r.truncated).toBe(false);
    expect(r.entries.map((e) => [e.time, e.source, e.message])).toEqual(want.map((w) => [w.time, w.source, w.message]));
    // Both sources really alternate (interleaved, not one block after the other).
    expect(new Set(r.entries.slice(0, 6).map((e) => e.source))).toEqual(new Set(['create', 'modify']));
    expect(r.files).toHaveLength(4);
    // `*` is every enabled source (the disabled one would duplicate the after-create entries).
    const all = await search({ sources: ['*'], limit: 1_000 });
    expect(all.entries.map((e) => `${e.source}|${e.message}`)).toEqual(r.entries.map((e) => `${e.source}|${e.message}`));
  });

  it('honours limit and truncated across the merge, and the filter in every source', async () => {
    const want = expected();
    const five = await search({ sources: ['create', 'modify'], limit: 5 });
    expect(five.truncated).toBe(true);
    expect(five.entries.map((e) => e.message)).toEqual(want.slice(0, 5).map((w) => w.message));
    const exact = await search({ sources: ['create', 'modify'], limit: want.length });
    expect(exact.truncated).toBe(false);
    expect(exact.entries).toHaveLength(want.length);
    const oneShort = await search({ sources: ['create', 'modify'], limit: want.length - 1 });
    expect(oneShort.truncated).toBe(true);
    expect(oneShort.entries.map((e) => e.message)).toEqual(want.slice(0, -1).map((w) => w.message));

    const errors = await search({ sources: ['modify', 'create'], level: 'error', since: '2025-03-03', limit: 1_000 });
    const wantErr = written
      .filter((w) => w.message.startsWith('Cannot') && w.time.startsWith('2025-03-03'))
      .sort((a, b) => b.time.localeCompare(a.time));
    expect(errors.entries.map((e) => e.message)).toEqual(wantErr.map((w) => w.message));
    expect(errors.entries.every((e) => e.level === 'error')).toBe(true);

    // A single source says its name too.
    const single = await search({ source: 'modify', limit: 3 });
    expect(single.entries.map((e) => e.source)).toEqual(['modify', 'modify', 'modify']);
  });

  it('refuses unclear targets with INVALID_INPUT', async () => {
    const bad = [
      { source: 'create', sources: ['modify'] },
      { sources: ['create'], path: join(home, 'ac', '*.log') },
      { sources: ['*', 'create'] },
      { sources: [] },
      { sources: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      { sources: ['create', 'nope'] },
      {},
    ];
    for (const input of bad) await expect(search({ ...input, limit: 10 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(search({ source: 'create', sources: ['modify'], limit: 10 })).rejects.toThrow(/one of source, sources or path/);
  });
});

describe('hmc logs search with several --source', () => {
  async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    return runHmc(argv, { env: { ...process.env, HMC_HOME: home } });
  }

  it('merges two sources, with the source in each entry', async () => {
    const r = await cli(['logs', 'search', '--source', 'create', '--source', 'modify', '--limit', '7', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(doc.map((e) => [e.time, e.source, e.message])).toEqual(expected().slice(0, 7).map((w) => [w.time, w.source, w.message]));
    for (const e of doc) expect(Object.keys(e)).toEqual(['time', 'level', 'user', 'message', 'lines', 'file', 'offset', 'source']);
    expect(r.err).toMatch(/More entries matched than --limit 7/);

    const star = await cli(['logs', 'search', '--source', '*', '--text', 'tie', '--json']);
    expect(star.code).toBe(0);
    expect((JSON.parse(star.out) as Array<{ message: string }>).map((e) => e.message)).toEqual(expected((w) => w.message.includes('tie')).map((w) => w.message));

    // One --source keeps the exact entry shape.
    const one = await cli(['logs', 'search', '--source', 'create', '--limit', '2', '--json']);
    expect(Object.keys((JSON.parse(one.out) as object[])[0]!)).toEqual(['time', 'level', 'user', 'message', 'lines', 'file', 'offset']);

    const human = await cli(['logs', 'search', '--source', 'create', '--source', 'modify', '--limit', '3']);
    expect(human.code).toBe(0);
    expect(human.err + human.out).toContain('modify');
    const bad = await cli(['logs', 'search', '--source', 'create', '--path', join(home, 'ac', '*.log'), '--json']);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
