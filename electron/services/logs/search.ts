/**
 * Streaming search over files. With a literal (a user or plain text) the file is scanned for an anchor of it
 * first and only the entries holding a hit are parsed; otherwise every entry is parsed and tested.
 * Chunks carry the last (possibly unfinished) entry over to the next, so an entry is never cut.
 *
 * The anchor is the literal's longest run of ASCII characters without line breaks (lower-cased when the
 * filter ignores case): every entry the filter accepts contains it, in the same bytes in UTF-8 and ANSI
 * (ASCII reads the same in both), and case-insensitively ASCII-only: `toLowerCase()` gives ASCII only for
 * ASCII letters and for U+212A (K) and U+0130 (I with a dot), so a chunk holding one of those two where
 * the anchor has a 'k'/'i' has all its entries parsed. 8-bit text is scanned on its bytes (a SIMD kernel,
 * simd.ts) and decoded only around hits; UTF-16 runs are decoded and scanned as text. Literals without an
 * ASCII character are searched the slow way.
 */
import { EntryAssembler, parseHead, type LogLine, type ParsedEntry } from '../../../shared/logs/parse';
import { compileFilter, type CompiledFilter } from '../../../shared/logs/filter';
import { searchAroundHits } from './search-user';
import { searchByParsing } from './search-parse';
import { LineSplitter, bytesRun, runLines, type ByteMode, type Run } from './lines';
import { CHUNK, ChunkPump, openFile, type PumpedChunk } from './reader';
import { MAX_CARRY, ByteHits, byteCarryStart, byteEntryAround, textCarryStart, textEntryAround } from './search-bounds';
import { ByteScanner, asciiNeedle } from './simd';

const ANCHOR_MAX = 32;
const KELVIN8 = Buffer.from('\u212a', 'utf8');
const IDOT8 = Buffer.from('\u0130', 'utf8');

export interface FileSearchResult {
  bytes: number;
  stopped: boolean;
}

export type OnMatch = (e: ParsedEntry) => boolean | void;

/** A byte range of a file and the byte mode in force at its start (an index's filtered view). */
export interface SearchRange {
  start: number;
  end: number;
  mode: ByteMode | null;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The part of a literal to scan for: its longest run of ASCII characters other than CR/LF (at most
 * ANCHOR_MAX of them), lower-cased first when case is ignored; null when it has none.
 */
export function literalAnchor(literal: string, caseSensitive: boolean): string | null {
  const s = caseSensitive ? literal : literal.toLowerCase();
  let best = '';
  // eslint-disable-next-line no-control-regex
  for (const m of s.matchAll(/[\x00-\x09\x0b\x0c\x0e-\x7f]+/g)) if (m[0].length > best.length) best = m[0];
  return best ? best.slice(0, ANCHOR_MAX) : null;
}

/**
 * Calls `onMatch` for each matching entry of one file, in file order; `onMatch` returning false stops.
 */
export async function searchFile(
  path: string,
  filter: CompiledFilter,
  onMatch: OnMatch,
  signal?: AbortSignal,
  range?: SearchRange,
  opts: { chunk?: number } = {},
): Promise<FileSearchResult> {
  const anchor = filter.literal ? literalAnchor(filter.literal, filter.literalCaseSensitive) : null;
  if (!anchor) return searchByParsing(path, filter, onMatch, signal, range);
  const user = filter.spec.user?.trim();
  if (user) {
    // The user's entries are their runs' (search-user.ts): the byte scan finds the lines naming them, the
    // bytes around those are read run by run.
    const hits: number[] = [];
    const scan = await new AnchoredSearch(compileFilter({ user }), anchor, (e) => {
      hits.push(e.offset);
    }, signal, opts.chunk ?? CHUNK).run(path, range);
    if (!hits.length) return { bytes: scan.bytes, stopped: false };
    const r = await searchAroundHits(path, filter, hits, { start: range?.start ?? 0, end: range?.end ?? Infinity }, onMatch, signal, () =>
      searchByParsing(path, filter, onMatch, signal, range),
    );
    return { bytes: scan.bytes, stopped: r.stopped };
  }
  return new AnchoredSearch(filter, anchor, onMatch, signal, opts.chunk ?? CHUNK).run(path, range);
}


/** Whether a chunk can be scanned straight on its bytes: all 8-bit, as LineSplitter would make of it in one run. */
function plainBytes(view: Buffer, offset: number, mode: ByteMode | null): boolean {
  if (mode !== 'bit8' && !(mode === null && offset === 0)) return false;
  const b0 = view[0];
  const bom = (b0 === 0xff && view[1] === 0xfe) || (offset === 0 && b0 === 0xef && view[1] === 0xbb && view[2] === 0xbf);
  return !bom && view.indexOf(0) < 0 && !bom16AfterNl(view);
}

/** One file searched for an anchor: chunk by chunk, hits found on the bytes (or text), entries parsed around them. */
class AnchoredSearch {
  private stopped = false;
  private readonly asm = new EntryAssembler();
  private readonly lines: LogLine[] = [];
  private readonly entries: ParsedEntry[] = [];
  private readonly sc: ByteScanner;
  private readonly textNeedle: RegExp;
  /** The anchor has a letter another script's character lower-cases to (Kelvin sign, dotted I). */
  private readonly rareK: boolean;
  private readonly rareI: boolean;

  constructor(
    private readonly filter: CompiledFilter,
    anchor: string,
    private readonly onMatch: OnMatch,
    private readonly signal: AbortSignal | undefined,
    private readonly chunk: number,
  ) {
    const cs = filter.literalCaseSensitive;
    this.rareK = !cs && anchor.includes('k');
    this.rareI = !cs && anchor.includes('i');
    this.textNeedle = new RegExp(escapeRe(anchor), cs ? 'g' : 'gi');
    this.sc = new ByteScanner(4 * chunk);
    this.sc.setNeedle(0, asciiNeedle(anchor, !cs));
  }

  private get done(): boolean {
    return this.stopped || Boolean(this.signal?.aborted);
  }

  async run(path: string, range?: SearchRange): Promise<FileSearchResult> {
    const fh = await openFile(path);
    let pump: ChunkPump | null = null;
    try {
      const start = range?.start ?? 0;
      const size = Math.min((await fh.stat()).size, range?.end ?? Infinity);
      pump = new ChunkPump(fh, this.sc, start, size, this.chunk);
      return { bytes: await this.scanChunks(pump, start, range?.mode ?? null), stopped: this.stopped };
    } finally {
      await pump?.drain();
      await fh.close();
    }
  }

  /** Returns the bytes covered. */
  private async scanChunks(pump: ChunkPump, start: number, startMode: ByteMode | null): Promise<number> {
    let mode = startMode;
    let carry: Buffer | null = null;
    let bytes = 0;
    while (!this.done) {
      const ch = await pump.next(carry);
      if (!ch) break;
      const r = this.scanChunk(ch, mode);
      mode = r.mode;
      bytes = Math.max(bytes, ch.offset + ch.len - start);
      if (ch.final) break;
      carry = this.sc.mem.subarray(ch.addr + (r.next - ch.offset), ch.addr + ch.len);
    }
    return bytes;
  }

  /** One chunk: returns the file offset the next chunk must start at (what to carry) and the mode there. */
  private scanChunk(ch: PumpedChunk, mode: ByteMode | null): { next: number; mode: ByteMode | null } {
    const { addr, len, offset, final } = ch;
    const view = this.sc.mem.subarray(addr, addr + len);
    if (plainBytes(view, offset, mode)) {
      const stop = final ? len : view.lastIndexOf(10) + 1;
      const next = stop > 0 ? (this.scanBytes(addr, stop, offset, final) ?? offset + stop) : offset + stop;
      return { next, mode: 'bit8' };
    }
    const sp = new LineSplitter(offset, mode, true);
    const runs = sp.push(view);
    if (final) sp.flush(runs);
    const merged = mergeRuns(runs);
    if (merged.length === 1) {
      const run = merged[0]!;
      if (run.mode === 'bit8') {
        const left = this.scanBytes(this.sc.place(run.bytes!), run.bytes!.length, run.offset, final);
        return { next: left ?? run.offset + run.bytes!.length, mode: run.mode };
      }
      return { next: this.scanText(run, final) ?? run.offset + run.text.length * 2, mode: run.mode };
    }
    if (merged.length > 1) {
      // The encoding changes within the chunk: entries may span runs.
      const left = this.scanMixed(merged, final);
      return { next: left?.offset ?? offset + len - sp.pendingBytes, mode: left?.mode ?? merged[merged.length - 1]!.mode };
    }
    return { next: offset, mode };
  }

  /** Parses the lines [fromChar, toChar) of a run as entries (one, or a few plain ones); false when stopped. */
  private deliver(run: Run, fromChar: number, toChar: number): boolean {
    this.lines.length = 0;
    this.entries.length = 0;
    this.asm.reset();
    for (const line of runLines(run, fromChar, toChar, this.lines)) this.asm.push(line, this.entries);
    return this.deliverEntries();
  }

  /** The assembled entries that match go to onMatch; false when it says stop. */
  private deliverEntries(): boolean {
    this.asm.flush(this.entries);
    for (const e of this.entries) {
      if (this.filter.matches(e) && this.onMatch(e) === false) {
        this.stopped = true;
        return false;
      }
    }
    return true;
  }

  /**
   * An 8-bit run of complete lines at mem[A, A + n) (file offset `base`). Returns the file offset to carry
   * from (an entry that may continue in the next chunk), or null when all of it is done.
   */
  private scanBytes(A: number, n: number, base: number, final: boolean): number | null {
    const mem = this.sc.mem;
    const run = mem.subarray(A, A + n);
    const all = (this.rareK && run.indexOf(KELVIN8) >= 0) || (this.rareI && run.indexOf(IDOT8) >= 0);
    const hits = new ByteHits(this.sc, A, n, all);
    let done = 0;
    for (;;) {
      if (this.done) return null;
      const h = hits.first(done);
      if (h < 0) break;
      const { start, end } = byteEntryAround(mem, A, n, h, done);
      if (end >= n && !final) return base + start;
      const entry: Run = { mode: 'bit8', offset: base + start, text: mem.toString('latin1', A + start, A + end), ascii: false };
      if (!this.deliver(entry, 0, entry.text.length)) return null;
      done = end;
    }
    if (final || done >= n) return null;
    const carry = byteCarryStart(mem, A, n, done);
    return carry >= n ? null : base + carry;
  }

  /** A decoded (UTF-16) run; like scanBytes. */
  private scanText(seg: Run, final: boolean): number | null {
    const t = seg.text;
    const n = t.length;
    const all = (this.rareK && t.includes('\u212a')) || (this.rareI && t.includes('\u0130'));
    const needle = this.textNeedle;
    let done = 0;
    needle.lastIndex = 0;
    for (;;) {
      if (this.done) return null;
      let h: number;
      if (all) {
        if (done >= n) break;
        h = done;
      } else {
        const m = needle.exec(t);
        if (!m) break;
        h = m.index;
      }
      const { start, end } = textEntryAround(t, h, done);
      if (end >= n && !final) return seg.offset + start * 2;
      if (!this.deliver(seg, start, end)) return null;
      done = end;
      needle.lastIndex = end;
    }
    if (final || done >= n) return null;
    const carry = textCarryStart(t, done);
    return carry >= n ? null : seg.offset + carry * 2;
  }

  /** Whether a decoded line holds the anchor (or a character that lower-cases to part of it). */
  private lineHits(t: string): boolean {
    this.textNeedle.lastIndex = 0;
    return this.textNeedle.test(t) || (this.rareK && t.includes('\u212a')) || (this.rareI && t.includes('\u0130'));
  }

  /**
   * Runs of several encodings (where a file switches): every line decoded and checked, as the assembler
   * would group them. Returns where (and in which byte mode) to carry from, or null when all is done.
   */
  private scanMixed(runs: Run[], final: boolean): { offset: number; mode: ByteMode } | null {
    const lines: Array<{ line: LogLine; mode: ByteMode; head: boolean; hit: boolean }> = [];
    for (const run of runs) {
      for (const line of runLines(run)) lines.push({ line, mode: run.mode, head: parseHead(line.text) !== null, hit: this.lineHits(line.text) });
    }
    const starts = entryStarts(lines);
    const chunkEnd = lines[lines.length - 1]!.line.offset;
    for (let k = 0; k < starts.length; k++) {
      const from = starts[k]!;
      const to = starts[k + 1] ?? lines.length;
      if (!final && k === starts.length - 1) {
        // The last entry may go on in the next chunk; a huge one is cut at its last line.
        const at = chunkEnd - lines[from]!.line.offset > MAX_CARRY ? lines.length - 1 : from;
        return { offset: lines[at]!.line.offset, mode: lines[at]!.mode };
      }
      if (!lines.slice(from, to).some((l) => l.hit)) continue;
      this.entries.length = 0;
      this.asm.reset();
      for (let i = from; i < to; i++) this.asm.push(lines[i]!.line, this.entries);
      if (!this.deliverEntries()) return null;
    }
    return null;
  }
}

/** The lines that start entries, as EntryAssembler decides them (the chunk starts on an entry). */
function entryStarts(lines: ReadonlyArray<{ head: boolean }>): number[] {
  const starts: number[] = [];
  let open: 'head' | 'plain' | null = null;
  lines.forEach((l, i) => {
    if (l.head || open !== 'head') {
      starts.push(i);
      open = l.head ? 'head' : 'plain';
    }
  });
  return starts;
}

/** Whether a UTF-16LE BOM follows a line break (LineSplitter switches encoding there). */
function bom16AfterNl(b: Buffer): boolean {
  for (let i = b.indexOf(0xff, 1); i >= 0; i = b.indexOf(0xff, i + 1)) {
    if (b[i - 1] === 0x0a && b[i + 1] === 0xfe) return true;
  }
  return false;
}

/**
 * Joins runs of one byte mode that follow each other without a gap (a final partial line flushed as a run
 * of its own): an entry may continue over such a seam.
 */
function mergeRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const prev = out[out.length - 1];
    if (prev?.mode === 'bit8' && run.mode === 'bit8' && prev.bytes && run.bytes && prev.offset + prev.bytes.length === run.offset && prev.bytes.buffer === run.bytes.buffer && prev.bytes.byteOffset + prev.bytes.length === run.bytes.byteOffset) {
      out[out.length - 1] = bytesRun(prev.offset, Buffer.from(prev.bytes.buffer, prev.bytes.byteOffset, prev.bytes.length + run.bytes.length));
    } else if (prev?.mode === 'utf16le' && run.mode === 'utf16le' && prev.offset + prev.text.length * 2 === run.offset) {
      out[out.length - 1] = { mode: 'utf16le', offset: prev.offset, ascii: false, text: prev.text + run.text };
    } else out.push(run);
  }
  return out;
}
