/**
 * The filtered views of one opened file: for each filter, the ordinals of the entries that match, kept
 * up to date as the index grows. Level and time filters are answered from the index arrays at once; text
 * and user filters search the file's bytes in the background (search.ts) over what the index covers.
 * A view built on an older index generation (the file was truncated or replaced) starts again.
 */
import { compileFilter, type CompiledFilter } from '../../../shared/logs/filter';
import type { LogFilter } from '../../../shared/logs/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import { LEVEL_CODE, wallSeconds, type EntryIndex } from './entry-index';
import type { IndexedFile } from './index-builder';
import { searchFile } from './search';

export interface FilterView {
  generation: number;
  ordinals: number[];
  /** Entries tested so far (the index's count when last brought up to date). */
  coveredEntries: number;
  building: Promise<void> | null;
  done: boolean;
  /** Set when searching the file for this view failed (logged); the view stays as far as it got. */
  problem: string | null;
}

/** Views kept per file (the oldest goes first). */
const MAX_VIEWS = 8;

export class FilterViews {
  private readonly views = new Map<string, FilterView>();

  constructor(
    private readonly path: string,
    private readonly indexed: IndexedFile,
    private readonly diagnostics: Diagnostics,
  ) {}

  /** The view of `spec`, brought up to date with the index (a text filter keeps building in the background). */
  get(spec: LogFilter): FilterView {
    const v = this.current(JSON.stringify(spec));
    const filter = compileFilter(spec);
    if (filter.indexOnly) this.fromIndex(v, filter);
    else if (!v.building && !v.problem && v.coveredEntries < this.indexed.index.count) this.build(v, filter);
    return v;
  }

  /** Waits for the view of `spec` to be complete (tests). */
  async settled(spec: LogFilter): Promise<void> {
    await this.indexed.settled();
    for (;;) {
      const v = this.get(spec);
      if (!v.building) return;
      await v.building;
    }
  }

  private current(key: string): FilterView {
    const generation = this.indexed.generation;
    let v = this.views.get(key);
    if (v && v.generation === generation) return v;
    v = { generation, ordinals: [], coveredEntries: 0, building: null, done: false, problem: null };
    this.views.set(key, v);
    if (this.views.size > MAX_VIEWS) this.views.delete(this.views.keys().next().value!);
    return v;
  }

  /** Level and time conditions, straight from the index arrays. */
  private fromIndex(v: FilterView, filter: CompiledFilter): void {
    const idx = this.indexed.index;
    const test = indexTest(idx, filter);
    // The last covered entry may have grown: test it again.
    let from = v.coveredEntries;
    if (from > 0) {
      from--;
      if (v.ordinals[v.ordinals.length - 1] === from) v.ordinals.pop();
    }
    for (let i = from; i < idx.count; i++) if (test(i)) v.ordinals.push(i);
    v.coveredEntries = idx.count;
    v.done = this.indexed.progress().done;
  }

  /** Text conditions: the file's bytes from the last covered entry (it may have grown) to the index's end. */
  private build(view: FilterView, filter: CompiledFilter): void {
    const idx = this.indexed.index;
    // A user's entries are known run by run, and a run may have started before what is new: from the top.
    const fromEntry = filter.spec.user?.trim() ? 0 : Math.max(0, view.coveredEntries - 1);
    const upTo = idx.count;
    const start = idx.offsets[fromEntry]!;
    const end = this.indexed.end;
    while (view.ordinals.length && view.ordinals[view.ordinals.length - 1]! >= fromEntry) view.ordinals.pop();
    view.done = false;
    view.building = (async () => {
      try {
        const onMatch = (e: { offset: number }) => {
          if (e.offset >= end) return false;
          const ord = idx.ordinalAt(e.offset);
          if (ord >= fromEntry && ord < upTo && idx.offsets[ord] === e.offset) view.ordinals.push(ord);
          return true;
        };
        await searchFile(this.path, filter, onMatch, undefined, { start, end, mode: idx.modeAt(start) });
        view.coveredEntries = upTo;
      } catch (e) {
        // Not retried on every read: the view keeps what it found until the file changes (a new generation).
        view.problem = (e as Error).message;
        this.diagnostics.error(`Logs: filtering ${this.path} failed`, e, { filter: filter.spec });
      } finally {
        view.building = null;
        view.done = Boolean(view.problem) || (view.coveredEntries >= idx.count && this.indexed.progress().done);
      }
    })();
  }
}

/** Whether index entry i passes the filter's level and time conditions. */
function indexTest(idx: EntryIndex, filter: CompiledFilter): (i: number) => boolean {
  const since = filter.since ? wallSeconds(filter.since) : null;
  const until = filter.until ? wallSeconds(filter.until) : null;
  const exact = filter.spec.level ? LEVEL_CODE[filter.spec.level] : -1;
  const min = filter.spec.minLevel ? LEVEL_CODE[filter.spec.minLevel] : -1;
  return (i) => {
    const l = idx.levels[i]!;
    if (exact >= 0 && l !== exact) return false;
    if (min >= 0 && l < min) return false;
    if (since !== null || until !== null) {
      const t = idx.times[i]!;
      if (Number.isNaN(t)) return false;
      if (since !== null && t < since) return false;
      if (until !== null && t > until) return false;
    }
    return true;
  };
}
