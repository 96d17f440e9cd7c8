/**
 * A user's entries are their runs' entries (shared/logs/runs.ts), most of which do not name them ("Cannot
 * connect to server : mx-hyb01"). The fast byte scan finds the entries that name the user; only the bytes
 * around them (RUN_REACH either side, merged where they meet) are parsed run by run, so a user search stays a
 * scan of the file plus a parse of the user's neighbourhood. A run's entries further than RUN_REACH from any
 * line naming its user are not found (rule runs are a few KB; a logged plan is rarely over 50 KB). Files
 * that are not plain 8-bit text (UTF-16, a BOM) are parsed whole.
 */
import type { CompiledFilter } from '../../../shared/logs/filter';
import type { ParsedEntry } from '../../../shared/logs/parse';
import { openFile, readRange } from './reader';
import { searchByParsing } from './search-parse';

export const RUN_REACH = 64 * 1024;

export interface UserSearchRange {
  start: number;
  end: number;
}

/** Windows of [hit - reach, hit + reach] within [lo, hi), merged where they overlap. */
export function hitWindows(hits: readonly number[], lo: number, hi: number, reach = RUN_REACH): UserSearchRange[] {
  const out: UserSearchRange[] = [];
  for (const h of hits) {
    const start = Math.max(lo, h - reach);
    const end = Math.min(hi, h + reach);
    const last = out[out.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else out.push({ start, end });
  }
  return out;
}

/** Where the first line at or after `pos` starts (pos itself at the file's start or a line start). */
async function lineStartFrom(fh: Awaited<ReturnType<typeof openFile>>, pos: number, end: number): Promise<number> {
  if (pos === 0) return 0;
  for (let at = pos - 1; at < end; at += 64 * 1024) {
    const buf = await readRange(fh, at, Math.min(end, at + 64 * 1024));
    const nl = buf.indexOf(0x0a);
    if (nl >= 0) return at + nl + 1;
    if (!buf.length) break;
  }
  return end;
}

/** Whether the file is plain 8-bit text (no BOM, no NUL in its first 64 KB): byte windows are safe. */
async function plain8bit(fh: Awaited<ReturnType<typeof openFile>>): Promise<boolean> {
  const head = await readRange(fh, 0, 64 * 1024);
  if (head[0] === 0xff && head[1] === 0xfe) return false;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return false;
  return head.indexOf(0) < 0;
}

/**
 * The entries of the user's runs around `hits` (entry offsets of the lines naming the user, ascending).
 * `whole` parses the file (or range) run by run when windows are not safe.
 */
export async function searchAroundHits(
  path: string,
  filter: CompiledFilter,
  hits: readonly number[],
  range: UserSearchRange,
  onMatch: (e: ParsedEntry) => boolean | void,
  signal: AbortSignal | undefined,
  whole: () => Promise<{ bytes: number; stopped: boolean }>,
): Promise<{ bytes: number; stopped: boolean }> {
  const fh = await openFile(path);
  let windows: UserSearchRange[];
  try {
    if (!(await plain8bit(fh))) return await whole();
    const end = Math.min(range.end, (await fh.stat()).size);
    windows = hitWindows(hits, range.start, end);
    for (const w of windows) {
      w.start = await lineStartFrom(fh, w.start, w.end);
      // A whole last line (the window does not cut one in two).
      w.end = await lineStartFrom(fh, w.end, end);
    }
  } finally {
    await fh.close();
  }
  let stopped = false;
  let bytes = 0;
  for (const w of windows) {
    if (stopped || signal?.aborted) break;
    const r = await searchByParsing(path, filter, onMatch, signal, { start: w.start, end: w.end, mode: 'bit8' });
    stopped = r.stopped;
    bytes = Math.max(bytes, Math.min(r.bytes, w.end));
  }
  return { bytes, stopped };
}
