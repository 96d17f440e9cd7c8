/**
 * What a follower delivers, and reading a file on from where it stopped: shared by the followed file and by
 * a file rotated away from that is still read for a grace period (`Lingering`: a writer may add lines to
 * yesterday's file after midnight; their batches name that file).
 */
import type { FileHandle } from 'node:fs/promises';
import type { ParsedEntry } from '../../../shared/logs/parse';
import type { EntryStream } from './entries';
import { FP, statNow } from './file-identity';
import { openFile, readRange } from './reader';
/** Most bytes read per read call while catching up. */
const READ_MAX = 4 * 1024 * 1024;

/** An entry as delivered: `update` when it replaces one delivered before (same file and offset). */
export type Delivered = ParsedEntry & { update: boolean };

/** What of the open (last) entry was delivered already: its offset and line count. */
export interface OpenMark {
  emitted: { offset: number; lines: number } | null;
}

/** Entries completed by a read, as deliveries: the open entry delivered early comes again as an update only if it grew. */
export function collect(done: ParsedEntry[], out: Delivered[], mark: OpenMark): void {
  for (const e of done) {
    const prev = mark.emitted;
    if (prev && prev.offset === e.offset) {
      mark.emitted = null;
      if (e.lines > prev.lines) out.push({ ...e, update: true });
      continue;
    }
    out.push({ ...e, update: false });
  }
}

/**
 * Reads [from, size) of an open file into `stream` (collecting completed entries into `out`) and returns
 * the new fingerprint of the last bytes read.
 */
export async function readOn(fh: FileHandle, from: number, size: number, stream: EntryStream, tailFp: Buffer, out: Delivered[], mark: OpenMark): Promise<{ tailFp: Buffer; got: boolean }> {
  let at = from;
  let fp = tailFp;
  let got = false;
  while (at < size) {
    const buf = await readRange(fh, at, Math.min(size, at + READ_MAX));
    if (!buf.length) break;
    at += buf.length;
    got = true;
    const joined = Buffer.concat([fp, buf.subarray(Math.max(0, buf.length - FP))]);
    fp = Buffer.from(joined.subarray(Math.max(0, joined.length - FP)));
    collect(stream.push(buf), out, mark);
  }
  return { tailFp: fp, got };
}

/** A file rotated away from, still read while it keeps growing (see Follower). */
export class Lingering implements OpenMark {
  constructor(
    readonly path: string,
    private readonly stream: EntryStream,
    private readonly ino: number,
    /** The last bytes read (before stream.splitter.nextOffset): they must still be there. */
    private tailFp: Buffer,
    /** Clock time (ms) it last grew (or was rotated away from). */
    private grewAt: number,
    public emitted: OpenMark['emitted'],
  ) {}

  /** Delivers the open entry if it was not, or grew since. */
  markOpen(out: Delivered[]): void {
    const e = this.stream.assembler.peek();
    if (!e) return;
    const prev = this.emitted;
    if (prev && prev.offset === e.offset && prev.lines === e.lines) return;
    out.push({ ...e, update: prev?.offset === e.offset });
    this.emitted = { offset: e.offset, lines: e.lines };
  }

  /**
   * Reads what it grew by. Returns false when it is to be let go: gone, replaced, truncated or rewritten
   * (not ours to replay), or quiet for `graceMs` (its partial last line is then delivered).
   */
  async read(now: number, graceMs: number, out: Delivered[]): Promise<boolean> {
    const st = await statNow(this.path);
    const offset = this.stream.splitter.nextOffset;
    if (!st?.isFile() || st.ino !== this.ino || st.size < offset) return false;
    if (st.size > offset) {
      // Not openable right now (a share hiccup): tried again on the next cycle.
      const fh = await openFile(this.path).catch(() => null);
      if (!fh) return true;
      try {
        if (offset > 0 && this.tailFp.length && !(await readRange(fh, offset - this.tailFp.length, offset)).equals(this.tailFp)) return false;
        this.tailFp = (await readOn(fh, offset, st.size, this.stream, this.tailFp, out, this)).tailFp;
      } finally {
        await fh.close();
      }
      this.grewAt = now;
    }
    if (now - this.grewAt >= graceMs) {
      collect(this.stream.flush([]), out, this);
      return false;
    }
    this.markOpen(out);
    return true;
  }
}
