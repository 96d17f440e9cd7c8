/** A search without an anchor to scan for: every entry of the file (or of a range of it) parsed and tested. */
import type { CompiledFilter } from '../../../shared/logs/filter';
import { parseFile } from './entries';
import type { FileSearchResult, OnMatch, SearchRange } from './search';

/** No anchor to scan for: every entry parsed and tested (of the range, when given). */
export async function searchByParsing(path: string, filter: CompiledFilter, onMatch: OnMatch, signal?: AbortSignal, range?: SearchRange): Promise<FileSearchResult> {
  let stopped = false;
  const { size } = await parseFile(path, {
    start: range?.start,
    end: range?.end,
    mode: range?.mode ?? null,
    runs: true,
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
