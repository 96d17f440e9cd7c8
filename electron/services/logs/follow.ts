/**
 * Following a log file, or a source whose file changes every day, as it is written.
 *
 * - Wakes on fs.watch events for the folder and on a poll timer (the fallback for shares and folders that
 *   do not exist yet); one read at a time, from the byte offset where the last one stopped.
 * - A partial last line is held until its line break arrives. An entry is delivered once its lines are
 *   complete and no more data came for `settleMs`; continuation lines arriving later re-deliver it with
 *   `update: true` (same file and offset: consumers replace it).
 * - Rotation (pattern sources): when the clock's date passes the current file's date, the current file is
 *   read to its end, files of skipped days are read whole, then today's file is followed from its start.
 *   A file rotated away from is still read for a grace period (`graceMs`, restarted whenever it grows), so
 *   lines a writer adds to yesterday's file after midnight arrive too (their batches name that file); its
 *   partial last line is flushed when the grace period ends. A file that shrinks or is replaced meanwhile is
 *   let go.
 * - Truncation (size below our offset, or the bytes just before our offset changed), delete/recreate
 *   (inode/birth time/first bytes changed) restart at offset 0 with a `reset`; a file that vanishes (a share
 *   gone) is reported `missing` and continued where it stopped when it comes back unchanged.
 * - Pause stops reading; resume continues from the same offset, so nothing is lost.
 */
import { CoalescingRunner } from './serial';
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { compareLocalDate, compilePattern, fileNameFor, hasDateTokens, localDateOf, nextDay, type LocalDate } from '../../../shared/logs/pattern';
import { EntryStream } from './entries';
import { sniffMode } from './lines';
import { FP, changeSince, identityOf, readIdentity, statNow, type Identity } from './file-identity';
import { Lingering, collect, readOn, type Delivered, type OpenMark } from './lingering';
import { openFile, readRange } from './reader';

export type FollowTarget = { kind: 'file'; path: string } | { kind: 'pattern'; folder: string; pattern: string };
export type FollowState = 'following' | 'paused' | 'missing';
export type ResetReason = 'truncated' | 'recreated' | 'rotated';

export interface FollowBatch {
  file: string | null;
  entries: Delivered[];
  reset: ResetReason | null;
  state: FollowState;
}

export interface FollowOptions {
  clock?: () => Date;
  pollMs?: number;
  settleMs?: number;
  /** Use fs.watch besides polling (default true). */
  watch?: boolean;
  /** Where to begin in the first file: its end (default), its start, or a byte offset. */
  startAt?: 'end' | 'start' | number;
  /** How long a file rotated away from is still read after it last grew (ms of `clock`; default 60 s). */
  graceMs?: number;
  onBatch(batch: FollowBatch): void;
  /** Something failed (`during` says what: a read cycle, watching the folder, opening the file); polling goes on. */
  onError?(e: unknown, during: string): void;
}

/** What a follower holds: an fs.watch watcher and timers (poll, settle). */
export interface FollowerResources {
  watchers: number;
  timers: number;
}

/** fs.watch failures that polling covers without a word: the folder is not there (yet). */
const QUIET_WATCH_ERRORS = new Set(['ENOENT', 'ENOTDIR']);

export class Follower {
  private readonly clock: () => Date;
  private readonly pollMs: number;
  private readonly settleMs: number;
  private path: string | null = null;
  private date: LocalDate | null = null;
  private stream = new EntryStream(0, null);
  private identity: Identity | null = null;
  private tailFp: Buffer = Buffer.alloc(0);
  private missing = false;
  private pausedFlag = false;
  private stopped = false;
  private readonly runner = new CoalescingRunner(
    async () => {
      if (!this.pausedFlag) await this.cycle();
    },
    { stopped: () => this.stopped, onError: (e) => this.opts.onError?.(e, 'a read cycle') },
  );
  private watcher: FSWatcher | null = null;
  private poll: NodeJS.Timeout | null = null;
  private settleTimer: NodeJS.Timeout | null = null;
  private open: OpenMark = { emitted: null };
  private lingering: Lingering[] = [];
  private readonly graceMs: number;
  private pendingReset: ResetReason | null = null;
  private started = false;
  private readonly folder: string;
  private readonly matchName: ((n: string) => LocalDate | null) | null;

  constructor(readonly target: FollowTarget, private readonly opts: FollowOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.pollMs = opts.pollMs ?? 500;
    this.settleMs = opts.settleMs ?? 25;
    this.graceMs = opts.graceMs ?? 60_000;
    this.folder = target.kind === 'file' ? dirname(target.path) : target.folder;
    this.matchName = target.kind === 'pattern' && hasDateTokens(target.pattern) ? compilePattern(target.pattern) : null;
  }

  get file(): string | null {
    return this.path;
  }

  get state(): FollowState {
    return this.pausedFlag ? 'paused' : this.missing ? 'missing' : 'following';
  }

  /** Byte offset up to which the current file has been read (complete lines). */
  get offset(): number {
    return this.stream.splitter.consumed;
  }

  async start(): Promise<void> {
    this.path = this.pathFor(this.clock());
    const startAt = this.opts.startAt ?? 'end';
    let offset = 0;
    const st = await statNow(this.path);
    if (st) {
      // Unreadable now: established by the first read instead.
      this.identity = await readIdentity(this.path, st).catch(() => null);
      if (startAt === 'end') offset = st.size;
      else if (typeof startAt === 'number') offset = Math.min(startAt, st.size);
      if (offset > 0) {
        // Start on a line boundary, in the encoding in force there.
        const fh = await openFile(this.path);
        try {
          const sample = await readRange(fh, Math.max(0, offset - 4096), offset);
          const from = offset - sample.length;
          const { mode } = sniffMode(sample, from);
          this.stream = new EntryStream(offset, from === 0 && offset === 0 ? null : mode);
          this.tailFp = Buffer.from(sample.subarray(Math.max(0, sample.length - FP)));
        } finally {
          await fh.close();
        }
      }
    } else {
      this.missing = true;
    }
    this.started = true;
    this.ensureWatch();
    this.poll = setInterval(() => this.kick(), this.pollMs);
    this.poll.unref?.();
    await this.kick();
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    void this.kick();
  }

  /** Files rotated away from that are still read. */
  get lingeringFiles(): string[] {
    return this.lingering.map((l) => l.path);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.clearSettle();
    this.watcher?.close();
    this.watcher = null;
    await this.runner.settled();
    // A cycle that was under way may have scheduled a settle timer.
    this.clearSettle();
  }

  /** The watcher and timers held right now (none once stopped). */
  resources(): FollowerResources {
    return { watchers: this.watcher ? 1 : 0, timers: (this.poll ? 1 : 0) + (this.settleTimer ? 1 : 0) };
  }

  private clearSettle(): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
  }

  /** Runs one read cycle now (serialised; a call during a cycle schedules one more). */
  kick(): Promise<void> {
    if (this.stopped || !this.started) return Promise.resolve();
    return this.runner.run();
  }

  private pathFor(d: Date): string {
    if (this.target.kind === 'file') return this.target.path;
    this.date = localDateOf(d);
    return join(this.target.folder, fileNameFor(this.target.pattern, this.date));
  }

  private ensureWatch(): void {
    if (this.opts.watch === false || this.watcher || this.stopped) return;
    try {
      const w = watch(this.folder, { persistent: false }, (_ev, name) => {
        if (!name || !this.path || this.matchName?.(String(name)) || String(name) === basename(this.path)) void this.kick();
      });
      w.on('error', (e) => {
        // The folder went away or stopped being watchable: polling covers it, the next cycle watches again.
        w.close();
        if (this.watcher === w) this.watcher = null;
        this.watchFailed(e);
      });
      this.watcher = w;
    } catch (e) {
      // Not watchable (missing, or a share without notifications): polling covers it.
      this.watcher = null;
      this.watchFailed(e);
    }
  }

  private watchFailed(e: unknown): void {
    const code = (e as NodeJS.ErrnoException).code;
    if (code && QUIET_WATCH_ERRORS.has(code)) return;
    this.opts.onError?.(e, `watching ${this.folder} (polling every ${this.pollMs} ms instead)`);
  }

  private async cycle(): Promise<void> {
    if (!this.watcher) this.ensureWatch();
    if (this.target.kind === 'pattern' && this.date && this.matchName) {
      const today = localDateOf(this.clock());
      while (this.date && compareLocalDate(this.date, today) < 0) {
        await this.readAvailable(false);
        await this.linger();
        // Next day's file (skipping days with no file, except today).
        let d = nextDay(this.date);
        while (compareLocalDate(d, today) < 0) {
          const p = join(this.target.folder, fileNameFor(this.target.pattern, d));
          if (await statNow(p)) break;
          d = nextDay(d);
        }
        this.switchTo(join(this.target.folder, fileNameFor(this.target.pattern, d)), d);
      }
    }
    for (const l of [...this.lingering]) await this.readLingering(l);
    await this.readAvailable(false);
  }

  /** Keeps reading the current file after the switch to the next one (see the file comment). */
  private async linger(): Promise<void> {
    this.clearSettle();
    const st = await statNow(this.path!);
    if (!st?.isFile()) {
      // Gone: what it held is delivered whole.
      const out: Delivered[] = [];
      collect(this.stream.flush([]), out, this.open);
      this.emit(out);
      return;
    }
    const l = new Lingering(this.path!, this.stream, st.ino, this.tailFp, this.clock().getTime(), this.open.emitted);
    this.lingering = this.lingering.filter((x) => x.path !== l.path);
    this.lingering.push(l);
    // Its open entry is delivered now (as after settling), not when the grace period ends.
    const out: Delivered[] = [];
    l.markOpen(out);
    if (out.length) this.opts.onBatch({ file: l.path, entries: out, reset: null, state: this.state });
  }

  private async readLingering(l: Lingering): Promise<void> {
    const out: Delivered[] = [];
    const keep = await l.read(this.clock().getTime(), this.graceMs, out);
    if (!keep) this.lingering = this.lingering.filter((x) => x !== l);
    if (out.length) this.opts.onBatch({ file: l.path, entries: out, reset: null, state: this.state });
  }

  private switchTo(path: string, date: LocalDate): void {
    this.path = path;
    this.date = date;
    this.stream = new EntryStream(0, null);
    this.identity = null;
    this.tailFp = Buffer.alloc(0);
    this.open = { emitted: null };
    this.missing = false;
    this.pendingReset = 'rotated';
  }

  private restart(reason: ResetReason, out: Delivered[]): void {
    // What was complete before the change was written: deliver it; the partial line is gone.
    collect(this.stream.assembler.flush([]), out, this.open);
    this.stream = new EntryStream(0, null);
    this.tailFp = Buffer.alloc(0);
    this.open = { emitted: null };
    this.identity = null;
    this.pendingReset = reason;
  }

  private emit(out: Delivered[], force = false): void {
    if (!out.length && !this.pendingReset && !force) return;
    const reset = this.pendingReset;
    this.pendingReset = null;
    this.opts.onBatch({ file: this.path, entries: out, reset, state: this.state });
  }

  /** Reads what the current file holds beyond our offset. `final`: the file is done (rotation). */
  private async readAvailable(final: boolean): Promise<void> {
    const path = this.path!;
    const out: Delivered[] = [];
    const st = await statNow(path);
    if (!st || !st.isFile()) {
      this.vanished(out, final);
      return;
    }
    const wasMissing = this.missing;
    this.missing = false;
    let fh;
    try {
      fh = await openFile(path);
    } catch (e) {
      // There a moment ago, not openable now (deleted meanwhile, or locked): missing until a cycle opens it.
      this.missing = true;
      if ((e as { code?: string }).code !== 'FILE_NOT_FOUND') this.opts.onError?.(e, `opening ${path}`);
      return;
    }
    try {
      const size = (await fh.stat()).size;
      const change = await changeSince(fh, st, size, this.identity, this.stream.splitter.nextOffset, this.tailFp);
      if (change) this.restart(change, out);
      if (!this.identity || this.identity.head.length < FP) this.identity = await identityOf(fh, st, size);
      const offset = this.stream.splitter.nextOffset;
      const { tailFp, got } = await readOn(fh, offset, size, this.stream, this.tailFp, out, this.open);
      this.tailFp = tailFp;
      if (final) collect(this.stream.flush([]), out, this.open);
      if (wasMissing && !got && !out.length) this.emit(out, true);
      else this.emit(out);
      this.scheduleSettle();
    } finally {
      await fh.close();
    }
  }

  /** The file is not there (now): reported once as missing; a final read delivers what it held. */
  private vanished(out: Delivered[], final: boolean): void {
    if (!this.missing) {
      this.missing = true;
      this.emit(out, true);
    } else if (this.pendingReset) this.emit(out);
    if (final) {
      collect(this.stream.flush([]), out, this.open);
      this.emit(out);
    }
  }

  /** Delivers the open entry once no more lines arrived for settleMs. */
  private scheduleSettle(): void {
    this.clearSettle();
    const asm = this.stream.assembler;
    const lines = asm.openLines;
    if (!lines) return;
    const offset = asm.openOffset!;
    if (this.open.emitted && this.open.emitted.offset === offset && this.open.emitted.lines === lines) return;
    const fire = () => {
      this.settleTimer = null;
      if (this.stopped) return;
      const e = this.stream.assembler.peek();
      if (!e || e.offset !== offset || e.lines !== lines) return; // changed meanwhile: a later cycle handles it
      const update = this.open.emitted?.offset === offset;
      this.open.emitted = { offset, lines };
      this.emit([{ ...e, update }]);
    };
    if (this.settleMs <= 0) fire();
    else {
      this.settleTimer = setTimeout(fire, this.settleMs);
    }
  }
}
