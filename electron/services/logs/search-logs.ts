/**
 * logs.search: one source's files, a path glob, or several sources merged into one time-ordered view,
 * newest first, whole entries, at most `limit` (searchFile in search.ts reads each file).
 */
import type { z } from 'zod';
import { HmcError, isHmcError } from '../../../shared/errors';
import { compileFilter, type CompiledFilter } from '../../../shared/logs/filter';
import type { ParsedEntry } from '../../../shared/logs/parse';
import type { LogEntry, LogsSearchInput, LogsSearchOutput } from '../../../shared/logs/schemas';
import type { LogSource } from '../../../shared/settings/schema';
import { toLogEntry } from './entries';
import { searchFile } from './search';
import type { LogSources } from './sources';

type SearchOutput = z.output<typeof LogsSearchOutput>;

/** `allowed` keeps the files of a path glob the caller may read (a link out of the allowed folders is left out). */
export async function searchLogs(
  sources: LogSources,
  input: z.output<typeof LogsSearchInput>,
  signal?: AbortSignal,
  allowed: (files: string[]) => Promise<string[]> = async (f) => f,
): Promise<SearchOutput> {
  const given = [input.source, input.sources, input.path].filter((v) => v !== undefined).length;
  if (given > 1) throw new HmcError('INVALID_INPUT', 'Give one of source, sources or path (--source NAME, several --source, or --path GLOB), not more than one.');
  const { source: _s, sources: names, path: _p, limit, ...filter } = input;
  const compiled = compileFilter(filter);
  if (names) return searchSources(sources, await sources.byNames(names), compiled, limit, signal);
  const targets = await sources.searchTargets(input);
  const r = await searchFiles(input.path ? await allowed(targets) : targets, compiled, limit, signal);
  if (input.source) {
    const name = (await sources.byName(input.source)).name;
    for (const e of r.entries) e.source = name;
  }
  return r;
}

/**
 * Each source searched on its own (newest first, at most `limit`), then merged newest first by entry time.
 * Ties and entries without a time keep their source's order; equal times across sources go to the source
 * listed first.
 */
export async function searchSources(sources: LogSources, list: LogSource[], filter: CompiledFilter, limit: number, signal?: AbortSignal): Promise<SearchOutput> {
  const lists: LogEntry[][] = [];
  const files: string[] = [];
  let bytes = 0;
  let truncated = false;
  for (const src of list) {
    const r = await searchFiles((await sources.files(src)).map((f) => f.path), filter, limit, signal);
    for (const e of r.entries) e.source = src.name;
    lists.push(r.entries);
    files.push(...r.files);
    bytes += r.bytes;
    truncated ||= r.truncated;
  }
  const merged = mergeNewestFirst(lists, limit);
  return { entries: merged.entries, files, bytes, truncated: truncated || merged.truncated };
}

/** Lists each newest first merged into one, newest first, at most `limit`. */
export function mergeNewestFirst(lists: LogEntry[][], limit: number): { entries: LogEntry[]; truncated: boolean } {
  const pos = lists.map(() => 0);
  // The time a list's next entry sorts by: its own, else the last one seen in that list (newest at first).
  const last = lists.map(() => '\uffff');
  const keyOf = (k: number): string => lists[k]![pos[k]!]!.time ?? last[k]!;
  const entries: LogEntry[] = [];
  for (;;) {
    let best = -1;
    for (let k = 0; k < lists.length; k++) {
      if (pos[k]! >= lists[k]!.length) continue;
      if (best < 0 || keyOf(k) > keyOf(best)) best = k;
    }
    if (best < 0) return { entries, truncated: false };
    if (entries.length >= limit) return { entries, truncated: true };
    const e = lists[best]![pos[best]!++]!;
    if (e.time) last[best] = e.time;
    entries.push(e);
  }
}

/** The files in order (newest first), each file's matches from its end, at most `limit` in all. */
export async function searchFiles(files: string[], filter: CompiledFilter, limit: number, signal?: AbortSignal): Promise<SearchOutput> {
  const entries: LogEntry[] = [];
  let bytes = 0;
  let truncated = false;
  const searched: string[] = [];
  for (const file of files) {
    if (signal?.aborted) throw new HmcError('CANCELLED', 'The search was cancelled.');
    const found: ParsedEntry[] = [];
    const r = await searchFile(file, filter, (e) => {
      found.push(e);
    }, signal).catch((e: unknown) => {
      // Listed a moment ago, deleted or rotated away since: nothing in it.
      if (isHmcError(e) && e.code === 'FILE_NOT_FOUND') return { bytes: 0, stopped: false };
      throw e;
    });
    bytes += r.bytes;
    searched.push(file);
    for (let i = found.length - 1; i >= 0; i--) {
      if (entries.length >= limit) {
        truncated = true;
        break;
      }
      entries.push(toLogEntry(found[i]!, file, null));
    }
    if (truncated) break;
  }
  return { entries, files: searched, bytes, truncated };
}
