/**
 * Keeps the entry index of a file (entry-index.ts) current: scans it in chunks in the background (never
 * holding it whole), from where the last scan stopped, as the file grows; truncation or replacement
 * starts it again.
 */
import { CoalescingRunner } from './serial';
import type { FileHandle } from 'node:fs/promises';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';
import { EntryIndex, indexScanner } from './entry-index';
import { LineSplitter, type Run } from './lines';
import { CHUNK, ChunkPump, openFile } from './reader';

/** Most entries reserved up front from a density guess (68 MB of index). */
const RESERVE_MAX = 4 * 1024 * 1024;

export interface IndexProgress {
  entries: number;
  bytes: number;
  size: number;
  done: boolean;
  errors: number;
  warnings: number;
  problem: string | null;
}

/**
 * Keeps an EntryIndex of a file current: `update()` scans from where it stopped to the file's end
 * (one scan at a time; calls during a scan schedule one more). Truncation or replacement resets it.
 */
export class IndexedFile {
  readonly index = new EntryIndex();
  private splitter = new LineSplitter(0, null, true);
  private readonly runner = new CoalescingRunner(() => this.scan(), {
    stopped: () => this.closed,
    onError: (e) => {
      this.problem = `Indexing stopped: ${(e as Error).message}`;
      this.diagnostics.error(`Logs: indexing ${this.path} stopped`, e);
    },
    onSettled: () => {
      this.scannedOnce = true;
    },
  });
  private size = 0;
  private scannedOnce = false;
  problem: string | null = null;
  /** Increments on every reset (filters built on an older generation are dropped). */
  generation = 0;
  private closed = false;
  private resetNext = false;

  constructor(
    readonly path: string,
    private readonly yieldEvery = CHUNK,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {}

  progress(): IndexProgress {
    return {
      entries: this.index.count,
      bytes: this.splitter.consumed,
      size: Math.max(this.size, this.splitter.consumed),
      done: this.scannedOnce && !this.runner.current,
      errors: this.index.errors,
      warnings: this.index.warnings,
      problem: this.problem,
    };
  }

  /** Bytes the index covers (complete lines). */
  get end(): number {
    return this.splitter.consumed;
  }

  update(): Promise<void> {
    return this.runner.run();
  }

  /** Waits for the current scan (if any) to finish. */
  async settled(): Promise<void> {
    await this.runner.settled();
  }

  /** The file was replaced or truncated: rebuild from the start at the next update. */
  requestReset(): void {
    this.resetNext = true;
  }

  close(): void {
    this.closed = true;
  }

  private resetAll(): void {
    this.index.reset();
    this.splitter = new LineSplitter(0, null, true);
    this.generation++;
  }

  private async scan(): Promise<void> {
    let fh: FileHandle;
    try {
      fh = await openFile(this.path);
    } catch (e) {
      // Shown with the index state (the tail page still works); the next update tries again.
      this.problem = (e as Error).message;
      this.diagnostics.warn(`Logs: cannot index ${this.path}`, { problem: this.problem });
      return;
    }
    try {
      const size = (await fh.stat()).size;
      this.size = size;
      if (this.resetNext || size < this.splitter.nextOffset) {
        this.resetNext = false;
        this.resetAll();
      }
      // Chunks are read straight into the scanner's memory, the next while this one is indexed; a partial
      // last line is placed again before the next chunk.
      const chunk = this.yieldEvery;
      const scanner = indexScanner(4 * chunk);
      const pump = new ChunkPump(fh, scanner, this.splitter.nextOffset, size, chunk);
      const runs: Run[] = [];
      try {
        let first = true;
        while (!this.closed) {
          const ch = await pump.next(this.splitter.pendingView());
          if (!ch) break;
          this.splitter.rewind();
          runs.length = 0;
          this.splitter.push(scanner.mem.subarray(ch.addr, ch.addr + ch.len), runs);
          for (const r of runs) this.index.addRun(r, scanner);
          if (first && this.index.count > 0) {
            // Size the arrays for the whole file once (from the density so far) rather than doubling; a guess,
            // so bounded (beyond it they double as before).
            first = false;
            const guess = Math.ceil((this.index.count / Math.max(1, ch.offset + ch.len)) * size * 1.05);
            this.index.reserve(Math.min(guess, RESERVE_MAX));
          }
          // Let other work (tail reads, calls) in between chunks.
          await new Promise<void>((r) => setImmediate(r));
        }
      } finally {
        await pump.drain();
      }
      this.problem = null;
    } finally {
      await fh.close();
    }
  }
}
