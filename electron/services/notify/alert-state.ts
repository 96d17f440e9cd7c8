/**
 * What the watchers have mailed, in the data folder (`notify/alert-state.json`), shared by every
 * process on it: the failures already handled (by fingerprint, so a restart, a rotated log read
 * again, or a second process never mails one twice) and the rules' windows and cool-downs.
 * Every change is one read-modify-write under the folder's lock. Behind an interface, like the
 * outbox, for the planned database store.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { emptyEngineState, type EngineState } from '../../../shared/notify/rules';
import type { Diagnostics } from '../../core/diagnostics';
import { FolderLock, readJson, writeJsonAtomic } from './files';

export interface AlertState {
  /** Failure fingerprint -> when it was handled (ms). */
  seen: Record<string, number>;
  engine: EngineState;
}

export interface AlertStateStore {
  /** Runs `fn` on the current state under the lock and saves what it leaves. */
  transact<T>(fn: (state: AlertState) => T): Promise<T>;
}

const FileShape = z.object({ version: z.literal(1), seen: z.record(z.string(), z.number()), engine: z.object({ keys: z.record(z.string(), z.unknown()) }) });

const KEEP_SEEN_MS = 2 * 24 * 3600_000;
const MAX_SEEN = 20_000;

export class FileAlertStateStore implements AlertStateStore {
  readonly file: string;
  private readonly lock: FolderLock;

  constructor(
    folder: string,
    private readonly diagnostics: Diagnostics,
    private readonly clock: () => number = Date.now,
  ) {
    this.file = join(folder, 'alert-state.json');
    this.lock = new FolderLock(join(folder, '.alert-state'), diagnostics);
  }

  private async load(): Promise<AlertState> {
    try {
      const got = await readJson(this.file);
      if (!got) return { seen: {}, engine: emptyEngineState() };
      const parsed = FileShape.safeParse(got.value);
      if (parsed.success) return { seen: parsed.data.seen, engine: parsed.data.engine as EngineState };
      throw new Error(parsed.error.issues[0]?.message ?? 'unexpected shape');
    } catch (e) {
      // Keep the unreadable file for support, and start afresh rather than stop alerting.
      const aside = `${this.file}.invalid-${new Date(this.clock()).toISOString().replace(/[:.]/g, '-')}`;
      await rename(this.file, aside).catch((re: unknown) => this.diagnostics.warn(`Could not move ${this.file} aside: ${(re as Error).message}`));
      this.diagnostics.error(`The alert state ${this.file} could not be read; it was kept as ${aside} and alerting starts afresh`, e);
      return { seen: {}, engine: emptyEngineState() };
    }
  }

  private prune(state: AlertState): void {
    const cutoff = this.clock() - KEEP_SEEN_MS;
    let entries = Object.entries(state.seen).filter(([, t]) => t >= cutoff);
    if (entries.length > MAX_SEEN) entries = entries.sort((a, b) => b[1] - a[1]).slice(0, MAX_SEEN);
    state.seen = Object.fromEntries(entries);
  }

  transact<T>(fn: (state: AlertState) => T): Promise<T> {
    return this.lock.run(async () => {
      const state = await this.load();
      const result = fn(state);
      this.prune(state);
      await writeJsonAtomic(this.file, { version: 1, seen: state.seen, engine: state.engine });
      return result;
    });
  }
}
