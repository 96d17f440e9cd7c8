/**
 * Time limits for every probe: each check gets its own timeout and the run's overall deadline;
 * whichever comes first ends it, and the work is told to clean up through an AbortSignal.
 * No probe is ever retried.
 */
import { performance } from 'node:perf_hooks';

export interface Budget {
  /** Per-check timeout. */
  timeoutMs: number;
  /** performance.now() value at which the whole run must stop. */
  deadlineAt: number;
  /** Aborted when the overall deadline passes. */
  signal: AbortSignal;
}

export type EndedBy = 'timeout' | 'deadline';

export interface Bounded<T> {
  value: T;
  latencyMs: number;
  /** Set when the check did not finish by itself. */
  endedBy?: EndedBy;
}

export function elapsedSince(t0: number): number {
  return Math.round((performance.now() - t0) * 10) / 10;
}

/**
 * Runs `work` with a signal that fires at min(own timeout, overall deadline). If the work has not
 * settled by then, resolves with `onLimit(endedBy)` at once (work that cannot be cancelled, such as
 * getaddrinfo, is left to finish in the background and its result dropped).
 */
/** How long past the deadline a probe waits for the run's abort before ending itself. */
const DEADLINE_GRACE_MS = 50;

export function bounded<T>(
  budget: Budget,
  work: (signal: AbortSignal) => Promise<T>,
  onLimit: (endedBy: EndedBy, limitMs: number) => T,
  onError: (e: unknown) => T,
  timeoutMs = budget.timeoutMs,
): Promise<Bounded<T>> {
  const t0 = performance.now();
  const remaining = Math.max(0, budget.deadlineAt - t0);
  const limitMs = Math.min(timeoutMs, remaining);
  const endedBy: EndedBy = timeoutMs <= remaining ? 'timeout' : 'deadline';
  const local = new AbortController();
  return new Promise<Bounded<T>>((resolve) => {
    let settled = false;
    const finish = (r: Bounded<T>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      budget.signal.removeEventListener('abort', onDeadline);
      local.abort();
      resolve(r);
    };
    const onDeadline = (): void => finish({ value: onLimit('deadline', limitMs), latencyMs: elapsedSince(t0), endedBy: 'deadline' });
    // When the deadline comes first, the run's signal ends the work (so the run sees its deadline as
    // hit, never a probe that beat the run's own timer by a millisecond); the timer is only a backstop.
    const timer = setTimeout(
      () => finish({ value: onLimit(endedBy, limitMs), latencyMs: elapsedSince(t0), endedBy }),
      endedBy === 'deadline' ? limitMs + DEADLINE_GRACE_MS : limitMs,
    );
    if (budget.signal.aborted) {
      onDeadline();
      return;
    }
    budget.signal.addEventListener('abort', onDeadline, { once: true });
    work(local.signal).then(
      (value) => finish({ value, latencyMs: elapsedSince(t0) }),
      (e: unknown) => finish({ value: onError(e), latencyMs: elapsedSince(t0) }),
    );
  });
}
