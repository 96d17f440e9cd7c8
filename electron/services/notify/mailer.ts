/**
 * The SMTP side: which server, TLS mode, account and addresses apply (settings, then this run's
 * overrides), and one send through nodemailer. Certificates are verified against Node's roots plus
 * the organisation's CAs (Settings > Connectivity > extra CA files); nothing here relaxes that.
 */
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { createTransport } from 'nodemailer';
import type { SecureContext } from 'node:tls';
import type { ComposedMail, SendProblem, SmtpOverrides, TlsMode } from '../../../shared/notify/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { classifySendError, notConfigured, type SendContext } from './classify';

export interface SmtpConfig {
  host: string;
  port: number;
  tls: TlsMode;
  user: string | null;
  password: string | null;
  from: string;
  to: string[];
  subjectPrefix: string;
}

export interface SendOutcome {
  /** The server's reply to the message (e.g. "250 OK"). */
  response: string;
  accepted: string[];
  rejected: string[];
  messageId: string;
}

/** Thrown by sendMail: the problem says what happened, as a sentence. */
export class SendFailure extends Error {
  constructor(readonly problem: SendProblem) {
    super(problem.message);
    this.name = 'SendFailure';
  }
}

export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** `HOST[:PORT]` (IPv6 in brackets) as the --smtp option gives it. */
export function parseHostPort(text: string): { host: string; port: number | undefined } | null {
  const t = text.trim();
  const v6 = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(t);
  const plain = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(t);
  const m = v6 ?? plain;
  if (!m) return null;
  const port = m[2] === undefined ? undefined : Number(m[2]);
  if (port !== undefined && (port < 1 || port > 65_535)) return null;
  return { host: m[1]!, port };
}

export function secretKeyFor(user: string): string {
  return `smtp:${user.toLowerCase()}`;
}

/** The configuration in effect, or the sentence saying what is missing. */
export function smtpSettings(settings: Settings, overrides: SmtpOverrides = {}): { config: Omit<SmtpConfig, 'password'> } | { problem: string } {
  const n = settings.notify;
  const host = overrides.smtpHost ?? n.smtpHost;
  const tls = overrides.tls ?? n.tls;
  const port = overrides.smtpPort ?? (overrides.smtpHost !== undefined || n.smtpHost === null ? defaultPort(tls) : n.smtpPort);
  const from = overrides.from ?? n.from;
  const to = overrides.to ?? n.to;
  if (!host) return { problem: 'No SMTP server is configured: set one in Settings > Mail, or give --smtp HOST[:PORT].' };
  if (!from) return { problem: 'No sender address is configured: set "From" in Settings > Mail, or give --from ADDR.' };
  if (!to.length) return { problem: 'No recipient is configured: add one in Settings > Mail, or give --to ADDR.' };
  return { config: { host, port, tls, user: n.authUser, from, to, subjectPrefix: n.subjectPrefix } };
}

export function defaultPort(tls: TlsMode): number {
  return tls === 'implicit' ? 465 : 25;
}

export function describeServer(c: Pick<SmtpConfig, 'host' | 'port'>): string {
  return isIP(c.host) === 6 ? `[${c.host}]:${c.port}` : `${c.host}:${c.port}`;
}

export interface SendOptions {
  secureContext?: SecureContext;
  /** Message-ID (stable per outbox item, so a retried mail is recognisably the same mail). */
  messageId?: string;
  timeouts?: Partial<typeof SMTP_TIMEOUTS>;
}

export async function sendMail(c: SmtpConfig, mail: ComposedMail, opts: SendOptions = {}): Promise<SendOutcome> {
  const ctx: SendContext = { host: c.host, port: c.port, tls: c.tls, user: c.user };
  if (c.user && !c.password) {
    throw new SendFailure(classifySendError({ code: 'ENOAUTH' }, ctx));
  }
  const transport = createTransport({
    host: c.host,
    port: c.port,
    secure: c.tls === 'implicit',
    requireTLS: c.tls === 'starttls',
    ignoreTLS: c.tls === 'none',
    ...(c.user ? { auth: { user: c.user, pass: c.password ?? '' } } : {}),
    name: hostname(),
    ...SMTP_TIMEOUTS,
    ...opts.timeouts,
    disableFileAccess: true,
    disableUrlAccess: true,
    tls: {
      ...(opts.secureContext ? { secureContext: opts.secureContext } : {}),
      ...(isIP(c.host) ? {} : { servername: c.host }),
      minVersion: 'TLSv1.2',
    },
  });
  try {
    const info = await transport.sendMail({
      from: c.from,
      to: c.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ...(opts.messageId ? { messageId: opts.messageId } : {}),
      attachments: mail.attachments.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
    });
    const list = (v: unknown): string[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : String((x as { address?: string }).address ?? x))) : []);
    return { response: String(info.response ?? ''), accepted: list(info.accepted), rejected: list(info.rejected), messageId: String(info.messageId ?? '') };
  } catch (e) {
    throw new SendFailure(classifySendError(e, ctx));
  } finally {
    transport.close();
  }
}

export function notConfiguredFailure(problem: string): SendFailure {
  return new SendFailure(notConfigured(problem));
}
