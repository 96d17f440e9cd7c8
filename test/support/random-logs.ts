/**
 * Random log text for the fuzz tests of the byte-level fast paths (index, search, line heads): every head
 * kind, near-heads, BOMs and non-breaking spaces at line starts, multi-line XML entries, failure phrases in
 * any case, in UTF-8, UTF-8 with BOM, ANSI, UTF-16LE and mixed encodings. Deterministic for a seed.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function cp1252(s: string): Buffer {
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

export function pick<T>(r: () => number, xs: readonly T[]): T {
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

export function stampAt(r: () => number): string {
  const d = 1 + Math.floor(r() * 28);
  return `2025-03-${p2(d)} ${p2(Math.floor(r() * 24))}:${p2(Math.floor(r() * 60))}:${p2(Math.floor(r() * 60))}`;
}

/** A line that starts an entry (or looks like it might). */
export function headLine(r: () => number): string {
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

export function continuation(r: () => number): string {
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

export function randomText(r: () => number, entries: number): string {
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

export type Enc = 'utf8' | 'utf8bom' | 'ansi' | 'utf16' | 'mixed';

export function encode(r: () => number, enc: Enc, entries: number): Buffer {
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

export async function writeRandom(dir: string, name: string, r: () => number, enc: Enc, entries: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encode(r, enc, entries));
  return path;
}

export const ENCODINGS: Enc[] = ['utf8', 'utf8bom', 'ansi', 'utf16', 'mixed'];
/** More random rounds (and other seeds) for a soak run: HMC_LOGS_FAST_ROUNDS=20. */
export const ROUNDS = Number(process.env.HMC_LOGS_FAST_ROUNDS ?? 1);
