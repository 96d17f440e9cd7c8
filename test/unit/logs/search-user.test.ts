import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileFilter } from '../../../shared/logs/filter';
import { parseFile } from '../../../electron/services/logs/entries';
import { searchFile } from '../../../electron/services/logs/search';
import { hitWindows, RUN_REACH } from '../../../electron/services/logs/search-user';
import { LOG_FIXTURES } from '../../support/fixtures';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-user-search-'));
  file = join(dir, 'big.log');
  // Other people's runs well beyond the reach on both sides of the fixture's interleaved runs.
  const filler = (from: number) =>
    Array.from({ length: 6000 }, (_, i) => `2026-12-01 0${from}:${String(Math.floor(i / 100) % 60).padStart(2, '0')}:00:: Running AfterCreate Script\r\n2026-12-01 0${from}:00:00:: Username: other${i}\r\n2026-12-01 0${from}:00:00:: Cannot connect to server : mx-hyb09\r\n2026-12-01 0${from}:00:00:: End of Script\r\n`).join('');
  await writeFile(file, filler(6) + (await readFile(join(LOG_FIXTURES, 'template/AfterCreate-2026-12-01.log'), 'utf8')) + filler(9));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('user search around the lines naming the user', () => {
  it('merges the windows around hits that meet', () => {
    expect(hitWindows([10, 20, RUN_REACH * 3], 0, RUN_REACH * 10)).toEqual([
      { start: 0, end: RUN_REACH + 20 },
      { start: RUN_REACH * 2, end: RUN_REACH * 4 },
    ]);
  });

  it('finds what reading the whole file run by run finds, in a file far larger than the reach', async () => {
    const filter = compileFilter({ user: 'ureyes', level: 'error' });
    const { entries, size } = await parseFile(file, { runs: true });
    expect(size).toBeGreaterThan(RUN_REACH * 4);
    const want = entries.filter((e) => filter.matches(e)).map((e) => [e.offset, e.message.trim().slice(0, 40)]);
    const got: Array<[number, string]> = [];
    await searchFile(file, filter, (e) => {
      got.push([e.offset, e.message.trim().slice(0, 40)]);
    });
    expect(got).toEqual(want);
    expect(got.map((g) => g[1])).toEqual(['Cannot connect to server : mx-hyb01', 'Cannot create mailbox features for user:']);
  });
});
