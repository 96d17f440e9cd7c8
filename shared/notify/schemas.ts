/**
 * Failure mail and alerts: the settings (`notify` in settings.json), what a failure is, the outbox,
 * and the operations' inputs and outputs. Pure: the mail itself is sent in electron/services/notify.
 */
import { z } from 'zod';

/** How the SMTP connection is protected: none, STARTTLS required (the default), or TLS from the first byte. */
export const TlsMode = z.enum(['none', 'starttls', 'implicit']);
export type TlsMode = z.infer<typeof TlsMode>;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use 24-hour HH:MM, e.g. 22:00.' });

/** Local times between which no alert mail or notification goes out (may wrap midnight: 22:00-06:00). */
export const QuietHours = z.object({ from: HHMM, to: HHMM }).strict();
export type QuietHours = z.infer<typeof QuietHours>;

/** The source names a rule may use besides a configured log source's name. */
export const ANY_SOURCE = '*';
export const DESK_SOURCE = 'desk';

export const AlertRule = z
  .object({
    /** A configured log source's name, `desk` (the mailbox desk's failed changes) or `*` (every source, each counted apart). */
    source: z.string().min(1).max(100).default(ANY_SOURCE),
    /** Failures within `windowMinutes` that make one alert: 1 = any failure. */
    threshold: z.number().int().min(1).max(10_000).default(1),
    windowMinutes: z.number().int().min(1).max(1_440).default(15),
    quietHours: QuietHours.nullable().default(null),
    /** After an alert, further failures of the same source are counted, not mailed, for this long (0 = every alert mails). */
    coolDownMinutes: z.number().int().min(0).max(1_440).default(15),
  })
  .strict();
export type AlertRule = z.infer<typeof AlertRule>;

/** What applies when no rule is configured: any failure, a 15-minute cool-down. */
export const DEFAULT_ALERT_RULE: AlertRule = { source: ANY_SOURCE, threshold: 1, windowMinutes: 15, quietHours: null, coolDownMinutes: 15 };

export const NotifySettings = z.object({
  /** The SMTP relay; null = no mail (desktop and browser notifications still work). */
  smtpHost: z.string().max(255).nullable().default(null),
  smtpPort: z.number().int().min(1).max(65_535).default(25),
  tls: TlsMode.default('starttls'),
  /** SMTP user; null = the relay needs no authentication. The password lives in the secret store (`smtp:<user>`), never here. */
  authUser: z.string().max(256).nullable().default(null),
  from: z.string().max(320).nullable().default(null),
  to: z.array(z.string().max(320)).max(50).default([]),
  subjectPrefix: z.string().max(60).default('[HMC]'),
  /** Empty = the default rule (any failure, 15-minute cool-down). */
  alerts: z.array(AlertRule).max(50).default([]),
  /** Desktop (Electron) and browser (web host) notifications for the same rules. */
  desktopNotifications: z.boolean().default(true),
});
export type NotifySettings = z.infer<typeof NotifySettings>;

/** Per-run overrides (`hmc notify test` / `hmc watch` options): they never touch the settings file. */
export const SmtpOverrides = z
  .object({
    smtpHost: z.string().min(1).max(255).optional(),
    smtpPort: z.number().int().min(1).max(65_535).optional(),
    tls: TlsMode.optional(),
    from: z.string().min(3).max(320).optional(),
    to: z.array(z.string().min(3).max(320)).min(1).max(50).optional(),
  })
  .strict();
export type SmtpOverrides = z.infer<typeof SmtpOverrides>;

// ---------------------------------------------------------------------------------------------
// Failures

export const FailureKind = z.enum(['log', 'desk', 'bulk']);

/** Where the failure can be opened in the console (the Logs page entry, or the audit record). */
export const FailureLink = z.object({
  file: z.string(),
  offset: z.number().int().min(0),
  source: z.string().nullable(),
});
export type FailureLink = z.infer<typeof FailureLink>;

/** One failure, whatever noticed it: a rule's error entry, a desk change that failed, later a bulk job item. */
export const Failure = z.object({
  /** Stable fingerprint: the same failure seen twice (two processes, a restart) has the same id. */
  id: z.string(),
  kind: FailureKind,
  /** The log source's name, `desk`, or `bulk`. */
  source: z.string(),
  /** When it happened as recorded (log entries: local time as written, no zone; desk: ISO with zone). */
  time: z.string().nullable(),
  user: z.string().nullable(),
  /** The rule (ConnectorAfterCreate...) or the desk operation (mailbox.enable...). */
  operation: z.string(),
  /** The raw error text (first part of the entry or the error message). */
  error: z.string(),
  /** The desk's error code when there is one. */
  code: z.string().nullable(),
  /** The Exchange host concerned, when known. */
  host: z.string().nullable(),
  /** The command as typed (desk), for the mail. */
  command: z.string().nullable(),
  link: FailureLink.nullable(),
});
export type Failure = z.infer<typeof Failure>;

// ---------------------------------------------------------------------------------------------
// Mail and outbox

export const MailAttachment = z.object({
  filename: z.string(),
  contentType: z.string(),
  content: z.string(),
});
export type MailAttachment = z.infer<typeof MailAttachment>;

export const ComposedMail = z.object({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  attachments: z.array(MailAttachment),
});
export type ComposedMail = z.infer<typeof ComposedMail>;

/** Why a mail was not accepted, as a kind the UI and the CLI can tell apart. */
export const SendProblemKind = z.enum([
  'not-configured',
  'host-not-found',
  'connection-refused',
  'timeout',
  'tls-failed',
  'starttls-missing',
  'auth-missing',
  'auth-rejected',
  'auth-required',
  'sender-refused',
  'recipient-refused',
  'message-refused',
  'server-error',
  'unknown',
]);
export type SendProblemKind = z.infer<typeof SendProblemKind>;

export const SendProblem = z.object({
  kind: SendProblemKind,
  /** One sentence saying what went wrong and what to do next. */
  message: z.string(),
  /** The server's reply or the socket error, redacted. */
  detail: z.string().nullable(),
  /** Worth trying again later (connection problems, 4xx replies). */
  transient: z.boolean(),
});
export type SendProblem = z.infer<typeof SendProblem>;

export const OutboxState = z.enum(['queued', 'sending', 'sent', 'failed']);

export const OutboxItem = z.object({
  id: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  state: OutboxState,
  /** What the mail is about. */
  reason: z.enum(['failure', 'alert', 'quiet-hours', 'test']),
  subject: z.string(),
  to: z.array(z.string()),
  attempts: z.number().int().min(0),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** The last send problem (failed: why it finally failed). */
  problem: SendProblem.nullable(),
  /** The failures the mail reports (ids), for the desktop and the preview. */
  failures: z.array(z.string()),
  /** The process currently sending it and until when (another process takes over after that). */
  lease: z.object({ owner: z.string(), until: z.string() }).nullable(),
});
export type OutboxItem = z.infer<typeof OutboxItem>;

/** An outbox item with its message (what is kept on disk). */
export const StoredMail = OutboxItem.extend({ mail: ComposedMail });
export type StoredMail = z.infer<typeof StoredMail>;

// ---------------------------------------------------------------------------------------------
// Operations

export const NotifyTestInput = z
  .object({
    /** Overrides for this test only. */
    overrides: SmtpOverrides.optional(),
  })
  .strict();
export const NotifyTestOutput = z.object({
  accepted: z.boolean(),
  /** One sentence: what happened (and what to do next when it failed). */
  message: z.string(),
  problem: SendProblem.nullable(),
  /** What was used: host:port, TLS mode, user, recipients. */
  server: z.string(),
  tls: TlsMode,
  authUser: z.string().nullable(),
  to: z.array(z.string()),
  /** The server's final reply when accepted (e.g. "250 OK: queued"). */
  response: z.string().nullable(),
  durationMs: z.number().min(0),
});
export type NotifyTestOutput = z.infer<typeof NotifyTestOutput>;

export const NotifyOutboxInput = z.object({ limit: z.number().int().min(1).max(1_000).default(200) }).strict();
export const NotifyOutboxOutput = z.object({
  /** Newest first. */
  items: z.array(OutboxItem),
  counts: z.object({ queued: z.number().int(), sending: z.number().int(), sent: z.number().int(), failed: z.number().int() }),
  /** The outbox folder (for the admin, and for support). */
  location: z.string(),
});

export const NotifyItemInput = z.object({ id: z.string().min(1).max(100) }).strict();
export const NotifyRetryOutput = z.object({ item: OutboxItem });
export const NotifyDiscardOutput = z.object({ discarded: z.boolean() });

export const NotifyPasswordInput = z
  .object({
    /** Default: the configured authentication user. */
    user: z.string().min(1).max(256).optional(),
    /** Null forgets the stored password. */
    password: z.string().min(1).max(1_024).nullable(),
  })
  .strict();
export const NotifyPasswordOutput = z.object({
  user: z.string(),
  stored: z.boolean(),
  /** Where it lives: the OS keychain (desktop), DPAPI or an owner-only file (headless), or memory. */
  store: z.string(),
  persistent: z.boolean(),
});

export const NotifyStatusOutput = z.object({
  configured: z.boolean(),
  /** One sentence on what is missing when not configured. */
  problem: z.string().nullable(),
  server: z.string().nullable(),
  tls: TlsMode,
  authUser: z.string().nullable(),
  passwordStored: z.boolean(),
  rules: z.array(AlertRule),
  defaultRule: z.boolean(),
  watching: z.boolean(),
  outbox: z.object({ queued: z.number().int(), failed: z.number().int() }),
});

export const NotifyPreviewInput = z
  .object({
    /** Rules to try (default: the configured ones, or the default rule). */
    rules: z.array(AlertRule).max(50).optional(),
    hours: z.number().int().min(1).max(168).default(24),
  })
  .strict();

export const PreviewMail = z.object({
  /** When the mail would have gone out (the failure's time). */
  at: z.string(),
  source: z.string(),
  reason: z.enum(['alert', 'quiet-hours']),
  /** Failures the mail would have reported (itself and those counted since the previous mail, or held in quiet hours). */
  failures: z.number().int().min(1),
  /** The failure that triggered it. */
  user: z.string().nullable(),
  error: z.string(),
  /** Of those, the failures counted but not mailed one by one before this mail (cool-down, below threshold). */
  suppressedBefore: z.number().int().min(0),
});

export const NotifyPreviewOutput = z.object({
  since: z.string(),
  failures: z.number().int().min(0),
  mails: z.array(PreviewMail),
  /** Failures that sent no mail of their own (cool-down, below threshold, quiet hours). */
  suppressed: z.number().int().min(0),
  rules: z.array(AlertRule),
  defaultRule: z.boolean(),
  /** Set when a part could not be read (a source, the audit trail). */
  notes: z.array(z.string()),
});
export type NotifyPreviewOutput = z.infer<typeof NotifyPreviewOutput>;

/** The seam for the desk (per-action opt-in), the bulk runner and the user's story: mail this failure now. */
export const NotifyMailFailureInput = z
  .object({
    failure: Failure.omit({ id: true }).extend({ id: z.string().optional() }),
    /** The user's story verdict (filled by the user's story capability). */
    story: z.object({ verdict: z.string().max(2_000), details: z.string().max(20_000).nullable() }).nullable().default(null),
  })
  .strict();
export type NotifyMailFailureInput = z.output<typeof NotifyMailFailureInput>;
export const NotifyMailFailureOutput = z.object({ queued: z.boolean(), item: OutboxItem.nullable(), problem: z.string().nullable() });

// ---------------------------------------------------------------------------------------------
// Events

/** An alert fired under the rules: the desktop shows a notification, the renderer may show a browser one. */
export const NotifyAlertEvent = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  source: z.string(),
  failures: z.number().int().min(1),
  /** The entry to open when the notification is clicked (null: the audit trail / no entry). */
  link: FailureLink.nullable(),
  kind: FailureKind,
});
export type NotifyAlertEvent = z.infer<typeof NotifyAlertEvent>;

/** Someone clicked a desktop notification: the renderer opens the entry. */
export const NotifyOpenEvent = z.object({ link: FailureLink.nullable(), kind: FailureKind });
export type NotifyOpenEvent = z.infer<typeof NotifyOpenEvent>;

/** The outbox changed (queued, sent, failed, discarded): the Mail section refreshes. */
export const NotifyOutboxEvent = z.object({ id: z.string(), state: OutboxState.or(z.literal('discarded')), subject: z.string(), problem: z.string().nullable() });
