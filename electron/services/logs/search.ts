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
import { EntryAssembler, headKindAt, parseHead, type LogLine, type ParsedEntry } from '../../../shared/logs/parse';
import type { CompiledFilter } from '../../../shared/logs/filter';
import { parseFile } from './entries';
import { LineSplitter, bytesRun, runLines, type ByteMode, type Run } from './lines';
import { headKindBytes, lineEndAt } from './heads';
import { CHUNK, ChunkPump, openFile } from './reader';
import { ByteScanner, OUT_MAX, asciiNeedle } from './simd';

/** How far back (bytes, or characters of decoded text) the start of an unfinished entry is looked for. */
const MAX_CARRY = 16 * 1024 * 1024;
const ANCHOR_MAX = 32;
const KELVIN8 = Buffer.from('\u212a', 'utf8');
const IDOT8 = Buffer.from('\u0130', 'utf8');

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

export interface FileSearchResult {
  bytes: number;
  stopped: boolean;
}

/** A line that starts an entry in decoded text (a BOM at the line start is dropped by runLines). */
function headAtText(t: string, pos: number): boolean {
  return headKindAt(t, t.charCodeAt(pos) === 0xfeff ? pos + 1 : pos) !== null;
}

/**
 * Calls `onMatch` for each matching entry of one file, in file order; `onMatch` returning false stops.
 */
export async function searchFile(
  path: string,
  filter: CompiledFilter,
  onMatch: (e: ParsedEntry) => boolean | void,
  signal?: AbortSignal,
  range?: { start: number; end: number; mode: ByteMode | null },
  opts: { chunk?: number } = {},
): Promise<FileSearchResult> {
  const chunk = opts.chunk ?? CHUNK;
  const cs = filter.literalCaseSensitive;
  const anchor = filter.literal ? literalAnchor(filter.literal, cs) : null;
  if (!anchor) {
    let stopped = false;
    const { size } = await parseFile(path, {
      start: range?.start,
      end: range?.end,
      mode: range?.mode ?? null,
      onEntry: (e) => {
        if (signal?.aborted) return false;
        if (filter.matches(e) && onMatch(e) === false) {
          stopped = true;
          return false;
        }
        return true;
      },
    });
    return { bytes: size, stopped };
  }
  const rareK = !cs && anchor.includes('k');
  const rareI = !cs && anchor.includes('i');
  const textNeedle = new RegExp(escapeRe(anchor), cs ? 'g' : 'gi');
  const fh = await openFile(path);
  let bytes = 0;
  let stopped = false;
  const asm = new EntryAssembler();
  const tmpLines: LogLine[] = [];
  const tmpEntries: ParsedEntry[] = [];
  const sc = new ByteScanner(4 * chunk);
  sc.setNeedle(0, asciiNeedle(anchor, !cs));

  /** Parses the lines of one entry (or of a few plain ones); false when the caller must stop. */
  const deliver = (run: Run, fromChar: number, toChar: number): boolean => {
    tmpLines.length = 0;
    tmpEntries.length = 0;
    asm.reset();
    for (const line of runLines(run, fromChar, toChar, tmpLines)) asm.push(line, tmpEntries);
    asm.flush(tmpEntries);
    for (const e of tmpEntries) {
      if (filter.matches(e) && onMatch(e) === false) {
        stopped = true;
        return false;
      }
    }
    return true;
  };

  /**
   * An 8-bit run of complete lines at mem[A, A + n) (file offset `base`). Returns the file offset to carry
   * from (an entry that may continue in the next chunk), or null when all of it is done.
   */
  const processBytes = (A: number, n: number, base: number, final: boolean): number | null => {
    const mem = sc.mem;
    const isHead = (rel: number) => headKindBytes(mem, A + rel, A + n) !== null;
    const run = mem.subarray(A, A + n);
    const all = (rareK && run.indexOf(KELVIN8) >= 0) || (rareI && run.indexOf(IDOT8) >= 0);
    // Hits in batches of at most OUT_MAX, from `searchFrom` on.
    const hits: number[] = [];
    let hi = 0;
    let searchFrom = 0;
    let exhausted = all;
    const nextHit = (min: number): number => {
      if (all) return min < n ? min : -1;
      for (;;) {
        while (hi < hits.length) {
          const h = hits[hi++]!;
          if (h >= min) return h;
        }
        if (exhausted) return -1;
        const from = Math.max(searchFrom, min);
        const k = sc.find(0, A + from, A + n);
        hits.length = 0;
        hi = 0;
        for (let i = 0; i < k; i++) hits.push(sc.out[i]! - A);
        if (k < OUT_MAX) exhausted = true;
        searchFrom = k ? hits[k - 1]! + 1 : n;
        if (!k) return -1;
      }
    };
    let done = 0;
    for (;;) {
      if (stopped || signal?.aborted) return null;
      const h = nextHit(done);
      if (h < 0) break;
      // The entry holding the hit: back to the nearest line that starts one (not before `done`).
      let es = h === 0 ? 0 : mem.lastIndexOf(10, A + h - 1) + 1 - A;
      if (es < 0) es = 0;
      while (es > done && !isHead(es)) {
        const nl = es >= 2 ? mem.lastIndexOf(10, A + es - 2) : -1;
        es = nl < A ? 0 : nl + 1 - A;
      }
      if (es < done) es = done;
      // Its end: the next line that starts an entry.
      let ee = lineEndAt(mem, A + h, A + n) + 1 - A;
      while (ee < n && !isHead(ee)) ee = lineEndAt(mem, A + ee, A + n) + 1 - A;
      if (ee > n) ee = n;
      if (ee >= n && !final) return base + es;
      const entry: Run = { mode: 'bit8', offset: base + es, text: mem.toString('latin1', A + es, A + ee), ascii: false };
      if (!deliver(entry, 0, entry.text.length)) return null;
      done = ee;
    }
    if (final || done >= n) return null;
    // Carry the last entry (it may continue in the next chunk).
    const lastLine = (() => {
      const nl = n >= 2 ? mem.lastIndexOf(10, A + n - 2) : -1;
      return nl < A ? 0 : nl + 1 - A;
    })();
    let ls = lastLine;
    const floor = Math.max(done, n - MAX_CARRY);
    while (ls > floor && !isHead(ls)) {
      const nl = ls >= 2 ? mem.lastIndexOf(10, A + ls - 2) : -1;
      ls = nl < A ? 0 : nl + 1 - A;
    }
    if (ls < floor || !isHead(ls)) ls = Math.max(lastLine, done);
    return ls >= n ? null : base + ls;
  };

  /** A decoded (UTF-16) run; like processBytes. */
  const processText = (seg: Run, final: boolean): number | null => {
    const t = seg.text;
    const n = t.length;
    const all = (rareK && t.includes('\u212a')) || (rareI && t.includes('\u0130'));
    let done = 0;
    textNeedle.lastIndex = 0;
    for (;;) {
      if (stopped || signal?.aborted) return null;
      let h: number;
      if (all) {
        if (done >= n) break;
        h = done;
      } else {
        const m = textNeedle.exec(t);
        if (!m) break;
        h = m.index;
      }
      let es = t.lastIndexOf('\n', h - 1) + 1;
      while (es > done && !headAtText(t, es)) es = t.lastIndexOf('\n', es - 2) + 1;
      if (es < done) es = done;
      let ee = t.indexOf('\n', h);
      ee = ee < 0 ? n : ee + 1;
      while (ee < n && !headAtText(t, ee)) {
        const nl = t.indexOf('\n', ee);
        ee = nl < 0 ? n : nl + 1;
      }
      if (ee >= n && !final) return seg.offset + es * 2;
      if (!deliver(seg, es, ee)) return null;
      done = ee;
      textNeedle.lastIndex = ee;
    }
    if (final || done >= n) return null;
    let ls = t.lastIndexOf('\n', n - 2) + 1;
    const floor = Math.max(done, n - MAX_CARRY);
    const lastLine = Math.max(ls, done);
    while (ls > floor && !headAtText(t, ls)) ls = t.lastIndexOf('\n', ls - 2) + 1;
    if (ls < floor || !headAtText(t, ls)) ls = lastLine;
    return ls >= n ? null : seg.offset + ls * 2;
  };

  /**
   * Runs of several encodings (where a file switches): every line decoded and checked, as the assembler
   * would group them. Returns where (and in which byte mode) to carry from, or null when all is done.
   */
  const processLines = (runs: Run[], final: boolean): { offset: number; mode: ByteMode } | null => {
    const lines: Array<{ line: LogLine; mode: ByteMode; head: boolean; hit: boolean }> = [];
    for (const run of runs) {
      for (const line of runLines(run)) {
        const t = line.text;
        textNeedle.lastIndex = 0;
        const hit = textNeedle.test(t) || (rareK && t.includes('\u212a')) || (rareI && t.includes('\u0130'));
        lines.push({ line, mode: run.mode, head: parseHead(t) !== null, hit });
      }
    }
    // Entry starts, as EntryAssembler decides them (the chunk starts on an entry).
    const starts: number[] = [];
    let open: 'head' | 'plain' | null = null;
    lines.forEach((l, i) => {
      if (l.head || open !== 'head') {
        starts.push(i);
        open = l.head ? 'head' : 'plain';
      }
    });
    const last = lines[lines.length - 1]!;
    const chunkEnd = last.line.offset;
    for (let k = 0; k < starts.length; k++) {
      const from = starts[k]!;
      const to = starts[k + 1] ?? lines.length;
      if (!final && k === starts.length - 1) {
        // The last entry may go on in the next chunk; a huge one is cut at its last line.
        const at = chunkEnd - lines[from]!.line.offset > MAX_CARRY ? lines.length - 1 : from;
        return { offset: lines[at]!.line.offset, mode: lines[at]!.mode };
      }
      if (!lines.slice(from, to).some((l) => l.hit)) continue;
      tmpEntries.length = 0;
      asm.reset();
      for (let i = from; i < to; i++) asm.push(lines[i]!.line, tmpEntries);
      asm.flush(tmpEntries);
      for (const e of tmpEntries) {
        if (filter.matches(e) && onMatch(e) === false) {
          stopped = true;
          return null;
        }
      }
    }
    return null;
  };

  const start = range?.start ?? 0;
  let pump: ChunkPump | null = null;
  try {
    const size = Math.min((await fh.stat()).size, range?.end ?? Infinity);
    pump = new ChunkPump(fh, sc, start, size, chunk);
    let mode: ByteMode | null = range?.mode ?? null;
    let carry: Buffer | null = null;
    while (!stopped && !signal?.aborted) {
      const ch = await pump.next(carry);
      if (!ch) break;
      const { addr, len, offset, final } = ch;
      const mem = sc.mem;
      const view = mem.subarray(addr, addr + len);
      let next: number;
      const b0 = view[0];
      const bom = (b0 === 0xff && view[1] === 0xfe) || (offset === 0 && b0 === 0xef && view[1] === 0xbb && view[2] === 0xbf);
      if ((mode === 'bit8' || (mode === null && offset === 0)) && !bom && view.indexOf(0) < 0 && !bom16AfterNl(view)) {
        // All 8-bit (what LineSplitter would make of it, in one run): straight on the bytes.
        mode = 'bit8';
        const stop = final ? len : view.lastIndexOf(10) + 1;
        next = offset + stop;
        if (stop > 0) next = processBytes(addr, stop, offset, final) ?? offset + stop;
      } else {
        const sp = new LineSplitter(offset, mode, true);
        const runs = sp.push(view);
        if (final) sp.flush(runs);
        const merged = mergeRuns(runs);
        next = offset;
        if (merged.length === 1) {
          const run = merged[0]!;
          let left: number | null;
          let runEnd: number;
          if (run.mode === 'bit8') {
            runEnd = run.offset + run.bytes!.length;
            left = processBytes(sc.place(run.bytes!), run.bytes!.length, run.offset, final);
          } else {
            runEnd = run.offset + run.text.length * 2;
            left = processText(run, final);
          }
          next = left ?? runEnd;
          mode = run.mode;
        } else if (merged.length > 1) {
          // The encoding changes within the chunk: entries may span runs.
          const left = processLines(merged, final);
          next = left?.offset ?? offset + len - sp.pendingBytes;
          mode = left?.mode ?? merged[merged.length - 1]!.mode;
        }
      }
      bytes = Math.max(bytes, offset + len - start);
      if (final) break;
      carry = sc.mem.subarray(addr + (next - offset), addr + len);
    }
  } finally {
    await pump?.drain();
    await fh.close();
  }
  return { bytes, stopped };
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
