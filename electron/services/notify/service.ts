/**
 * The notify service: failure mail and alerts. It owns the outbox and its delivery, the watcher
 * (alert rules over the log viewer's error events and the desk's audit trail), the test mail and
 * the SMTP password. Electron is never imported: the desktop shell injects its notification
 * function through `watch({ desktop })`.
 */
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { SecureContext } from 'node:tls';
import { HmcError } from '../../../shared/errors';
import { composeTestMail, type StoryVerdict } from '../../../shared/notify/compose';
import { effectiveRules, type Fire } from '../../../shared/notify/rules';
import type * as N from '../../../shared/notify/schemas';
import type { CheckRun } from '../../../shared/connectivity/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import type { EventBus } from '../../core/events';
import type { CallContext, Router } from '../../core/router';
import type { SecretStore } from '../secrets/store';
import { storyWithin } from './story';
import { loadTrustStore } from '../connectivity/tls';
import { FileAlertStateStore, type AlertStateStore } from './alert-state';
import { Delivery } from './delivery';
import { buildFailureMail, type MailSubject } from './failure-mail';
import { describeServer, secretKeyFor, sendMail, SendFailure, smtpSettings, type SmtpConfig } from './mailer';
import { FileOutboxStore, type OutboxStore } from './outbox';
import { buildPreview } from './preview';
import { AlertWatcher, hostFor } from './watcher';

/** Shows one desktop notification; `open` is called when it is clicked. Injected by electron/shell. */
export type DesktopNotifier = (alert: N.NotifyAlertEvent, open: () => void) => void;

export interface NotifyDeps {
  settings: () => Promise<Settings>;
  events: EventBus;
  /** The app's secret store (safeStorage in the desktop app, memory elsewhere). */
  secrets: SecretStore;
  /** The headless store (DPAPI or an owner-only file): `hmc secret set smtp`. */
  headless: SecretStore & { has?(key: string): Promise<boolean> };
  diagnostics: Diagnostics;
  dataDir: string;
  auditFile: string;
  appVersion: string;
  /** The connectivity history, newest first. */
  connectivityRuns: () => Promise<CheckRun[]>;
  /** The user's story verdict for a failure's user (the story capability), put in the mail; null when none. */
  storyFor?: (user: string) => Promise<StoryVerdict | null>;
  /** The alert rules' clock (windows, cool-downs, quiet hours); delivery retries use real time. */
  clock?: () => number;
  backoffMs?: number[];
  auditPollMs?: number;
  sweepMs?: number;
  outbox?: OutboxStore;
  alertState?: AlertStateStore;
}

/** Only the configured log sources' folders are read for a caller-named entry (the mail carries what it reads). */
function inLogSource(file: string, settings: Settings): boolean {
  const norm = (p: string) => resolve(p).toLowerCase();
  const dir = norm(dirname(file));
  return settings.logs.sources.some((s) => norm(s.folder) === dir);
}

export interface WatchOptions {
  overrides?: N.SmtpOverrides;
  desktop?: DesktopNotifier;
}

export interface WatchStart {
  rules: N.AlertRule[];
  isDefault: boolean;
  /** Null when mail is configured; else why not (notifications still work). */
  mailProblem: string | null;
  server: string | null;
  to: string[];
}

export class NotifyService {
  readonly outboxStore: OutboxStore;
  private readonly delivery: Delivery;
  private readonly state: AlertStateStore;
  private readonly clock: () => number;
  private readonly machine = hostname();
  private watcher: AlertWatcher | null = null;
  private overrides: N.SmtpOverrides = {};
  private desktop: DesktopNotifier | null = null;
  private invoke: Router['invoke'] | null = null;
  private trust: { key: string; context: Promise<SecureContext> } | null = null;
  private passwordCache: { key: string; value: string | null; at: number } | null = null;

  constructor(private readonly d: NotifyDeps) {
    this.clock = d.clock ?? Date.now;
    const folder = join(d.dataDir, 'notify');
    this.outboxStore = d.outbox ?? new FileOutboxStore(join(folder, 'outbox'), d.diagnostics);
    this.state = d.alertState ?? new FileAlertStateStore(folder, d.diagnostics, this.clock);
    this.delivery = new Delivery({
      outbox: this.outboxStore,
      send: (m) => this.sendStored(m),
      diagnostics: d.diagnostics,
      ...(d.backoffMs ? { backoffMs: d.backoffMs } : {}),
      ...(d.sweepMs ? { sweepMs: d.sweepMs } : {}),
      onChange: (i) => d.events.emit('notify.outbox', { id: i.id, state: i.state, subject: i.subject, problem: i.problem?.message ?? null }),
    });
  }

  /** The composition root hands over the router once it exists (the preview reads the logs through the contract). */
  attach(invoke: Router['invoke']): void {
    this.invoke = invoke;
  }

  // ------------------------------------------------------------------------------------------
  // SMTP

  private async secureContext(settings: Settings): Promise<SecureContext> {
    const files = settings.connectivity.extraCaFiles;
    const key = files.join('\u0000');
    if (!this.trust || this.trust.key !== key) {
      this.trust = { key, context: loadTrustStore(files).then((t) => t.context) };
    }
    return this.trust.context;
  }

  private async password(user: string): Promise<string | null> {
    const key = secretKeyFor(user);
    const c = this.passwordCache;
    if (c && c.key === key && this.clock() - c.at < 60_000) return c.value;
    const value = (await this.d.secrets.get(key)) ?? (await this.d.headless.get(key));
    this.passwordCache = { key, value, at: this.clock() };
    return value;
  }

  private async config(overrides: N.SmtpOverrides): Promise<SmtpConfig> {
    const settings = await this.d.settings();
    const resolved = smtpSettings(settings, { ...this.overrides, ...overrides });
    if ('problem' in resolved) throw new SendFailure({ kind: 'not-configured', message: resolved.problem, detail: null, transient: false });
    const c = resolved.config;
    return { ...c, password: c.user ? await this.password(c.user) : null };
  }

  private async sendStored(m: N.StoredMail) {
    const settings = await this.d.settings();
    const c = await this.config({});
    return sendMail({ ...c, to: m.to.length ? m.to : c.to }, m.mail, { secureContext: await this.secureContext(settings), messageId: `<${m.id}@hmc.${this.machine}>` });
  }

  private async knownSecrets(): Promise<string[]> {
    const out = (await this.d.secrets.values?.()) ?? [];
    if (this.passwordCache?.value) out.push(this.passwordCache.value);
    return out;
  }

  async test(input: { overrides?: N.SmtpOverrides }): Promise<N.NotifyTestOutput> {
    const settings = await this.d.settings();
    const t0 = performance.now();
    const resolved = smtpSettings(settings, { ...this.overrides, ...input.overrides });
    const base = 'config' in resolved ? resolved.config : null;
    const out = (accepted: boolean, message: string, problem: N.SendProblem | null, response: string | null): N.NotifyTestOutput => ({
      accepted,
      message,
      problem,
      server: base ? describeServer(base) : '(none)',
      tls: base?.tls ?? settings.notify.tls,
      authUser: base?.user ?? null,
      to: base?.to ?? [],
      response,
      durationMs: Math.round((performance.now() - t0) * 10) / 10,
    });
    try {
      const c = await this.config(input.overrides ?? {});
      const mail = composeTestMail({ server: describeServer(c), tls: c.tls, machine: this.machine, app: `HMC ${this.d.appVersion}`, subjectPrefix: c.subjectPrefix, now: new Date(this.clock()) });
      const sent = await sendMail(c, mail, { secureContext: await this.secureContext(settings) });
      if (sent.rejected.length) {
        const message = `The server accepted the test mail for ${sent.accepted.join(', ') || 'nobody'} but refused ${sent.rejected.join(', ')}: check those addresses.`;
        return out(false, message, { kind: 'recipient-refused', message, detail: sent.response, transient: false }, sent.response);
      }
      return out(true, `The server ${describeServer(c)} accepted the test mail for ${sent.accepted.join(', ')} (${sent.response.slice(0, 120)}).`, null, sent.response);
    } catch (e) {
      if (!(e instanceof SendFailure)) throw e;
      this.d.diagnostics.warn('Notify: the test mail was not accepted', { kind: e.problem.kind, detail: e.problem.detail });
      return out(false, e.problem.message, e.problem, null);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Outbox

  async outbox(limit: number) {
    const items = await this.outboxStore.list();
    const counts = { queued: 0, sending: 0, sent: 0, failed: 0 };
    for (const i of items) counts[i.state]++;
    return { items: items.slice(0, limit), counts, location: this.outboxStore.location };
  }

  async resend(id: string) {
    const item = await this.delivery.resend(id);
    if (!item) throw new HmcError('INVALID_INPUT', `There is no mail ${id.slice(0, 40)} to resend in the outbox (or it is being sent right now); refresh the outbox.`);
    return { item };
  }

  async discard(id: string) {
    const removed = await this.outboxStore.remove(id);
    if (removed) this.d.events.emit('notify.outbox', { id, state: 'discarded', subject: '', problem: null });
    return { discarded: removed };
  }

  /** Queued mails (of this and earlier runs) are sent from now on. */
  startDelivery(): void {
    this.delivery.start();
  }

  // ------------------------------------------------------------------------------------------
  // Password

  async setPassword(input: { user?: string; password: string | null }) {
    const settings = await this.d.settings();
    const user = input.user ?? settings.notify.authUser;
    if (!user) throw new HmcError('INVALID_INPUT', 'No SMTP user is configured: set the authentication user in Settings > Mail first (or give --user).');
    const key = secretKeyFor(user);
    const store = this.d.secrets.persistent ? this.d.secrets : this.d.headless;
    if (input.password === null) {
      await this.d.secrets.delete(key);
      await this.d.headless.delete(key);
    } else {
      await store.set(key, input.password);
    }
    this.passwordCache = null;
    return { user, stored: input.password !== null, store: store.kind, persistent: store.persistent };
  }

  private async passwordStored(user: string): Promise<boolean> {
    const key = secretKeyFor(user);
    if ((await this.d.secrets.get(key)) !== null) return true;
    return this.d.headless.has ? this.d.headless.has(key) : (await this.d.headless.get(key)) !== null;
  }

  async status() {
    const settings = await this.d.settings();
    const resolved = smtpSettings(settings, this.overrides);
    const { rules, isDefault } = effectiveRules(settings.notify.alerts);
    const items = await this.outboxStore.list();
    const user = settings.notify.authUser;
    return {
      configured: 'config' in resolved,
      problem: 'problem' in resolved ? resolved.problem : null,
      server: 'config' in resolved ? describeServer(resolved.config) : null,
      tls: 'config' in resolved ? resolved.config.tls : settings.notify.tls,
      authUser: user,
      passwordStored: user ? await this.passwordStored(user) : false,
      rules,
      defaultRule: isDefault,
      watching: this.watcher?.running ?? false,
      outbox: { queued: items.filter((i) => i.state === 'queued' || i.state === 'sending').length, failed: items.filter((i) => i.state === 'failed').length },
    };
  }

  // ------------------------------------------------------------------------------------------
  // Failure mail

  /** Composes the mail for a failure (or an alert) and queues it; never waits for the server. */
  async queueFailureMail(subject: MailSubject, story: StoryVerdict | null = null): Promise<{ item: N.OutboxItem } | { problem: string }> {
    const settings = await this.d.settings();
    const resolved = smtpSettings(settings, this.overrides);
    if ('problem' in resolved) {
      this.d.diagnostics.warn(`Notify: a failure mail was not queued: ${resolved.problem}`, { failure: subject.failure.id });
      return { problem: resolved.problem };
    }
    if (!story && subject.failure.user && this.d.storyFor) story = await storyWithin(this.d.storyFor, subject.failure.user, this.d.diagnostics);
    const user = settings.notify.authUser;
    if (user) await this.password(user).catch((e: unknown) => this.d.diagnostics.warn(`Notify: the SMTP password could not be read: ${(e as Error).message}`));
    const mail = await buildFailureMail(subject, story, {
      settings,
      diagnostics: this.d.diagnostics,
      connectivityRuns: this.d.connectivityRuns,
      knownSecrets: await this.knownSecrets(),
      machine: this.machine,
      app: `HMC ${this.d.appVersion}`,
      now: new Date(this.clock()),
    });
    const item = await this.delivery.enqueue(mail, { reason: subject.reason, to: resolved.config.to, failures: [subject.failure.id, ...subject.related.map((r) => r.id)] });
    return { item };
  }

  /** The seam for the desk (per-action opt-in), the bulk runner and the user's story. */
  async mailFailure(input: N.NotifyMailFailureInput) {
    const settings = await this.d.settings();
    const link = input.failure.link && inLogSource(input.failure.link.file, settings) ? input.failure.link : null;
    if (input.failure.link && !link) this.d.diagnostics.warn('Notify: a failure mail named a file outside the configured log sources; its excerpt is left out', { file: input.failure.link.file });
    const id = input.failure.id ?? `${input.failure.kind}-${this.clock()}-${Math.random().toString(36).slice(2, 10)}`;
    const failure: N.Failure = { ...input.failure, id, link, host: input.failure.host ?? hostFor(input.failure.error, settings) };
    const queued = await this.queueFailureMail({ failure, related: [], suppressedBefore: 0, reason: 'failure' }, input.story);
    this.startDelivery();
    return 'item' in queued ? { queued: true, item: queued.item, problem: null } : { queued: false, item: null, problem: queued.problem };
  }

  /** Feeds a failure to the alert rules (the bulk runner's seam); mails only when a rule fires. */
  async reportFailure(failure: N.Failure): Promise<void> {
    if (!this.watcher) throw new HmcError('INVALID_INPUT', 'The alert watcher is not running in this process; start it with watch() first.');
    await this.watcher.submit(failure);
  }

  // ------------------------------------------------------------------------------------------
  // Watching

  async watch(opts: WatchOptions = {}): Promise<WatchStart> {
    if (opts.overrides) this.overrides = { ...opts.overrides };
    if (opts.desktop) this.desktop = opts.desktop;
    const settings = await this.d.settings();
    const resolved = smtpSettings(settings, this.overrides);
    const { rules, isDefault } = effectiveRules(settings.notify.alerts);
    if (!this.watcher) {
      this.watcher = new AlertWatcher({
        events: this.d.events,
        settings: this.d.settings,
        auditFile: this.d.auditFile,
        diagnostics: this.d.diagnostics,
        state: this.state,
        clock: this.clock,
        ...(this.d.auditPollMs ? { auditPollMs: this.d.auditPollMs } : {}),
        mails: async () => 'config' in smtpSettings(await this.d.settings(), this.overrides),
        onMail: async (fire) => {
          await this.queueFailureMail(fire);
        },
        onNotify: (fire) => void this.notifyLocal(fire),
      });
      await this.watcher.start();
      this.startDelivery();
    }
    const start: WatchStart = {
      rules,
      isDefault,
      mailProblem: 'problem' in resolved ? resolved.problem : null,
      server: 'config' in resolved ? describeServer(resolved.config) : null,
      to: 'config' in resolved ? resolved.config.to : [],
    };
    this.d.diagnostics.info(`Notify watch: started${isDefault ? ' with the default rule (no alert rule configured)' : ''}`, { rules, server: start.server, to: start.to, mail: start.mailProblem ?? 'on' });
    return start;
  }

  get watchStats() {
    return this.watcher?.stats ?? null;
  }

  /** Everything the watcher and delivery have in hand is done (tests, bench, shutdown). */
  async settle(): Promise<void> {
    await this.watcher?.idle();
    await this.delivery.idle();
  }

  private async notifyLocal(fire: Fire): Promise<void> {
    const settings = await this.d.settings();
    if (!settings.notify.desktopNotifications) return;
    const f = fire.failure;
    const count = 1 + fire.suppressedBefore;
    const alert: N.NotifyAlertEvent = {
      id: `${f.id}-${fire.at}`,
      title: fire.reason === 'quiet-hours' ? `${count} failures during quiet hours (${f.source})` : `${f.operation} failed${f.user ? ` for ${f.user}` : ''}`,
      body: `${f.error.split('\n')[0]!.slice(0, 180)}${count > 1 ? ` (+${count - 1} more)` : ''}`,
      source: f.source,
      failures: count,
      link: f.link,
      kind: f.kind,
    };
    this.d.events.emit('notify.alert', alert);
    if (this.desktop) {
      try {
        this.desktop(alert, () => this.d.events.emit('notify.open', { link: alert.link, kind: alert.kind }));
      } catch (e) {
        this.d.diagnostics.error('Notify: the desktop notification could not be shown', e);
      }
    }
  }

  async preview(input: { rules?: N.AlertRule[] | undefined; hours: number }, ctx: CallContext): Promise<N.NotifyPreviewOutput> {
    if (!this.invoke) throw new HmcError('INTERNAL', 'The notify service was not attached to the router; this is a bug in the composition root.');
    const invoke = this.invoke;
    const settings = await this.d.settings();
    return buildPreview({
      settings,
      rules: input.rules,
      hours: input.hours,
      now: this.clock(),
      auditFile: this.d.auditFile,
      searchErrors: (since) => invoke('logs.search', { sources: ['*'], level: 'error', since, limit: 10_000 }, ctx),
    });
  }

  async dispose(): Promise<void> {
    await this.watcher?.stop();
    this.watcher = null;
    await this.delivery.stop();
  }
}
