/**
 * Bytes -> runs of complete lines, with the encoding detected per file and per appended chunk.
 *
 * Two byte modes: 8-bit (UTF-8, UTF-8 with BOM, windows-1252: the line terminator is 0x0A) and UTF-16LE
 * (terminator 0A 00 on an even offset from where the UTF-16 segment began). Detection:
 *   - at the start (or after an encoding switch): a BOM (FF FE / EF BB BF), else NUL bytes => UTF-16LE;
 *   - in 8-bit mode a NUL byte means Windows PowerShell 5.1 `Out-File -Append` started writing UTF-16LE
 *     onto the file; the segment starts at the byte before the first NUL (a partial 8-bit line before it
 *     becomes a line of its own); a BOM right after a line break switches too;
 *   - in UTF-16 mode a line whose first four bytes are all printable ASCII (no NUL) switches back to 8-bit.
 * A run's text is decoded cheaply (latin1 for 8-bit, so char i = byte offset + i; utf16le, so char i =
 * byte offset + 2i). `runLines` turns a run into exactly decoded lines: an 8-bit line with bytes >= 0x80 is
 * UTF-8 when it is valid UTF-8, else windows-1252 (the tally keeps the byte offset of the first invalid UTF-8
 * sequence for a warning). Partial last lines stay pending until completed
 * (or `flush`ed at the end of a file that will not grow).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { firstInvalidUtf8, latin1ToCp1252 } from '../../../shared/encoding';
import type { LogLine } from '../../../shared/logs/parse';
import type { LogEncoding } from '../../../shared/logs/schemas';

export { latin1ToCp1252 };

export type ByteMode = 'bit8' | 'utf16le';

export interface Run {
  mode: ByteMode;
  /** Byte offset of text[0]. */
  offset: number;
  /** Complete lines (terminators included) decoded as latin1 (8-bit) or utf16le. */
  text: string;
  /** For 8-bit runs: every byte is ASCII, so `text` is already exact. */
  ascii: boolean;
  /**
   * For 8-bit runs of a lazy splitter: the run's bytes, a view of the pushed chunk (valid only until the
   * caller reuses that buffer; `text` is decoded from them on first use, so read it before that too).
   */
  bytes?: Buffer;
}

/** An 8-bit run over `bytes` that decodes `text` (latin1) and checks `ascii` only when asked. */
export function bytesRun(offset: number, bytes: Buffer): Run {
  let text: string | null = null;
  let ascii: boolean | null = null;
  return {
    mode: 'bit8',
    offset,
    bytes,
    get ascii(): boolean {
      if (ascii === null) ascii = isAscii(bytes);
      return ascii;
    },
    get text(): string {
      if (text === null) text = bytes.toString('latin1');
      return text;
    },
  };
}

const NL16 = Buffer.from([0x0a, 0x00]);
export function charWidth(mode: ByteMode): 1 | 2 {
  return mode === 'utf16le' ? 2 : 1;
}

/** Encodings seen so far, summarised for display. */
export class EncodingTally {
  bom8 = false;
  utf8 = false;
  ansi = false;
  utf16 = false;
  bytes8 = false;
  /** Byte offset of the first invalid UTF-8 sequence seen (its line is read as windows-1252). */
  invalidUtf8At: number | null = null;

  summary(): LogEncoding {
    if (this.utf16 && this.bytes8) return 'mixed';
    if (this.utf16) return 'utf-16le';
    if (!this.bytes8) return 'empty';
    if (this.ansi && this.utf8) return 'mixed';
    if (this.ansi) return 'windows-1252';
    return this.bom8 ? 'utf-8-bom' : 'utf-8';
  }
}

/** The warning for bytes that are not UTF-8 (null when every 8-bit line was UTF-8 or ASCII). */
export function encodingWarning(tally: EncodingTally, path: string): string | null {
  if (tally.invalidUtf8At === null) return null;
  return `${path} is not valid UTF-8 from byte offset ${tally.invalidUtf8At} on (the first invalid sequence); lines holding such bytes are read as windows-1252. If the file is UTF-8, it is damaged there.`;
}

function printable(b: number | undefined): boolean {
  return b !== undefined && b >= 0x09 && b <= 0x7e;
}

/** Guesses the byte mode and a line-aligned start for reading from `offset` in the middle of a file. */
export function sniffMode(sample: Buffer, offset: number): { mode: ByteMode; skip: number } {
  if (offset === 0) {
    if (sample[0] === 0xff && sample[1] === 0xfe) return { mode: 'utf16le', skip: 0 };
    if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { mode: 'bit8', skip: 0 };
  }
  // Look at the last 4 KB: a mixed file's tail tells what is being written now.
  const from = Math.max(0, sample.length - 4096);
  let even = 0;
  let odd = 0;
  for (let i = from; i < sample.length; i++) {
    if (sample[i] === 0) {
      if ((offset + i) % 2 === 0) even++;
      else odd++;
    }
  }
  const n = sample.length - from;
  if (n > 0 && (even + odd) / n > 0.1) {
    // ASCII in UTF-16LE puts the NUL at the odd byte of each code unit (relative to the segment start).
    const segParity = odd >= even ? 0 : 1;
    return { mode: 'utf16le', skip: (offset + segParity) % 2 === 0 ? 0 : 1 };
  }
  return { mode: 'bit8', skip: 0 };
}

export class LineSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private pendingOffset: number;
  private modeNow: ByteMode | null;
  /** True while at the very start of a file (BOM allowed, sniffing needed). */
  readonly tally = new EncodingTally();

  /**
   * `lazy`: 8-bit runs carry their bytes (a view of the pushed chunk) and work out `text` and `ascii` only
   * when asked (the byte-level index and search never ask for most of it); the tally then does not tell
   * UTF-8 from ANSI.
   */
  constructor(startOffset = 0, mode: ByteMode | null = null, private readonly lazy = false) {
    this.pendingOffset = startOffset;
    this.modeNow = mode;
  }

  /** The bytes held back (a partial last line), from `consumed` on. */
  pendingView(): Buffer {
    return this.pending;
  }

  /**
   * Forgets the pending bytes: the caller pushes them again itself, right before the next chunk (e.g. read
   * into the same buffer), instead of having them concatenated to it. `nextOffset` becomes `consumed`.
   */
  rewind(): void {
    this.pending = Buffer.alloc(0);
  }

  /** Byte offset just after the last complete line handed out. */
  get consumed(): number {
    return this.pendingOffset;
  }

  /** Byte offset the next pushed chunk must start at. */
  get nextOffset(): number {
    return this.pendingOffset + this.pending.length;
  }

  get mode(): ByteMode | null {
    return this.modeNow;
  }

  get pendingBytes(): number {
    return this.pending.length;
  }

  push(chunk: Buffer, out: Run[] = []): Run[] {
    const buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.process(buf, false, out);
    return out;
  }

  /** The end of input: a partial last line becomes a line. */
  flush(out: Run[] = []): Run[] {
    if (this.pending.length) this.process(this.pending, true, out);
    return out;
  }

  private process(buf: Buffer, final: boolean, out: Run[]): void {
    const base = this.pendingOffset;
    let pos = 0;
    const n = buf.length;
    while (pos < n) {
      const mode = this.modeNow;
      if (mode === null) {
        if (!final && n - pos < 3) break;
        if (buf[pos] === 0xff && buf[pos + 1] === 0xfe) {
          this.modeNow = 'utf16le';
          this.tally.utf16 = true;
          pos += 2;
          continue;
        }
        if (buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) {
          this.modeNow = 'bit8';
          this.tally.bom8 = true;
          pos += 3;
          continue;
        }
        const probe = buf.subarray(pos, Math.min(n, pos + 512));
        let zeros = 0;
        for (const b of probe) if (b === 0) zeros++;
        this.modeNow = zeros > 0 && zeros >= probe.length / 8 ? 'utf16le' : 'bit8';
        continue;
      }
      if (mode === 'bit8') {
        // BOM at a line start (a file recreated by a writer that appends with a preamble).
        if (buf[pos] === 0xff && buf[pos + 1] === 0xfe) {
          this.modeNow = 'utf16le';
          this.tally.utf16 = true;
          pos += 2;
          continue;
        }
        // A UTF-8 BOM is skipped at the file's start only; elsewhere it stays in its line (runLines drops the
        // U+FEFF, the offset stays on the BOM), wherever the chunks happen to begin.
        if (base + pos === 0 && buf[pos] === 0xef && buf[pos + 1] === 0xbb && buf[pos + 2] === 0xbf) {
          this.tally.bom8 = true;
          pos += 3;
          continue;
        }
        if (!final && n - pos < 3 && (buf[pos] === 0xff || buf[pos] === 0xef)) break;
        const zero = buf.indexOf(0, pos);
        let limit = zero >= 0 ? Math.max(pos, zero - 1) : n;
        // A BOM right after a line break switches encoding too.
        const bom16 = indexOfBomAfterNl(buf, pos, limit);
        if (bom16 >= 0) limit = bom16;
        const lastNl = limit > pos ? buf.lastIndexOf(0x0a, limit - 1) : -1;
        let end = lastNl >= pos ? lastNl + 1 : pos;
        if (limit < n && end < limit) {
          // Encoding switches inside a line: the 8-bit part becomes a line of its own.
          end = limit;
        }
        if (final && limit === n) end = n;
        if (end > pos) {
          const slice = buf.subarray(pos, end);
          this.tally.bytes8 = true;
          if (this.lazy) out.push(bytesRun(base + pos, slice));
          else {
            const ascii = isAscii(slice);
            if (!ascii) {
              if (isUtf8(slice)) this.tally.utf8 = true;
              else {
                this.tally.ansi = true;
                this.tally.invalidUtf8At ??= base + pos + firstInvalidUtf8(slice);
              }
            }
            out.push({ mode: 'bit8', offset: base + pos, text: slice.toString('latin1'), ascii });
          }
          pos = end;
        }
        if (limit < n && pos === limit) {
          if (zero >= 0 && limit === Math.max(pos, zero - 1) && bom16 < 0) {
            this.modeNow = 'utf16le';
            this.tally.utf16 = true;
          }
          continue;
        }
        break;
      }
      // UTF-16LE
      if (n - pos < 4 && !final) break;
      if (buf[pos] === 0xff && buf[pos + 1] === 0xfe) {
        pos += 2;
        continue;
      }
      if (printable(buf[pos]) && printable(buf[pos + 1]) && printable(buf[pos + 2]) && printable(buf[pos + 3])) {
        this.modeNow = 'bit8';
        continue;
      }
      // Complete lines: up to the last aligned 0A 00.
      let last = buf.lastIndexOf(NL16, n - 2);
      while (last >= pos && (last - pos) % 2 !== 0) last = last > 0 ? buf.lastIndexOf(NL16, last - 1) : -1;
      let end = last >= pos ? last + 2 : pos;
      if (final) end = n - ((n - pos) % 2);
      if (end <= pos) {
        if (final) pos = n;
        break;
      }
      let text = buf.toString('utf16le', pos, end);
      // An 8-bit line after a UTF-16 line: cut the run there.
      let cut = -1;
      for (let i = text.indexOf('\n'); i >= 0 && i + 2 < text.length; i = text.indexOf('\n', i + 1)) {
        const a = text.charCodeAt(i + 1);
        const b = text.charCodeAt(i + 2);
        if (printable(a & 0xff) && printable(a >> 8) && printable(b & 0xff) && printable(b >> 8)) {
          cut = i + 1;
          break;
        }
        if (a === 0xfeff) {
          cut = i + 1;
          break;
        }
      }
      if (cut >= 0) {
        text = text.slice(0, cut);
        end = pos + cut * 2;
      }
      this.tally.utf16 = true;
      out.push({ mode: 'utf16le', offset: base + pos, text, ascii: false });
      pos = end;
    }
    if (final) pos = n;
    this.pendingOffset = base + pos;
    this.pending = pos >= n ? Buffer.alloc(0) : Buffer.from(buf.subarray(pos));
  }
}

function indexOfBomAfterNl(buf: Buffer, from: number, to: number): number {
  let i = buf.indexOf(0xff, from);
  while (i >= 0 && i < to) {
    if (i > from && buf[i - 1] === 0x0a && buf[i + 1] === 0xfe) return i;
    i = buf.indexOf(0xff, i + 1);
  }
  return -1;
}

/** Exact text of an 8-bit line given its latin1 decoding (node's SIMD isUtf8 on this hot path; the rules are shared/encoding.ts's). */
export function decode8(latin1: string): string {
  if (!/[\x80-\xff]/.test(latin1)) return latin1;
  const bytes = Buffer.from(latin1, 'latin1');
  return isUtf8(bytes) ? bytes.toString('utf8') : latin1ToCp1252(latin1);
}

/** The run's lines [fromChar, toChar), exactly decoded, with byte offsets. Drops a final empty segment. */
export function runLines(run: Run, fromChar = 0, toChar = run.text.length, out: LogLine[] = []): LogLine[] {
  const w = charWidth(run.mode);
  const t = run.text;
  let pos = fromChar;
  while (pos < toChar) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0 || nl >= toChar) nl = toChar;
    const end = nl > pos && t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let text = t.slice(pos, end);
    if (run.mode === 'bit8' && !run.ascii) text = decode8(text);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    out.push({ offset: run.offset + pos * w, text });
    pos = nl + 1;
  }
  return out;
}
