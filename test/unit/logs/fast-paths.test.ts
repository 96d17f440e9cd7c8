/**
 * The byte-level fast paths of the log index and search give exactly what the slow path (the line splitter
 * feeding the entry assembler, i.e. parseFile, plus the filter) gives: random logs in UTF-8, UTF-8 with BOM,
 * ANSI, UTF-16LE and mixed encodings, with multi-line XML entries, every head kind, near-heads, BOMs and
 * non-breaking spaces at line starts, failure phrases in any case, read in small chunks so entries and lines
 * straddle chunk boundaries; with the WebAssembly kernels and with their JS fallbacks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ERROR_PATTERN_SOURCE,
  LEVEL_TRIGGERS,
  WARNING_PATTERN_SOURCE,
  parseHead,
  type ParsedEntry,
} from '../../../shared/logs/parse';
import { compileFilter } from '../../../shared/logs/filter';
import type { LogFilter } from '../../../shared/logs/schemas';
import { parseFile } from '../../../electron/services/logs/entries';
import { IndexedFile } from '../../../electron/services/logs/index-builder';
import { LEVEL_NAME, wallSeconds } from '../../../electron/services/logs/entry-index';
import { LineSplitter, runLines } from '../../../electron/services/logs/lines';
import { headKindBytes } from '../../../electron/services/logs/heads';
import { literalAnchor, searchFile } from '../../../electron/services/logs/search';
import { ByteScanner, HEAD_WORDS, RULE_OK, asciiNeedle, setSimdEnabled, simdAvailable } from '../../../electron/services/logs/simd';
import { rng } from '../../support/logs-gen';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-fast-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => setSimdEnabled(true));

// ---------------------------------------------------------------------------------------------
// Random logs

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function cp1252(s: string): Buffer {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80 || (c >= 0xa0 && c <= 0xff)) out.push(c);
    else {
      const i = CP1252_HIGH.indexOf(ch);
      out.push(i >= 0 ? 0x80 + i : 0x3f);
    }
  }
  return Buffer.from(out);
}

const WORDS = [
  'Starting', 'ConnectorAfterCreate', 'for', 'user', 'aobrien', 'KOFI12', 'Müller', 'café', '€', '’', 'naïve',
  'Cannot create mailbox', 'CANNOT CONNECT', 'cannot  connect', 'Errors from Service Result', 'failed', 'FAILURE',
  'fails', 'xfails', 'failing', 'SomeException', 'exception:', 'EXCEPTIONAL', 'Error', 'errors', 'fatal', 'FATALITY',
  'FullyQualifiedErrorId', 'non-zero exit code', 'type="3"', 'type="2"', 'Type="3"', 'warn', 'WARNINGS', 'warned',
  'sAMAccountName=aobrien', "account 'kofi12'", 'CN=Ana Müller 12,OU=Staff,DC=corp,DC=example,DC=org', '\u212aOFI12',
  'İstanbul', 'kofi12.', 'x', '  ', '\t', 'Request Object ::', 'Result Object ::', 'ok', 'done', 'learned', 'nnot',
];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

function p2(n: number): string {
  return String(n).padStart(2, '0');
}

function message(r: () => number): string {
  const n = 1 + Math.floor(r() * 6);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  return words.join(pick(r, [' ', ' ', ': ', ', ']));
}

function stampAt(r: () => number): string {
  const d = 1 + Math.floor(r() * 28);
  return `2025-03-${p2(d)} ${p2(Math.floor(r() * 24))}:${p2(Math.floor(r() * 60))}:${p2(Math.floor(r() * 60))}`;
}

/** A line that starts an entry (or looks like it might). */
function headLine(r: () => number): string {
  const ts = stampAt(r);
  const [date, time] = ts.split(' ') as [string, string];
  const frac = '.' + '1234567890'.slice(0, Math.floor(r() * 9));
  switch (Math.floor(r() * 16)) {
    case 0:
      return `${ts}${frac}::${message(r)}`;
    case 1:
      return `${ts} ::${message(r)}`;
    case 2:
      return `${ts},123 ${pick(r, ['ERROR', 'INFO', 'WARN'])} ${message(r)}`;
    case 3:
      return `[${date}T${time}] ${message(r)}`;
    case 4:
      return `${Number(date.slice(5, 7))}/${Number(date.slice(8))}/2025 ${Number(time.slice(0, 2)) % 12 || 12}${time.slice(2)} ${pick(r, ['AM', 'PM', 'pm'])} : ${message(r)}`;
    case 5:
      return `<![LOG[${message(r)}]LOG]!><time="${time}.123+060" date="03-0${1 + Math.floor(r() * 9)}-2025" component="Rule" context="" type="${1 + Math.floor(r() * 3)}" thread="1" file="">`;
    case 6:
      return `\ufeff${ts}::${message(r)}`; // a BOM before the head
    case 7:
      return `${ts}\u00a0${message(r)}`; // NBSP after the time: a head only where it decodes to U+00A0
    case 8:
      return `${ts}:${message(r)}`; // one colon: not a rule head, maybe trace
    case 9:
      return `${date} ${time.slice(0, 5)}::${message(r)}`; // too short
    case 10:
      return `${ts}.12345678::${message(r)}`; // 8 fraction digits
    case 11:
      return `${ts}`;
    case 12:
      return `<![LOG[${message(r)}`; // CMTrace opening, message continues
    case 13:
      return `2025-03-03 09:14:0`; // cut short
    default:
      return `${ts}::${message(r)}`;
  }
}

function continuation(r: () => number): string {
  return pick(r, [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE AccountRequest PUBLIC "sailpoint.dtd" "sailpoint.dtd">',
    `<AccountRequest op="Create" nativeIdentity="CN=${pick(r, ['Ana', 'Kofi', 'Ünal'])} 1,DC=corp">`,
    `  <AttributeRequest name="sAMAccountName" op="Set" value="${pick(r, ['aobrien', 'kofi12', 'müller3'])}"/>`,
    '  <AttributeRequest name="ObjectType" op="Set" value="User"/>',
    '</AccountRequest>',
    `  ${message(r)}`,
    message(r),
    `12 ${message(r)}`,
    `[not a head] ${message(r)}`,
    `:;=>? ${message(r)}`,
    '',
    '\u00a0indented',
    `${stampAt(r)}`.slice(0, 15),
  ]);
}

function randomText(r: () => number, entries: number): string {
  const lines: string[] = [];
  if (r() < 0.4) for (let i = Math.floor(r() * 4); i >= 0; i--) lines.push(continuation(r));
  for (let i = 0; i < entries; i++) {
    lines.push(headLine(r));
    const more = r() < 0.3 ? Math.floor(r() * 12) : r() < 0.5 ? Math.floor(r() * 3) : 0;
    for (let j = 0; j < more; j++) lines.push(continuation(r));
  }
  const eol = r() < 0.8 ? '\r\n' : '\n';
  return lines.join(eol) + (r() < 0.7 ? eol : '');
}

type Enc = 'utf8' | 'utf8bom' | 'ansi' | 'utf16' | 'mixed';

function encode(r: () => number, enc: Enc, entries: number): Buffer {
  switch (enc) {
    case 'utf8':
      return Buffer.from(randomText(r, entries), 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(randomText(r, entries), 'utf8')]);
    case 'ansi':
      return cp1252(randomText(r, entries));
    case 'utf16':
      return Buffer.from('\ufeff' + randomText(r, entries), 'utf16le');
    case 'mixed': {
      // ANSI (Add-Content), then UTF-16LE appended by Out-File -Append (no BOM), then UTF-8.
      const ts = () => `${stampAt(r)}::${message(r)}\r\n`;
      const a = cp1252(randomText(r, entries / 3).replace(/\r?\n?$/, '\r\n'));
      const b = Buffer.from(ts() + randomText(r, entries / 3).replace(/\r?\n?$/, '\r\n'), 'utf16le');
      const c = Buffer.from(ts() + randomText(r, entries / 3), 'utf8');
      return Buffer.concat([a, b, c]);
    }
  }
}

async function writeRandom(name: string, r: () => number, enc: Enc, entries: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encode(r, enc, entries));
  return path;
}

const ENCODINGS: Enc[] = ['utf8', 'utf8bom', 'ansi', 'utf16', 'mixed'];
/** More random rounds (and other seeds) for a soak run: HMC_LOGS_FAST_ROUNDS=20. */
const ROUNDS = Number(process.env.HMC_LOGS_FAST_ROUNDS ?? 1);

// ---------------------------------------------------------------------------------------------

describe('SIMD kernels', () => {
  it('are available here, and give what their JS fallbacks give', () => {
    expect(simdAvailable()).toBe(true);
    const r = rng(3);
    const alpha = 'aAbBkK\n\n\n<![0123456789 \xef\xbb-="pEtTyYwWaArRnNfFiIlLcCeExXoOzZ:;>?.\r\xc2\xa0';
    for (let iter = 0; iter < 400; iter++) {
      const n = 1 + Math.floor(r() * 3000);
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i++) data[i] = r() < 0.05 ? Math.floor(r() * 256) : alpha.charCodeAt(Math.floor(r() * alpha.length));
      // Plant rule heads (some broken) after line breaks.
      for (let k = 0; k < 4; k++) {
        const at = Math.floor(r() * n);
        const head = Buffer.from(`\n${stampAt(r)}${pick(r, ['', '.5', '.1234567', '.12345678', ' '])}${pick(r, ['::', ' ::', ':'])}`, 'latin1');
        head.copy(data, at);
      }
      const lit = pick(r, ['ab', 'a', 'aB<', 'type', 'rn', 'wArN\n', 'x', 'kofi12', '0']);
      const ci = r() < 0.5;
      const utf16 = r() < 0.2;
      const from0 = Math.floor(r() * 5);
      const to0 = n - Math.floor(r() * 5);
      const results = [true, false].map((simd) => {
        const s = new ByteScanner(4096, { simd });
        expect(s.simd).toBe(simd);
        s.hay.set(data);
        s.hay.fill(0x0a, n, n + 200); // what lies beyond the end must not matter
        s.setNeedle(1, asciiNeedle(lit, ci, utf16));
        s.setTriggers(LEVEL_TRIGGERS);
        const from = s.hayBase + from0;
        const to = s.hayBase + to0;
        const found = [...s.out.subarray(0, s.find(1, from, to))].map((x) => x - s.hayBase);
        const heads = [...s.out.subarray(0, s.heads(from, to, to) * HEAD_WORDS)].map((x, i) => (i % HEAD_WORDS === 0 ? x - s.hayBase : x));
        const trig = [...s.out.subarray(0, s.triggers(from, to))].map((x) => x - s.hayBase);
        return { found, heads, trig };
      });
      expect(results[0]).toEqual(results[1]);
      // And the heads' rule words are the rule head's date and time.
      const { heads } = results[0]!;
      for (let i = 0; i < heads.length; i += HEAD_WORDS) {
        const q = heads[i]!;
        const head = parseHead(data.toString('latin1', q, Math.min(n, q + 40)));
        if (heads[i + 1]! >= RULE_OK && to0 >= q + 40) {
          expect(head?.kind).toBe('rule');
          const t = head!.time!;
          expect(heads[i + 1]! - RULE_OK).toBe(Number(t.slice(0, 4) + t.slice(5, 7) + t.slice(8, 10)));
          expect(heads[i + 2]).toBe(Number(t.slice(11, 13)) * 3600 + Number(t.slice(14, 16)) * 60 + Number(t.slice(17, 19)));
        }
      }
    }
  });

  it('list only the line starts after newlines before stop, though a round reads past it', () => {
    for (const simd of [true, false]) {
      const s = new ByteScanner(4096, { simd });
      s.hay.set(Buffer.from('\n1'.repeat(100), 'latin1'));
      const k = s.heads(s.hayBase, s.hayBase + 10, s.hayBase + 150);
      expect([...s.out.subarray(0, k * HEAD_WORDS)].filter((_, i) => i % HEAD_WORDS === 0).map((x) => x - s.hayBase)).toEqual([1, 3, 5, 7, 9]);
    }
  });

  it('finds a needle case-insensitively in ASCII only, and exactly when asked', () => {
    const s = new ByteScanner(4096);
    s.hay.set(Buffer.from('xx AOBrien aobrien aobrieN aobri\u00e9n', 'latin1'));
    s.setNeedle(0, asciiNeedle('aobrien', true));
    expect([...s.out.subarray(0, s.find(0, s.hayBase, s.hayBase + 34))].map((x) => x - s.hayBase)).toEqual([3, 11, 19]);
    s.setNeedle(0, asciiNeedle('aobrien', false));
    expect([...s.out.subarray(0, s.find(0, s.hayBase, s.hayBase + 34))].map((x) => x - s.hayBase)).toEqual([11]);
  });
});

describe('byte-level line heads', () => {
  it('decide like parseHead on the line runLines gives, in UTF-8 and ANSI', () => {
    const r = rng(9 * ROUNDS);
    for (let i = 0; i < 4000 * ROUNDS; i++) {
      const line = r() < 0.7 ? headLine(r) : continuation(r);
      const eol = pick(r, ['\r\n', '\n', '']);
      for (const bytes of [Buffer.from(line + eol, 'utf8'), cp1252(line + eol)]) {
        const [exact] = runLines({ mode: 'bit8', offset: 0, text: bytes.toString('latin1'), ascii: false });
        const want = exact ? parseHead(exact.text)?.kind ?? null : null;
        expect({ line, got: headKindBytes(bytes, 0, bytes.length) }).toEqual({ line, got: want });
      }
    }
  });
});

describe('level triggers', () => {
  const err = new RegExp(ERROR_PATTERN_SOURCE, 'i');
  const warn = new RegExp(WARNING_PATTERN_SOURCE, 'i');
  const hasTrigger = (s: string) => LEVEL_TRIGGERS.some((t) => s.toLowerCase().includes(t));

  it('are in every match of each alternative of the level patterns', () => {
    const examples = [
      'Cannot create mailbox for x', 'CANNOT CONNECT to EXCH01', 'Errors from Service Result:', 'it failed', 'FAIL',
      'Failure', 'fails', 'ManagementObjectNotFoundException', 'exception', 'an error occurred', 'FATAL', 'FullyQualifiedErrorId',
      'non-zero exit code 1', 'type="3"', 'a warning', 'WARN', 'warns', 'type="2"',
    ];
    for (const e of examples) {
      expect(err.test(e) || warn.test(e), e).toBe(true);
      expect(hasTrigger(e), e).toBe(true);
    }
    // Each (top-level) alternative of the sources is covered by an example above.
    const alternatives = (src: string) => {
      const out = [''];
      let depth = 0;
      for (let i = 0; i < src.length; i++) {
        const c = src[i]!;
        if (c === '\\') {
          out[out.length - 1] += c + src[++i];
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth--;
        if (c === '|' && depth === 0) out.push('');
        else out[out.length - 1] += c;
      }
      return out;
    };
    expect(alternatives(ERROR_PATTERN_SOURCE).length).toBeGreaterThan(10);
    for (const alt of [...alternatives(ERROR_PATTERN_SOURCE), ...alternatives(WARNING_PATTERN_SOURCE)]) {
      const re = new RegExp(alt, 'i');
      expect(examples.some((e) => re.test(e)), alt).toBe(true);
    }
  });

  it('are in every match on random text made of the patterns\' pieces', () => {
    const r = rng(17);
    const bits = ['can', 'not', ' ', 'cre', 'ate', 'mail', 'box', 'con', 'nect', 'err', 'or', 's', 'fa', 'il', 'ed', 'ure', 'tal', 'ex', 'cep', 'tion', 'war', 'n', 'ing', 'type="', '3', '2', '"', 'non-', 'zero', ' exit code', 'fully', 'qualified', 'id', 'from', 'service', 'result', 'x', '_', 'É'];
    for (let i = 0; i < 20000; i++) {
      let s = '';
      for (let k = Math.floor(r() * 8); k >= 0; k--) {
        const b = pick(r, bits);
        s += r() < 0.3 ? b.toUpperCase() : b;
      }
      if (err.test(s) || warn.test(s)) expect(hasTrigger(s), s).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------------------------

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
        const path = await writeRandom(`idx-${simd}-${i}.log`, r, enc, 20 + Math.floor(r() * 150));
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

// ---------------------------------------------------------------------------------------------

async function expectSearchMatchesParse(path: string, spec: LogFilter, chunk: number): Promise<number> {
  const filter = compileFilter(spec);
  const { entries } = await parseFile(path);
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
        const path = await writeRandom(`s-${simd}-${i}.log`, r, enc, 20 + Math.floor(r() * 150));
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
    const path = await writeRandom('stop.log', r, 'utf8', 400);
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

describe('lazy line splitting', () => {
  it('gives the same runs and lines as eager splitting', () => {
    const r = rng(8);
    for (let i = 0; i < 50; i++) {
      const bytes = encode(r, ENCODINGS[i % ENCODINGS.length]!, 40);
      const lines = (lazy: boolean) => {
        const sp = new LineSplitter(0, null, lazy);
        const runs = sp.push(bytes);
        sp.flush(runs);
        return runs.flatMap((run) => runLines(run));
      };
      expect(lines(true)).toEqual(lines(false));
    }
  });
});
