/**
 * The watcher: failures in, alerts out. It listens to the log viewer's `logs.alerts` events (one
 * per new error entry, as soon as the entry is written; the log service follows the sources,
 * rotation included, while someone listens) and polls the desk's audit trail, turns both into
 * Failures, and applies the alert rules twice:
 *
 * - for mail, on the state shared through the data folder: a failure is claimed by fingerprint
 *   under the lock, so whichever process sees it first decides, and a restart or a second process
 *   never mails it again;
 * - for notifications (desktop, browser), on this process' own state, so the window that is open
 *   shows its notification whoever mails.
 *
 * Failures are handled one at a time in arrival order, so a burst costs one lock at a time.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { LogEntry, LogsAlertsEvent } from '../../../shared/logs/schemas';
import { ruleOf } from '../../../shared/notify/explain';
import { applyFailure, applyTick, effectiveRules, emptyEngineState, type Fire, type Outcome } from '../../../shared/notify/rules';
import type { AlertRule, Failure } from '../../../shared/notify/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import type { EventBus, Unsubscribe } from '../../core/events';
import type { AlertStateStore } from './alert-state';
import { AuditTail } from './audit-tail';

const MAX_ERROR = 8_000;
const LOCAL_SEEN = 10_000;

/** The Exchange host a failure concerns: one of the configured hosts it names, else the first configured. */
export function hostFor(text: string, settings: Settings): string | null {
  const hosts = settings.exchange.hosts;
  const lower = text.toLowerCase();
  const named = hosts.find((h) => lower.includes(h.toLowerCase()));
  if (named) return named;
  const uri = /https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?\/PowerShell/i.exec(text);
  if (uri) return uri[1]!;
  if (settings.exchange.mode === 'sandbox') return 'sandbox';
  return hosts[0] ?? null;
}

export function logFailure(source: string, file: string, entry: LogEntry, settings: Settings): Failure {
  const first = entry.message.split('\n')[0] ?? '';
  const id = createHash('sha256').update(`${file}\u0000${entry.offset}\u0000${entry.time ?? ''}\u0000${first}`).digest('hex').slice(0, 32);
  return {
    id: `log-${id}`,
    kind: 'log',
    source,
    time: entry.time,
    user: entry.user,
    operation: ruleOf(basename(file)) ?? ruleOf(entry.message) ?? source,
    error: entry.message.length > MAX_ERROR ? `${entry.message.slice(0, MAX_ERROR)}…` : entry.message,
    code: null,
    host: hostFor(entry.message, settings),
    command: null,
    link: { file, offset: entry.offset, source },
  };
}

export interface WatcherDeps {
  events: EventBus;
  settings: () => Promise<Settings>;
  auditFile: string;
  diagnostics: Diagnostics;
  state: AlertStateStore;
  clock: () => number;
  /** Whether this process mails (an SMTP server is configured or given). */
  mails: () => Promise<boolean>;
  onMail: (fire: Fire) => Promise<void>;
  onNotify: (fire: Fire) => void;
  auditPollMs?: number;
  tickMs?: number;
}

export interface WatchStats {
  failures: number;
  mailed: number;
  duplicates: number;
  byOutcome: Partial<Record<Outcome, number>>;
}

export class AlertWatcher {
  private off: Unsubscribe | null = null;
  private audit: AuditTail | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly local = emptyEngineState();
  private readonly localSeen = new Set<string>();
  readonly stats: WatchStats = { failures: 0, mailed: 0, duplicates: 0, byOutcome: {} };

  constructor(private readonly d: WatcherDeps) {}

  get running(): boolean {
    return this.off !== null;
  }

  async start(): Promise<void> {
    if (this.off) return;
    this.off = this.d.events.subscribe('logs.alerts', (e) => this.onLogAlert(e));
    this.audit = new AuditTail(this.d.auditFile, (f) => this.submit(f), this.d.diagnostics, this.d.auditPollMs);
    await this.audit.start();
    this.ticker = setInterval(() => this.submitTick(), this.d.tickMs ?? 30_000);
    this.ticker.unref?.();
  }

  private onLogAlert(e: LogsAlertsEvent): void {
    this.queue = this.queue.then(async () => {
      const settings = await this.d.settings();
      for (const entry of e.entries) await this.handle(logFailure(e.source, e.file, entry, settings));
    }).catch((err: unknown) => this.d.diagnostics.error('Notify: a log failure could not be handled', err));
  }

  /** A failure from any source (the audit tail, later the bulk runner). Returns once it is handled. */
  submit(f: Failure): Promise<void> {
    const run = this.queue.then(() => this.handle(f));
    this.queue = run.catch((err: unknown) => this.d.diagnostics.error('Notify: a failure could not be handled', err));
    return this.queue;
  }

  private submitTick(): void {
    this.queue = this.queue.then(() => this.tick()).catch((err: unknown) => this.d.diagnostics.error('Notify: the alert timer failed', err));
  }

  /** Everything submitted so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    let q: Promise<void>;
    do {
      q = this.queue;
      await q;
    } while (q !== this.queue);
  }

  private async rules(): Promise<AlertRule[]> {
    return effectiveRules((await this.d.settings()).notify.alerts).rules;
  }

  private async handle(f: Failure): Promise<void> {
    const now = this.d.clock();
    const rules = await this.rules();
    this.stats.failures++;
    if (!this.localSeen.has(f.id)) {
      if (this.localSeen.size >= LOCAL_SEEN) this.localSeen.clear();
      this.localSeen.add(f.id);
      const { fire } = applyFailure(this.local, f, rules, now);
      if (fire) this.d.onNotify(fire);
    }
    if (!(await this.d.mails())) return;
    const decided = await this.d.state.transact((s) => {
      if (s.seen[f.id] !== undefined) return null;
      s.seen[f.id] = now;
      return applyFailure(s.engine, f, rules, now);
    });
    if (!decided) {
      this.stats.duplicates++;
      this.d.diagnostics.info('Notify watch: failure already handled (another process or an earlier run)', { failure: f.id, source: f.source });
      return;
    }
    this.stats.byOutcome[decided.outcome] = (this.stats.byOutcome[decided.outcome] ?? 0) + 1;
    this.d.diagnostics.info(`Notify watch: failure from ${f.source}: ${decided.outcome}`, { failure: f.id, user: f.user, operation: f.operation });
    if (decided.fire) {
      this.stats.mailed++;
      await this.d.onMail(decided.fire);
    }
  }

  private async tick(): Promise<void> {
    const now = this.d.clock();
    const rules = await this.rules();
    for (const fire of applyTick(this.local, rules, now)) this.d.onNotify(fire);
    if (!(await this.d.mails())) return;
    const fires = await this.d.state.transact((s) => applyTick(s.engine, rules, now));
    for (const fire of fires) {
      this.stats.mailed++;
      this.d.diagnostics.info(`Notify watch: quiet hours over, ${1 + fire.suppressedBefore} held failure(s) of ${fire.failure.source} reported`);
      await this.d.onMail(fire);
    }
  }

  async stop(): Promise<void> {
    this.off?.();
    this.off = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    await this.audit?.stop();
    this.audit = null;
    await this.idle();
  }
}
