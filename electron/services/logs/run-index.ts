/**
 * The rule runs of an opened file (shared/logs/runs.ts), so rows read by ordinal carry their run's user and
 * id: the file is parsed once in the background from the top, then on from where it stopped as it grows
 * (the open last entry stays in the stream until the next read completes it). Each entry's offset maps to
 * its run; a run's user, learned later in the file, is read when the row is.
 */
import type { ParsedEntry } from '../../../shared/logs/parse';
import { RunTracker, withRun, type LogRun, type RunEntry } from '../../../shared/logs/runs';
import type { Diagnostics } from '../../core/diagnostics';
import { EntryStream } from './entries';
import { chunks, openFile } from './reader';
import { CoalescingRunner } from './serial';

export class RunIndex {
  private stream = new EntryStream(0, null);
  private tracker: RunTracker;
  private readonly runs = new Map<number, LogRun>();
  private end = 0;
  private closed = false;
  private readonly runner = new CoalescingRunner(() => this.scan(), {
    stopped: () => this.closed,
    onError: (e) => {
      this.diagnostics.error(`Logs: reading the rule runs of ${this.path} stopped`, e);
    },
  });

  constructor(
    readonly path: string,
    private readonly diagnostics: Diagnostics,
  ) {
    this.tracker = new RunTracker(path);
  }

  /** Reads what was added since the last scan (one scan at a time). */
  update(): Promise<void> {
    return this.runner.run();
  }

  /** Waits until no scan is under way. */
  settled(): Promise<void> {
    return this.runner.settled();
  }

  /** The file was truncated or replaced: start again from the top. */
  reset(): void {
    this.stream = new EntryStream(0, null);
    this.tracker = new RunTracker(this.path);
    this.runs.clear();
    this.end = 0;
  }

  close(): void {
    this.closed = true;
    this.runs.clear();
  }

  /** The entry with its run's user and id, when its run is known. */
  annotate<T extends ParsedEntry>(e: T): T | RunEntry {
    const run = this.runs.get(e.offset);
    return run ? withRun(e, run) : e;
  }

  private async scan(): Promise<void> {
    const fh = await openFile(this.path);
    try {
      const size = (await fh.stat()).size;
      if (size < this.end) this.reset();
      for await (const chunk of chunks(fh, this.end, size)) {
        if (this.closed) return;
        for (const e of this.stream.push(chunk)) this.runs.set(e.offset, this.tracker.assign(e));
        this.end += chunk.length;
      }
    } finally {
      await fh.close();
    }
  }
}
