/**
 * Runs large inspections off the event loop: each in its own worker thread (out/plan-worker.js, found
 * relative to the running bundle, or the app root's out/ when running from the source tree), at most
 * `concurrency` at once (the rest wait their turn), each with a heap cap. A worker that runs out of
 * memory becomes INPUT_TOO_LARGE with a sentence; one that cannot start falls back to the inspection on
 * this thread, written to the diagnostics log.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HmcError, type ErrorCode } from '../../../shared/errors';
import type { InspectOptions } from '../../../shared/plans';
import type { PlanInspection } from '../../../shared/plans/schemas';
import type { Diagnostics } from '../../core/diagnostics';

export const WORKER_FILE = 'plan-worker.js';

/** The worker bundle: beside the running bundle (out/), one folder up (out/electron/main.js), or the app root's out/. */
export function resolvePlanWorker(appRoot: string, runningFrom: string = typeof __dirname === 'string' ? __dirname : ''): string | null {
  const candidates = [join(runningFrom, WORKER_FILE), join(runningFrom, '..', WORKER_FILE), join(appRoot, 'out', WORKER_FILE)];
  for (const c of candidates) if (existsSync(c)) return c;
  return null;
}

export interface PoolOptions {
  appRoot: string;
  diagnostics: Diagnostics;
  concurrency?: number;
  /** Old-generation heap cap of one inspection's worker (MB). */
  heapMb?: number;
  /** For tests: where the bundle is looked for first. */
  runningFrom?: string;
}

type Answer = { ok: true; value: PlanInspection } | { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export class InspectPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly concurrency: number;
  readonly heapMb: number;

  /** Workers running now. */
  get active(): number {
    return this.running;
  }

  constructor(private readonly opts: PoolOptions) {
    this.concurrency = opts.concurrency ?? 2;
    this.heapMb = opts.heapMb ?? 1024;
  }

  /** The inspection, from a worker; `inline` runs it here when no worker can be had. */
  async run(options: InspectOptions, inline: () => PlanInspection, signal?: AbortSignal): Promise<PlanInspection> {
    if (this.running >= this.concurrency) await new Promise<void>((r) => this.waiting.push(r));
    this.running++;
    try {
      return await this.inWorker(options, inline, signal);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private inWorker(options: InspectOptions, inline: () => PlanInspection, signal?: AbortSignal): Promise<PlanInspection> {
    const file = resolvePlanWorker(this.opts.appRoot, this.opts.runningFrom);
    if (!file) {
      this.opts.diagnostics.warn(`Plans: the inspector's worker bundle (${WORKER_FILE}) was not found; a large document is inspected on the main thread. Run "npm run build".`);
      return Promise.resolve().then(inline);
    }
    // Inside app.asar the worker is started from its source text: a worker thread cannot load a file from the archive.
    const inAsar = file.includes(`.asar${sep}`);
    const worker = new Worker(inAsar ? readFileSync(file, 'utf8') : file, {
      eval: inAsar,
      workerData: options,
      // A small young generation: the default lets a large inspection hold far more garbage before it is collected.
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 16 },
    });
    return new Promise<PlanInspection>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        f();
      };
      const onAbort = () => {
        void worker.terminate();
        done(() => reject(new HmcError('CANCELLED', 'The inspection was cancelled.')));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (a: Answer) => done(() => (a.ok ? resolve(a.value) : reject(new HmcError(a.error.code, a.error.message, a.error.details)))));
      worker.once('error', (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
          done(() =>
            reject(
              new HmcError(
                'INPUT_TOO_LARGE',
                `Inspecting the document needed more than the ${this.heapMb} MB of memory one inspection may use; inspect a smaller extract (one plan or account request).`,
              ),
            ),
          );
          return;
        }
        this.opts.diagnostics.error('Plans: the inspector worker failed', e);
        done(() => reject(e));
      });
      worker.once('exit', (code) => done(() => reject(new HmcError('INTERNAL', `The inspector's worker ended (exit code ${code}) before it answered.`))));
    });
  }
}
