/**
 * Streaming search over files. With a literal (a user or plain text) the decoded chunk is scanned for it
 * first and only the entries around the hits are parsed; otherwise every entry is parsed and tested.
 * Chunks carry the last (possibly unfinished) entry over to the next, so an entry is never cut.
 */
import { EntryAssembler, headKindAt, type LogLine, type ParsedEntry } from '../../../shared/logs/parse';
import type { CompiledFilter } from '../../../shared/logs/filter';
import { parseFile } from './entries';
import { LineSplitter, charWidth, runLines, type ByteMode, type Run } from './lines';
import { CHUNK, openFile } from './reader';

const MAX_CARRY_CHARS = 16 * 1024 * 1024;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface FileSearchResult {
  bytes: number;
  stopped: boolean;
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
): Promise<FileSearchResult> {
  if (!filter.literal) {
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
  const needle = new RegExp(escapeRe(filter.literal), filter.literalCaseSensitive ? 'g' : 'gi');
  const fh = await openFile(path);
  let bytes = 0;
  let stopped = false;
  try {
    const size = Math.min((await fh.stat()).size, range?.end ?? Infinity);
    const start = range?.start ?? 0;
    const asm = new EntryAssembler();
    const tmpLines: LogLine[] = [];
    const tmpEntries: ParsedEntry[] = [];

    /** Handles a segment; returns the unfinished tail to carry over (null when final). */
    const processSeg = (seg: Run, final: boolean): Run | null => {
      const t = seg.text;
      const n = t.length;
      let done = 0;
      needle.lastIndex = 0;
      for (;;) {
        if (stopped) return null;
        const m = needle.exec(t);
        if (!m) break;
        const h = m.index;
        // The entry holding the hit: back to the nearest line that starts one (not before `done`).
        let es = t.lastIndexOf('\n', h - 1) + 1;
        while (es > done && headKindAt(t, es) === null) es = t.lastIndexOf('\n', es - 2) + 1;
        if (es < done) es = done;
        // Its end: the next line that starts an entry.
        let ee = t.indexOf('\n', h);
        ee = ee < 0 ? n : ee + 1;
        while (ee < n && headKindAt(t, ee) === null) {
          const nl = t.indexOf('\n', ee);
          ee = nl < 0 ? n : nl + 1;
        }
        if (ee >= n && !final) return { ...seg, offset: seg.offset + es * charWidth(seg.mode), text: t.slice(es) };
        tmpLines.length = 0;
        tmpEntries.length = 0;
        asm.reset();
        for (const line of runLines(seg, es, ee, tmpLines)) asm.push(line, tmpEntries);
        asm.flush(tmpEntries);
        for (const e of tmpEntries) {
          if (filter.matches(e) && onMatch(e) === false) {
            stopped = true;
            return null;
          }
        }
        done = ee;
        needle.lastIndex = ee;
      }
      if (final || done >= n) return null;
      // Carry the last entry (it may continue in the next chunk).
      let ls = t.lastIndexOf('\n', n - 2) + 1;
      const floor = Math.max(done, n - MAX_CARRY_CHARS);
      const lastLine = Math.max(ls, done);
      while (ls > floor && headKindAt(t, ls) === null) ls = t.lastIndexOf('\n', ls - 2) + 1;
      if (ls < floor || headKindAt(t, ls) === null) ls = lastLine;
      if (ls >= n) return null;
      return { ...seg, offset: seg.offset + ls * charWidth(seg.mode), text: t.slice(ls) };
    };

    // Chunks restart at the carried entry's byte offset (re-reading a few KB beats string concatenation).
    // Fast path for 8-bit text without NULs and an ASCII literal: decode latin1 straight from the read buffer.
    // eslint-disable-next-line no-control-regex
    const asciiNeedle = /^[\x00-\x7f]*$/.test(filter.literal);
    let pos = start;
    let mode: ByteMode | null = range?.mode ?? null;
    let want = CHUNK;
    let buf = Buffer.allocUnsafe(CHUNK);
    while (pos < size && !stopped && !signal?.aborted) {
      const end = Math.min(size, pos + want);
      if (buf.length < end - pos) buf = Buffer.allocUnsafe(end - pos);
      let n = 0;
      while (n < end - pos) {
        const { bytesRead } = await fh.read(buf, n, end - pos - n, pos + n);
        if (!bytesRead) break;
        n += bytesRead;
      }
      if (!n) break;
      const view = buf.subarray(0, n);
      const final = pos + n >= size;
      let runs: Run[];
      if (mode === 'bit8' && asciiNeedle && view.indexOf(0) < 0) {
        const stop = final ? n : view.lastIndexOf(0x0a) + 1;
        runs = stop > 0 ? [{ mode: 'bit8', offset: pos, text: view.toString('latin1', 0, stop), ascii: false }] : [];
      } else {
        const sp = new LineSplitter(pos, mode);
        runs = sp.push(view);
        if (final) sp.flush(runs);
      }
      if (!runs.length) {
        if (final) break;
        want *= 2;
        continue;
      }
      let next = pos;
      for (let i = 0; i < runs.length && !stopped; i++) {
        const run = runs[i]!;
        const last = i === runs.length - 1;
        const left = processSeg(run, final || !last);
        if (last) {
          next = left ? left.offset : run.offset + run.text.length * charWidth(run.mode);
          mode = run.mode;
        }
      }
      bytes = Math.max(bytes, pos + n - start);
      if (final) break;
      if (next <= pos) {
        want *= 2; // one entry longer than the chunk
        continue;
      }
      pos = next;
      want = CHUNK;
    }
  } finally {
    await fh.close();
  }
  return { bytes, stopped };
}
