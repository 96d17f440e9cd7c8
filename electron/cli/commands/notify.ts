import { TlsMode, type NotifyTestOutput, type OutboxItem, type SmtpOverrides } from '../../../shared/notify/schemas';
import { parseHostPort } from '../../services/notify/mailer';
import { usageError, type CliContext, type Command, type OptionSpec } from '../framework';

const SMTP_OPTIONS: OptionSpec = {
  smtp: { type: 'string' },
  tls: { type: 'string' },
  to: { type: 'string', multiple: true },
  from: { type: 'string' },
};

const SMTP_USAGE = '[--smtp HOST[:PORT]] [--tls none|starttls|implicit] [--to ADDR]... [--from ADDR]';

/** The --smtp/--tls/--to/--from options as overrides of the settings for this run. */
export function smtpOverrides(ctx: CliContext): SmtpOverrides {
  const v = ctx.args.values;
  const o: SmtpOverrides = {};
  if (typeof v.smtp === 'string') {
    const hp = parseHostPort(v.smtp);
    if (!hp) throw usageError(`--smtp must be HOST or HOST:PORT (got "${v.smtp.slice(0, 80)}").`);
    o.smtpHost = hp.host;
    if (hp.port !== undefined) o.smtpPort = hp.port;
  }
  if (typeof v.tls === 'string') {
    const t = TlsMode.safeParse(v.tls);
    if (!t.success) throw usageError(`--tls must be none, starttls or implicit (got "${v.tls.slice(0, 20)}").`);
    o.tls = t.data;
  }
  const to = (Array.isArray(v.to) ? v.to : []).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean);
  if (to.length) o.to = to;
  if (typeof v.from === 'string') o.from = v.from;
  return o;
}

function formatItem(i: OutboxItem): string {
  const why = i.problem ? `  ${i.problem.message}` : '';
  return `${i.id}  ${i.state.padEnd(7)} ${i.createdAt}  ${i.subject}${why}`;
}

function formatTest(r: NotifyTestOutput): string {
  return `${r.accepted ? 'OK' : 'FAILED'}: ${r.message}\n  server ${r.server}, TLS ${r.tls}, user ${r.authUser ?? '(none)'}, to ${r.to.join(', ') || '(none)'}, ${Math.round(r.durationMs)} ms${r.problem?.detail ? `\n  detail: ${r.problem.detail}` : ''}`;
}

function describeRule(r: { source: string; threshold: number; windowMinutes: number; coolDownMinutes: number; quietHours: { from: string; to: string } | null }): string {
  const what = r.threshold <= 1 ? 'any failure' : `${r.threshold} failures within ${r.windowMinutes} min`;
  return `${r.source === '*' ? 'every source' : r.source}: ${what}, ${r.coolDownMinutes}-minute cool-down${r.quietHours ? `, quiet ${r.quietHours.from}-${r.quietHours.to}` : ''}`;
}

export const notifyCommands: Command[] = [
  {
    path: ['notify', 'test'],
    usage: `hmc notify test ${SMTP_USAGE} [--json]`,
    summary: 'Send a test mail with the configured SMTP settings (the options override them for this run); exit 0 only when the server accepted it.',
    options: SMTP_OPTIONS,
    async run(ctx) {
      const overrides = smtpOverrides(ctx);
      const core = await ctx.core();
      const r = await core.router.invoke('notify.test', { overrides }, { door: 'cli' });
      return { value: r, human: formatTest(r), failed: r.accepted ? undefined : { message: r.message } };
    },
  },
  {
    path: ['notify', 'outbox'],
    usage: 'hmc notify outbox [--limit N] [--json]',
    summary: 'The outbox: mails queued, sent, and failed with the reason, newest first.',
    options: { limit: { type: 'string' } },
    async run(ctx) {
      const raw = ctx.args.values.limit;
      const limit = raw === undefined ? 50 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1_000) throw usageError('--limit must be a whole number from 1 to 1000.');
      const core = await ctx.core();
      const r = await core.router.invoke('notify.outbox', { limit }, { door: 'cli' });
      const head = `${r.counts.queued} queued, ${r.counts.sending} sending, ${r.counts.sent} sent, ${r.counts.failed} failed (${r.location})`;
      return { value: r, human: [head, ...r.items.map(formatItem)].join('\n') };
    },
  },
  {
    path: ['notify', 'resend'],
    usage: 'hmc notify resend ID [--json]',
    summary: 'Queue a mail of the outbox again (a failed one, after fixing the settings).',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const core = await ctx.core();
      const r = await core.router.invoke('notify.retry', { id: ctx.args.positionals[0]! }, { door: 'cli' });
      // Give it its first attempt before the process ends; later retries happen in a watcher or the app.
      await core.services.notify.settle();
      const after = (await core.services.notify.outbox(1_000)).items.find((i) => i.id === r.item.id) ?? r.item;
      const failed =
        after.state === 'sent'
          ? undefined
          : { message: `${after.problem?.message ?? 'The mail was not sent.'}${after.state === 'failed' ? '' : ' It stays queued: a running watcher or the app retries it.'}` };
      return { value: after, human: formatItem(after), failed };
    },
  },
  {
    path: ['notify', 'discard'],
    usage: 'hmc notify discard ID [--json]',
    summary: 'Remove a mail from the outbox.',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const core = await ctx.core();
      const r = await core.router.invoke('notify.discard', { id: ctx.args.positionals[0]! }, { door: 'cli' });
      return { value: r, human: r.discarded ? 'Discarded.' : 'There was no such mail in the outbox.', failed: r.discarded ? undefined : { message: 'There was no such mail in the outbox; "hmc notify outbox" lists them.' } };
    },
  },
  {
    path: ['notify', 'preview'],
    usage: 'hmc notify preview [--hours N] [--json]',
    summary: 'What the alert rules would have mailed over the last 24 hours (or N) of the logs and the desk.',
    options: { hours: { type: 'string' } },
    async run(ctx) {
      const hours = ctx.args.values.hours === undefined ? 24 : Number(ctx.args.values.hours);
      if (!Number.isInteger(hours) || hours < 1 || hours > 168) throw usageError('--hours must be a whole number from 1 to 168.');
      const core = await ctx.core();
      const r = await core.router.invoke('notify.preview', { hours }, { door: 'cli' });
      const lines = [
        `${r.failures} failure(s) since ${r.since}: ${r.mails.length} mail(s), ${r.suppressed} failure(s) without a mail of their own.`,
        `Rules${r.defaultRule ? ' (none configured: the default)' : ''}: ${r.rules.map(describeRule).join('; ')}`,
        ...r.mails.map((m) => `  ${m.at}  ${m.source}  ${m.reason}  ${m.failures} failure(s)${m.suppressedBefore ? ` +${m.suppressedBefore} earlier` : ''}  ${m.user ?? ''}  ${m.error.slice(0, 100)}`),
        ...r.notes.map((n) => `note: ${n}`),
      ];
      return { value: r, human: lines.join('\n') };
    },
  },
  {
    path: ['watch'],
    usage: `hmc watch ${SMTP_USAGE} [--json]`,
    summary: 'Run the alert rules without the window (scheduled task, service): mail failures of the logs and the desk; Ctrl+C stops.',
    options: SMTP_OPTIONS,
    async run(ctx) {
      const overrides = smtpOverrides(ctx);
      const core = await ctx.core();
      const notify = core.services.notify;
      const started = await notify.watch({ overrides });
      if (started.mailProblem) throw usageError(`hmc watch mails what it notices, but ${started.mailProblem.charAt(0).toLowerCase()}${started.mailProblem.slice(1)}`);
      const settings = await core.services.settings.get();
      const sources = settings.logs.sources.filter((s) => s.enabled);
      const doc = { watching: true, pid: process.pid, server: started.server, to: started.to, rules: started.rules, defaultRule: started.isDefault, sources: sources.map((s) => s.name), diagnostics: core.services.diagnostics.path };
      if (ctx.json) ctx.io.stdout.write(`${JSON.stringify(doc)}\n`);
      else {
        ctx.io.stdout.write(
          [
            `Watching ${sources.length} log source(s) (${sources.map((s) => s.name).join(', ') || 'none enabled'}) and the desk's audit trail.`,
            started.isDefault ? 'No alert rule is configured: using the default, any failure with a 15-minute cool-down.' : `Rules: ${started.rules.map(describeRule).join('; ')}`,
            `Mail to ${started.to.join(', ')} through ${started.server}. State in ${core.services.diagnostics.path}. Ctrl+C stops.`,
            '',
          ].join('\n'),
        );
      }
      // The watcher's own timers do not hold the process; this one does, and says how it goes every ten minutes.
      const heartbeat = setInterval(() => core.services.diagnostics.info('Notify watch: running', { ...notify.watchStats }), 10 * 60_000);
      try {
        await ctx.keepAlive();
      } finally {
        clearInterval(heartbeat);
      }
      const stats = notify.watchStats;
      core.services.diagnostics.info('Notify watch: stopping', { ...stats });
      await notify.dispose();
      return { value: undefined };
    },
  },
  {
    path: ['secret', 'set', 'smtp'],
    usage: 'hmc secret set smtp [--user NAME] [--json]',
    summary: 'Store the SMTP password for headless use (asked on a terminal, not echoed): DPAPI on Windows, an owner-only file elsewhere.',
    options: { user: { type: 'string' } },
    async run(ctx) {
      const core = await ctx.core();
      const settings = await core.services.settings.get();
      const user = typeof ctx.args.values.user === 'string' ? ctx.args.values.user : settings.notify.authUser;
      if (!user) throw usageError('No SMTP user is configured: set notify.authUser in Settings > Mail, or give --user NAME.');
      const password = await ctx.askSecret(`SMTP password for ${user}: `);
      if (password === null) throw usageError('hmc secret set smtp asks for the password on a terminal (without echo); run it in an interactive console as the account that will run the watcher.');
      if (!password) throw usageError('The password was empty; nothing was stored.');
      const r = await core.router.invoke('notify.setPassword', { user, password }, { door: 'cli' });
      return { value: r, human: `Stored the SMTP password for ${r.user} (${r.store}).` };
    },
  },
  {
    path: ['secret', 'clear', 'smtp'],
    usage: 'hmc secret clear smtp [--user NAME] [--json]',
    summary: 'Forget the stored SMTP password.',
    options: { user: { type: 'string' } },
    async run(ctx) {
      const core = await ctx.core();
      const user = typeof ctx.args.values.user === 'string' ? ctx.args.values.user : undefined;
      const r = await core.router.invoke('notify.setPassword', { ...(user ? { user } : {}), password: null }, { door: 'cli' });
      return { value: r, human: `Forgot the SMTP password for ${r.user}.` };
    },
  },
];
