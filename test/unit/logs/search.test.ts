/**
 * The byte-level search (electron/services/logs/search.ts) returns what parseFile + the filter return, on
 * random logs in every encoding read in small chunks, with the WebAssembly kernels and with their JS twins.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedEntry } from '../../../shared/logs/parse';
import { compileFilter } from '../../../shared/logs/filter';
import type { LogFilter } from '../../../shared/logs/schemas';
import { parseFile } from '../../../electron/services/logs/entries';
import { literalAnchor, searchFile } from '../../../electron/services/logs/search';
import { setSimdEnabled } from '../../../electron/services/logs/simd';
import { rng } from '../../support/logs-gen';
import { ENCODINGS, ROUNDS, writeRandom } from '../../support/random-logs';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-search-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => setSimdEnabled(true));

async function expectSearchMatchesParse(path: string, spec: LogFilter, chunk: number): Promise<number> {
  const filter = compileFilter(spec);
  // A user's entries are their runs' entries (shared/logs/runs.ts).
  const { entries } = await parseFile(path, { runs: Boolean(spec.user) });
  const want = entries.filter((e) => filter.matches({ ...e, xml: e.xml })).map((e) => [e.offset, e.message]);
  const got: Array<[number, string]> = [];
  await searchFile(path, filter, (e) => {
    got.push([e.offset, e.message]);
  }, undefined, undefined, { chunk });
  expect({ spec, got }).toEqual({ spec, got: want });
  return want.length;
}

describe('the byte-level search', () => {
  const specs: LogFilter[] = [
    { user: 'aobrien' },
    { user: 'KOFI12' },
    { user: 'kofi12', level: 'error' },
    { text: 'cannot' },
    { text: 'Cannot create', caseSensitive: true },
    { text: 'MÜLLER' },
    { text: 'Müller', caseSensitive: true },
    { text: 'istanbul' },
    { text: '€' },
    { text: 'type="3"' },
    { text: 'ok\ndone' },
    { user: 'ana müller 12' },
  ];
  for (const simd of [true, false]) {
    it(`returns what parseFile + the filter return, on random logs in every encoding (${simd ? 'SIMD' : 'JS'} kernels)`, async () => {
      setSimdEnabled(simd);
      const r = rng((simd ? 303 : 404) * ROUNDS);
      let matched = 0;
      for (let i = 0; i < 30 * ROUNDS; i++) {
        const enc = ENCODINGS[i % ENCODINGS.length]!;
        const path = await writeRandom(dir, `s-${simd}-${i}.log`, r, enc, 20 + Math.floor(r() * 150));
        for (const spec of specs) matched += await expectSearchMatchesParse(path, spec, 1024 + Math.floor(r() * 4000));
      }
      expect(matched).toBeGreaterThan(500); // the filters do find things
    });
  }

  it('finds a user written with the Kelvin sign or a dotted capital I (they lower-case to ASCII)', async () => {
    const path = join(dir, 'kelvin.log');
    const text = '2025-03-03 09:00:00::Cannot create mailbox for \u212aOFI12\r\n2025-03-03 09:00:01::other\r\n2025-03-03 09:00:02::user K\u0130M7\r\n';
    for (const enc of ['utf8', 'utf16le'] as const) {
      await writeFile(path, enc === 'utf8' ? Buffer.from(text, 'utf8') : Buffer.from('\ufeff' + text, 'utf16le'));
      expect(await expectSearchMatchesParse(path, { user: 'kofi12' }, 4096)).toBe(1);
      expect(await expectSearchMatchesParse(path, { text: 'ki\u0307m7' }, 4096)).toBe(1);
    }
  });

  it('scans for the longest ASCII run of the literal', () => {
    expect(literalAnchor('Müller', false)).toBe('ller');
    expect(literalAnchor('AObrien', false)).toBe('aobrien');
    expect(literalAnchor('AObrien', true)).toBe('AObrien');
    expect(literalAnchor('ok\r\ndone', true)).toBe('done');
    expect(literalAnchor('€', true)).toBeNull();
  });

  it('stops when the consumer says so, and reads lines split across chunks whole', async () => {
    const r = rng(77);
    const path = await writeRandom(dir, 'stop.log', r, 'utf8', 400);
    const filter = compileFilter({ text: 'e' });
    const got: ParsedEntry[] = [];
    const res = await searchFile(path, filter, (e) => {
      got.push(e);
      return got.length < 5;
    }, undefined, undefined, { chunk: 1024 });
    expect(res.stopped).toBe(true);
    expect(got).toHaveLength(5);
  });
});
