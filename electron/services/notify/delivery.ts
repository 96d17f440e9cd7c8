/**
 * Delivery from the outbox: a mail is claimed (a lease, so one process sends it), sent, and marked
 * sent; a transient failure (connection, timeout, 4xx) is retried with backoff a bounded number of
 * times, a permanent one (authentication, TLS, refused sender) fails at once. A mail that finally
 * fails stays in the outbox, failed with the reason, until resent or discarded. Nothing waits for
 * any of this: `enqueue` returns once the mail is on disk.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ComposedMail, OutboxItem, SendProblem, StoredMail } from '../../../shared/notify/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import type { OutboxStore } from './outbox';
import { SendFailure, type SendOutcome } from './mailer';

/** Waits before the 2nd, 3rd, ... attempt; the attempts are bounded by its length + 1. */
export const DEFAULT_BACKOFF_MS = [2_000, 10_000, 60_000, 300_000];
const LEASE_MS = 120_000;

export interface DeliveryOptions {
  outbox: OutboxStore;
  /** Sends one mail with the settings in effect now; throws SendFailure. */
  send: (mail: StoredMail) => Promise<SendOutcome>;
  diagnostics: Diagnostics;
  backoffMs?: number[];
  /** How often queued mails left by another (or a dead) process are looked for. */
  sweepMs?: number;
  clock?: () => number;
  onChange?: (item: OutboxItem) => void;
}

export class Delivery {
  private readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private sweeper: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly backoff: number[];
  private readonly now: () => number;

  constructor(private readonly o: DeliveryOptions) {
    this.backoff = o.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.now = o.clock ?? Date.now;
  }

  /** Looks for due mails now and then every `sweepMs` (those of other processes whose lease ran out included). */
  start(): void {
    if (this.sweeper || this.stopped) return;
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), this.o.sweepMs ?? 30_000);
    this.sweeper.unref?.();
  }

  async enqueue(mail: ComposedMail, meta: { reason: OutboxItem['reason']; to: string[]; failures: string[] }): Promise<OutboxItem> {
    const at = new Date(this.now()).toISOString();
    const stored: StoredMail = {
      id: `${at.replace(/[-:.TZ]/g, '').slice(0, 17)}-${randomUUID().slice(0, 12)}`,
      createdAt: at,
      updatedAt: at,
      state: 'queued',
      reason: meta.reason,
      subject: mail.subject,
      to: meta.to,
      attempts: 0,
      nextAttemptAt: at,
      sentAt: null,
      problem: null,
      failures: meta.failures,
      lease: null,
      mail,
    };
    await this.o.outbox.add(stored);
    const { mail: _m, ...item } = stored;
    this.o.onChange?.(item);
    this.attempt(stored.id);
    return item;
  }

  /** Queues a failed (or sent) mail again, attempts from zero. */
  async resend(id: string): Promise<OutboxItem | null> {
    const at = new Date(this.now()).toISOString();
    const item = await this.o.outbox.update(id, (i) =>
      i.state === 'sending' && i.lease && Date.parse(i.lease.until) > this.now() ? null : { ...i, state: 'queued', attempts: 0, nextAttemptAt: at, problem: null, lease: null, updatedAt: at },
    );
    if (item) {
      this.o.onChange?.(item);
      this.attempt(id);
    }
    return item;
  }

  /** Starts an attempt of one mail unless this process already runs one. */
  attempt(id: string): void {
    if (this.stopped || this.inFlight.has(id)) return;
    const run = this.deliver(id).finally(() => this.inFlight.delete(id));
    this.inFlight.set(id, run);
  }

  /** Resolves when every attempt under way has ended (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight.values()]);
  }

  private async deliver(id: string): Promise<void> {
    try {
      const claimed = await this.o.outbox.update(id, (i) => {
        const due = i.state === 'queued' && (!i.nextAttemptAt || Date.parse(i.nextAttemptAt) <= this.now());
        const expired = i.state === 'sending' && (!i.lease || Date.parse(i.lease.until) <= this.now());
        if (!due && !expired) return null;
        return { ...i, state: 'sending', lease: { owner: this.owner, until: new Date(this.now() + LEASE_MS).toISOString() }, updatedAt: new Date(this.now()).toISOString() };
      });
      if (!claimed) return;
      const stored = await this.o.outbox.get(id);
      if (!stored) {
        await this.finish(id, 'failed', { kind: 'unknown', message: 'The message of this outbox item could not be read; discard it and send it again.', detail: null, transient: false });
        return;
      }
      try {
        const sent = await this.o.send(stored);
        const problem: SendProblem | null = sent.rejected.length
          ? { kind: 'recipient-refused', message: `Delivered, but the server refused ${sent.rejected.join(', ')}: check those addresses.`, detail: null, transient: false }
          : null;
        await this.finish(id, 'sent', problem);
        this.o.diagnostics.info('Notify: mail sent', { id, subject: stored.subject, attempts: claimed.attempts + 1, response: sent.response.slice(0, 200) });
      } catch (e) {
        const problem: SendProblem =
          e instanceof SendFailure ? e.problem : { kind: 'unknown', message: `Sending failed: ${(e as Error).message}`, detail: null, transient: true };
        const attempts = claimed.attempts + 1;
        const wait = this.backoff[attempts - 1];
        const retry = problem.transient && wait !== undefined;
        this.o.diagnostics.warn(`Notify: sending a mail failed (attempt ${attempts})${retry ? `; retrying in ${Math.round(wait / 1000)} s` : '; it stays in the outbox as failed'}`, {
          id,
          kind: problem.kind,
          detail: problem.detail,
        });
        await this.finish(id, retry ? 'queued' : 'failed', problem, retry ? wait : undefined);
        if (retry) this.later(id, wait);
      }
    } catch (e) {
      // The outbox itself failed (disk, lock): say so; the sweep tries again later.
      this.o.diagnostics.error(`Notify: the outbox could not be updated for mail ${id}`, e);
    }
  }

  private async finish(id: string, state: 'sent' | 'queued' | 'failed', problem: SendProblem | null, retryInMs?: number): Promise<void> {
    const at = this.now();
    const item = await this.o.outbox.update(id, (i) =>
      i.lease?.owner !== this.owner && i.state === 'sending'
        ? null
        : {
            ...i,
            state,
            attempts: i.attempts + 1,
            problem,
            lease: null,
            updatedAt: new Date(at).toISOString(),
            sentAt: state === 'sent' ? new Date(at).toISOString() : i.sentAt,
            nextAttemptAt: retryInMs !== undefined ? new Date(at + retryInMs).toISOString() : null,
          },
    );
    if (item) this.o.onChange?.(item);
  }

  private later(id: string, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.attempt(id);
    }, ms);
    t.unref?.();
    this.timers.add(t);
  }

  private async sweep(): Promise<void> {
    try {
      const now = this.now();
      for (const i of await this.o.outbox.list()) {
        const due = i.state === 'queued' && (!i.nextAttemptAt || Date.parse(i.nextAttemptAt) <= now);
        const abandoned = i.state === 'sending' && (!i.lease || Date.parse(i.lease.until) <= now);
        if (due || abandoned) this.attempt(i.id);
      }
    } catch (e) {
      this.o.diagnostics.error('Notify: the outbox could not be read for due mails', e);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }
}
