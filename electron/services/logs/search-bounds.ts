/**
 * Where entries begin and end around a search hit, in a run of complete lines: on the bytes of 8-bit text
 * (mem[A, A + n), positions relative to A) or in decoded UTF-16 text. An entry starts at a line with a
 * recognised head (as the entry assembler decides), never before `done` (what was delivered already).
 */
import { headKindAt } from '../../../shared/logs/parse';
import { headKindBytes, lineEndAt } from './heads';
import { OUT_MAX, type ByteScanner } from './simd';

/** How far back (bytes, or characters of decoded text) the start of an unfinished entry is looked for. */
export const MAX_CARRY = 16 * 1024 * 1024;

export interface Span {
  start: number;
  end: number;
}

/** The hits of the scanner's needle (slot 0) in mem[A, A + n), in order, found a batch at a time. */
export class ByteHits {
  private readonly hits: number[] = [];
  private next = 0;
  private searchFrom = 0;
  private exhausted: boolean;

  /** `all`: every position counts as a hit (the run holds a character whose lower case is the needle's ASCII). */
  constructor(
    private readonly sc: ByteScanner,
    private readonly A: number,
    private readonly n: number,
    private readonly all: boolean,
  ) {
    this.exhausted = all;
  }

  /** The first hit at or after `min`, or -1. */
  first(min: number): number {
    if (this.all) return min < this.n ? min : -1;
    for (;;) {
      while (this.next < this.hits.length) {
        const h = this.hits[this.next++]!;
        if (h >= min) return h;
      }
      if (this.exhausted) return -1;
      const k = this.sc.find(0, this.A + Math.max(this.searchFrom, min), this.A + this.n);
      this.hits.length = 0;
      this.next = 0;
      for (let i = 0; i < k; i++) this.hits.push(this.sc.out[i]! - this.A);
      if (k < OUT_MAX) this.exhausted = true;
      this.searchFrom = k ? this.hits[k - 1]! + 1 : this.n;
      if (!k) return -1;
    }
  }
}

/** Line starts and heads of the 8-bit run mem[A, A + n). */
class ByteLines {
  constructor(
    private readonly mem: Buffer,
    private readonly A: number,
    private readonly n: number,
  ) {}

  isHead(rel: number): boolean {
    return headKindBytes(this.mem, this.A + rel, this.A + this.n) !== null;
  }

  /** The start of the line before the one starting at `rel` (0 at the run's start). */
  lineBefore(rel: number): number {
    const nl = rel >= 2 ? this.mem.lastIndexOf(10, this.A + rel - 2) : -1;
    return nl < this.A ? 0 : nl + 1 - this.A;
  }

  /** The start of the line after the one holding `rel` (n at the run's end). */
  lineAfter(rel: number): number {
    return lineEndAt(this.mem, this.A + rel, this.A + this.n) + 1 - this.A;
  }
}

/** The entry holding a hit at h: back to the nearest line that starts one (not before `done`), on to the next. */
export function byteEntryAround(mem: Buffer, A: number, n: number, h: number, done: number): Span {
  const lines = new ByteLines(mem, A, n);
  let start = h === 0 ? 0 : mem.lastIndexOf(10, A + h - 1) + 1 - A;
  if (start < 0) start = 0;
  while (start > done && !lines.isHead(start)) start = lines.lineBefore(start);
  if (start < done) start = done;
  let end = lines.lineAfter(h);
  while (end < n && !lines.isHead(end)) end = lines.lineAfter(end);
  return { start, end: Math.min(end, n) };
}

/** Where the run's last entry starts (it may go on in the next chunk); a huge one is cut at its last line. */
export function byteCarryStart(mem: Buffer, A: number, n: number, done: number): number {
  const lines = new ByteLines(mem, A, n);
  const lastLine = lines.lineBefore(n);
  const floor = Math.max(done, n - MAX_CARRY);
  let start = lastLine;
  while (start > floor && !lines.isHead(start)) start = lines.lineBefore(start);
  return start < floor || !lines.isHead(start) ? Math.max(lastLine, done) : start;
}

/** A line that starts an entry in decoded text (a BOM at the line start is dropped by runLines). */
export function headAtText(t: string, pos: number): boolean {
  return headKindAt(t, t.charCodeAt(pos) === 0xfeff ? pos + 1 : pos) !== null;
}

/** byteEntryAround for decoded text. */
export function textEntryAround(t: string, h: number, done: number): Span {
  const n = t.length;
  let start = t.lastIndexOf('\n', h - 1) + 1;
  while (start > done && !headAtText(t, start)) start = t.lastIndexOf('\n', start - 2) + 1;
  if (start < done) start = done;
  let end = t.indexOf('\n', h);
  end = end < 0 ? n : end + 1;
  while (end < n && !headAtText(t, end)) {
    const nl = t.indexOf('\n', end);
    end = nl < 0 ? n : nl + 1;
  }
  return { start, end };
}

/** byteCarryStart for decoded text. */
export function textCarryStart(t: string, done: number): number {
  const n = t.length;
  let start = t.lastIndexOf('\n', n - 2) + 1;
  const floor = Math.max(done, n - MAX_CARRY);
  const lastLine = Math.max(start, done);
  while (start > floor && !headAtText(t, start)) start = t.lastIndexOf('\n', start - 2) + 1;
  return start < floor || !headAtText(t, start) ? lastLine : start;
}
