/**
 * Line heads read on the bytes of 8-bit text (UTF-8, ANSI), exactly as `runLines` + `parseHead` would see
 * the decoded line, mostly without decoding it: the index and search find entry starts this way.
 */
import { headKindAt, type LineHead } from '../../../shared/logs/parse';
import { decode8 } from './lines';

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 48 && c <= 57;
}

/**
 * Length of the rules' head `yyyy-MM-dd HH:mm:ss[.f{1,7}][ ]::` at `q` (bytes before `limit`), or 0.
 * Byte-exact twin of RULE_HEAD: every byte it accepts is ASCII, which reads the same in any 8-bit decoding.
 */
export function ruleHeadLength(b: Uint8Array, q: number, limit: number): number {
  if (q + 21 > limit) return 0;
  if (
    !isDigit(b[q]) || !isDigit(b[q + 1]) || !isDigit(b[q + 2]) || !isDigit(b[q + 3]) || b[q + 4] !== 45 ||
    !isDigit(b[q + 5]) || !isDigit(b[q + 6]) || b[q + 7] !== 45 || !isDigit(b[q + 8]) || !isDigit(b[q + 9]) ||
    b[q + 10] !== 32 || !isDigit(b[q + 11]) || !isDigit(b[q + 12]) || b[q + 13] !== 58 || !isDigit(b[q + 14]) ||
    !isDigit(b[q + 15]) || b[q + 16] !== 58 || !isDigit(b[q + 17]) || !isDigit(b[q + 18])
  ) {
    return 0;
  }
  let i = q + 19;
  if (b[i] === 46 /* . */) {
    let k = i + 1;
    while (k < limit && k - i <= 8 && isDigit(b[k])) k++;
    const digits = k - i - 1;
    if (digits < 1 || digits > 7) return 0;
    i = k;
  }
  if (i < limit && b[i] === 32) i++;
  return i + 2 <= limit && b[i] === 58 && b[i + 1] === 58 ? i + 2 - q : 0;
}

/** Index of the '\n' ending the line at `q`, or `limit`. */
export function lineEndAt(b: Buffer, q: number, limit: number): number {
  const nl = b.indexOf(10, q);
  return nl < 0 || nl >= limit ? limit : nl;
}

/** The exact text of the 8-bit line at `q` (as `runLines` gives it: no terminator, decoded, no leading BOM). */
export function lineTextAt(b: Buffer, q: number, limit: number): string {
  const le = lineEndAt(b, q, limit);
  const end = le > q && b[le - 1] === 13 ? le - 1 : le;
  let text = decode8(b.toString('latin1', q, end));
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

const HEAD_WINDOW = 48;

/**
 * The head kind of the 8-bit line starting at `q` (data ends at `limit`), exactly as
 * `parseHead(line.text)` decides on the line `runLines` would give, mostly without decoding it: a head is
 * decided within its first 40 characters or so, so an ASCII window of HEAD_WINDOW bytes suffices (a line
 * with other bytes there is decoded whole).
 */
export function headKindBytes(b: Buffer, q: number, limit: number): LineHead['kind'] | null {
  if (q >= limit) return null;
  const c = b[q]!;
  if (c === 60 /* < */) {
    return q + 7 <= limit && b[q + 1] === 33 && b[q + 2] === 91 && b[q + 3] === 76 && b[q + 4] === 79 && b[q + 5] === 71 && b[q + 6] === 91
      ? 'cmtrace'
      : null;
  }
  if (isDigit(c)) {
    if (ruleHeadLength(b, q, limit)) return 'rule';
  } else if (c !== 91 /* [ */ && c !== 0xef) {
    return null;
  }
  const stop = Math.min(limit, q + HEAD_WINDOW);
  let e = q;
  let ascii = c < 0x80;
  while (e < stop && b[e] !== 10) {
    if (b[e]! >= 0x80) ascii = false;
    e++;
  }
  if (!ascii) return headKindAt(lineTextAt(b, q, limit), 0);
  const whole = e < stop || e === limit;
  const end = whole && e > q && b[e - 1] === 13 ? e - 1 : e;
  return headKindAt(b.toString('latin1', q, end), 0);
}
