/**
 * Opened log files: each has its tail page (shown at once), an entry index built in the background and
 * filtered views over it; read by entry ordinal. An opened file belongs to the caller that opened it and is
 * closed when that caller goes (or after MAX_OPEN newer ones, the least recently used first).
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import { isActiveFilter } from '../../../shared/logs/filter';
import type {
  LogEntry,
  LogFilter,
  LogsFindInput,
  LogsHistogramInput,
  LogsHistogramOutput,
  LogsOpenOutput,
  LogsReadInput,
  LogsReadOutput,
} from '../../../shared/logs/schemas';
import type { Caller } from '../../core/callers';
import type { Diagnostics } from '../../core/diagnostics';
import { EntryStream, toLogEntry } from './entries';
import { LEVEL_CODE, wallIso } from './entry-index';
import { IndexedFile, type IndexProgress } from './index-builder';
import { openFile, readRange } from './reader';
import { annotateRuns } from '../../../shared/logs/runs';
import { RunIndex } from './run-index';
import { readTail } from './tail';
import { FilterViews } from './views';

/** Opened files kept at once: opening one more closes the least recently used. */
const MAX_OPEN = 16;
/** Most consecutive entries read in one go. */
const MAX_RUN = 5000;

export interface OpenLog {
  id: string;
  path: string;
  indexed: IndexedFile;
  /** Where the tail page stopped (complete lines): a follow continues from here. */
  tailEnd: number;
  views: FilterViews;
  /** Each entry's rule run, so rows carry their run's user. */
  runs: RunIndex;
  lastUsed: number;
  /** Unties it from its caller. */
  release: () => void;
}

export class OpenedLogs {
  private readonly opened = new Map<string, OpenLog>();
  /** Told when a log is closed (its follows stop with it). */
  onClose: (id: string) => void = () => undefined;

  constructor(private readonly diagnostics: Diagnostics) {}

  get count(): number {
    return this.opened.size;
  }

  get(id: string): OpenLog {
    const o = this.opened.get(id);
    if (!o) throw new HmcError('INVALID_INPUT', `No open log has the id ${id}; open the file again.`);
    o.lastUsed = Date.now();
    return o;
  }

  /** The opened log, if it still is, without counting as a use. */
  peek(id: string): OpenLog | undefined {
    return this.opened.get(id);
  }

  async open(path: string, tailEntries: number, caller: Caller): Promise<z.output<typeof LogsOpenOutput>> {
    const tail = await readTail(path, tailEntries);
    const id = randomUUID();
    const indexed = new IndexedFile(path, undefined, this.diagnostics);
    const runs = new RunIndex(path, this.diagnostics);
    const o: OpenLog = { id, path, indexed, tailEnd: tail.end, views: new FilterViews(path, indexed, this.diagnostics), runs, lastUsed: Date.now(), release: () => undefined };
    this.opened.set(id, o);
    // Tied after it is in the map: a caller already gone closes it at once.
    o.release = caller.onGone(() => {
      this.close(id);
    });
    this.evict();
    void indexed.update();
    void runs.update();
    return {
      id,
      file: path,
      size: tail.size,
      encoding: tail.encoding,
      encodingWarning: tail.encodingWarning,
      // The runs that started within the tail page (the run index has the rest by the first read).
      tail: annotateRuns(tail.entries, path).map((e) => toLogEntry(e, path, null)),
      index: indexed.progress(),
    };
  }

  close(id: string): boolean {
    const o = this.opened.get(id);
    if (!o) return false;
    o.release();
    o.indexed.close();
    o.runs.close();
    this.opened.delete(id);
    this.onClose(id);
    return true;
  }

  closeAll(): void {
    for (const id of [...this.opened.keys()]) this.close(id);
  }

  private evict(): void {
    if (this.opened.size <= MAX_OPEN) return;
    const oldest = [...this.opened.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (oldest) this.close(oldest.id);
  }

  /** Waits until the index of an opened file has caught up (tests, CLI). */
  async indexSettled(id: string): Promise<IndexProgress> {
    const o = this.get(id);
    await o.indexed.settled();
    await o.runs.update();
    return o.indexed.progress();
  }

  /** Waits for a filtered view to be complete (tests). */
  async viewSettled(id: string, filter: LogFilter): Promise<void> {
    await this.get(id).views.settled(filter);
  }

  async read(input: z.output<typeof LogsReadInput>): Promise<z.output<typeof LogsReadOutput>> {
    const o = this.get(input.id);
    const progress = o.indexed.progress();
    void o.runs.update();
    if (!isActiveFilter(input.filter)) {
      const total = o.indexed.index.count;
      const ords: number[] = [];
      for (let i = input.from; i < Math.min(total, input.from + input.count); i++) ords.push(i);
      return { entries: await this.readOrdinals(o, ords), total, index: progress, filterDone: true };
    }
    const view = o.views.get(input.filter);
    const ords = view.ordinals.slice(input.from, input.from + input.count).sort((a, b) => a - b);
    return { entries: await this.readOrdinals(o, ords), total: view.ordinals.length, index: progress, filterDone: view.done && !view.building };
  }

  /** Entries by ordinal (ascending), read from their byte ranges, runs of consecutive ones in one read. */
  private async readOrdinals(o: OpenLog, ordinals: number[]): Promise<LogEntry[]> {
    if (!ordinals.length) return [];
    const idx = o.indexed.index;
    const out: LogEntry[] = [];
    const fh = await openFile(o.path);
    try {
      for (let i = 0; i < ordinals.length; ) {
        let j = i;
        while (j + 1 < ordinals.length && ordinals[j + 1] === ordinals[j]! + 1 && j - i < MAX_RUN) j++;
        const first = ordinals[i]!;
        const last = ordinals[j]!;
        const start = idx.offsets[first]!;
        const stop = last + 1 < idx.count ? idx.offsets[last + 1]! : o.indexed.end;
        const stream = new EntryStream(start, idx.modeAt(start));
        let k = first;
        for (const p of stream.flush(stream.push(await readRange(fh, start, stop)))) {
          const ord = p.offset === idx.offsets[k] ? k : idx.ordinalAt(p.offset);
          out.push(toLogEntry(o.runs.annotate(p), o.path, ord >= 0 ? ord : null));
          k = ord + 1;
        }
        i = j + 1;
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  /** Errors and warnings over time: the index's time range cut into equal buckets. */
  histogram(input: z.output<typeof LogsHistogramInput>): z.output<typeof LogsHistogramOutput> {
    const o = this.get(input.id);
    const idx = o.indexed.index;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < idx.count; i++) {
      const t = idx.times[i]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const buckets: z.output<typeof LogsHistogramOutput>['buckets'] = [];
    if (min <= max) {
      const width = Math.max(1, Math.ceil((max - min + 1) / input.buckets));
      for (let b = 0; b < input.buckets; b++) {
        const from = min + b * width;
        if (from > max) break;
        buckets.push({ from: wallIso(from), to: wallIso(from + width - 1), errors: 0, warnings: 0, entries: 0 });
      }
      for (let i = 0; i < idx.count; i++) {
        const t = idx.times[i]!;
        if (Number.isNaN(t)) continue;
        const bucket = buckets[Math.min(buckets.length - 1, Math.floor((t - min) / width))]!;
        bucket.entries++;
        const l = idx.levels[i];
        if (l === LEVEL_CODE.error) bucket.errors++;
        else if (l === LEVEL_CODE.warning) bucket.warnings++;
      }
    }
    return { buckets, index: o.indexed.progress() };
  }

  /** The next or previous entry of at least a level, by the index. */
  find(input: z.output<typeof LogsFindInput>): { index: number | null } {
    const idx = this.get(input.id).indexed.index;
    const want = LEVEL_CODE[input.level];
    if (input.direction === 'next') {
      for (let i = Math.max(0, input.from + 1); i < idx.count; i++) if (idx.levels[i]! >= want) return { index: i };
    } else {
      for (let i = Math.min(idx.count, input.from) - 1; i >= 0; i--) if (idx.levels[i]! >= want) return { index: i };
    }
    return { index: null };
  }
}
