/**
 * The byte-level entry index (electron/services/logs/index-builder.ts, entry-index.ts) gives exactly what
 * the slow path (parseFile) gives: same entry offsets, levels and times, on random logs in every encoding
 * read in small chunks, as the file grows, with the WebAssembly kernels and with their JS twins.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedEntry } from '../../../shared/logs/parse';
import { parseFile } from '../../../electron/services/logs/entries';
import { LEVEL_NAME, wallSeconds } from '../../../electron/services/logs/entry-index';
import { IndexedFile } from '../../../electron/services/logs/index-builder';
import { setSimdEnabled } from '../../../electron/services/logs/simd';
import { rng } from '../../support/logs-gen';
import { ENCODINGS, ROUNDS, randomText, stampAt, writeRandom } from '../../support/random-logs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-index-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => setSimdEnabled(true));

async function expectIndexMatchesParse(path: string, chunk: number): Promise<void> {
  const f = new IndexedFile(path, chunk);
  await f.update();
  // The index holds complete lines only (an unterminated last line waits for its line break).
  const { entries } = await parseFile(path, { end: f.end });
  const idx = f.index;
  expect(f.problem).toBeNull();
  const got = Array.from({ length: idx.count }, (_, i) => [idx.offsets[i], LEVEL_NAME[idx.levels[i]!], idx.times[i]]);
  const want = entries.map((e) => [e.offset, e.level, expectedTime(e)]);
  expect(got).toEqual(want);
  expect(idx.errors).toBe(entries.filter((e) => e.level === 'error').length);
  expect(idx.warnings).toBe(entries.filter((e) => e.level === 'warning').length);
}

function expectedTime(e: ParsedEntry): number {
  if (!e.time) return NaN;
  return wallSeconds(e.kind === 'rule' ? e.time.slice(0, 19) : e.time);
}

describe('the byte-level index', () => {
  for (const simd of [true, false]) {
    it(`equals parseFile on random logs in every encoding, in small chunks (${simd ? 'SIMD' : 'JS'} kernels)`, async () => {
      setSimdEnabled(simd);
      const r = rng((simd ? 101 : 202) * ROUNDS);
      for (let i = 0; i < 40 * ROUNDS; i++) {
        const enc = ENCODINGS[i % ENCODINGS.length]!;
        const path = await writeRandom(dir, `idx-${simd}-${i}.log`, r, enc, 20 + Math.floor(r() * 150));
        await expectIndexMatchesParse(path, 1024 + Math.floor(r() * 4000));
      }
    });
  }

  it('keeps matching as the file grows, partial lines and a line longer than a chunk included', async () => {
    const r = rng(55);
    const path = join(dir, 'grow.log');
    const all = Buffer.from(randomText(r, 300) + `${stampAt(r)}::${'long '.repeat(3000)}failed\r\n` + randomText(r, 100), 'utf8');
    await writeFile(path, '');
    const f = new IndexedFile(path, 2048);
    let at = 0;
    while (at < all.length) {
      const n = Math.min(all.length - at, 1 + Math.floor(r() * 9000));
      await appendFile(path, all.subarray(at, at + n));
      at += n;
      await f.update();
    }
    await f.settled();
    const { entries } = await parseFile(path, { end: f.end });
    expect(f.end).toBe(all.lastIndexOf(10) + 1);
    expect(Array.from({ length: f.index.count }, (_, i) => [f.index.offsets[i], LEVEL_NAME[f.index.levels[i]!]])).toEqual(
      entries.map((e) => [e.offset, e.level]),
    );
  });

  it('equals parseFile where a chunk holds several pieces (a line start just after a piece boundary is indexed once)', async () => {
    const { generateLogFile, makeUsers } = await import('../../support/logs-gen');
    for (const seed of [8, 22, 24]) {
      const path = join(dir, `pieces-${seed}.log`);
      await generateLogFile(path, 700_000 + seed * 977, { users: makeUsers(50, seed), seed });
      await expectIndexMatchesParse(path, 4 * 1024 * 1024);
    }
  });

  it('counts a 200-entry UTF-8 generated log like the 1 GB benchmark one (XML entries, errors)', async () => {
    const { generateLogFile, makeUsers } = await import('../../support/logs-gen');
    const path = join(dir, 'gen.log');
    const g = await generateLogFile(path, 120_000, { users: makeUsers(50, 4), seed: 4 });
    const f = new IndexedFile(path, 8192);
    await f.update();
    expect(f.progress()).toMatchObject({ entries: g.entries, errors: g.errors });
    await expectIndexMatchesParse(path, 8192);
  });
});
