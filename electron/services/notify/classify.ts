/**
 * nodemailer's errors as a SendProblem: the kind comes from the error's code, the code Node gave
 * the socket (originalCode), the SMTP command in flight and the server's reply code, never from
 * English text. Each kind is one sentence that says what to do next.
 */
import { redactText } from '../../../shared/secrets';
import type { SendProblem, SendProblemKind, TlsMode } from '../../../shared/notify/schemas';

export interface SendContext {
  host: string;
  port: number;
  tls: TlsMode;
  user: string | null;
}

interface MailError {
  code?: string;
  originalCode?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  timeoutType?: string;
  rejected?: string[];
  message?: string;
  reason?: string;
  library?: string;
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA']);

function isTlsCode(code: string | undefined): boolean {
  if (!code) return false;
  return /^(?:ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|ERR_OSSL_)/.test(code) || code.includes('_CERT');
}

function kindOf(e: MailError): SendProblemKind {
  const code = e.code ?? '';
  const original = e.originalCode;
  const command = (e.command ?? '').toUpperCase();
  if (code === 'EDNS' || DNS_CODES.has(original ?? '') || DNS_CODES.has(code)) return 'host-not-found';
  if (original === 'ECONNREFUSED' || code === 'ECONNREFUSED') return 'connection-refused';
  if (code === 'ETIMEDOUT' || original === 'ETIMEDOUT') return 'timeout';
  if (code === 'ETLS' && command === 'STARTTLS' && e.responseCode) return 'starttls-missing';
  if (code === 'ETLS' || isTlsCode(original) || isTlsCode(code) || e.library === 'SSL routines') return 'tls-failed';
  if (code === 'ENOAUTH') return 'auth-missing';
  if (code === 'EAUTH') return 'auth-rejected';
  if (code === 'EENVELOPE' || command.startsWith('MAIL FROM') || command.startsWith('RCPT TO')) {
    if (command.startsWith('MAIL FROM')) return e.responseCode === 530 ? 'auth-required' : 'sender-refused';
    return 'recipient-refused';
  }
  if (e.responseCode === 530) return 'auth-required';
  if (code === 'EMESSAGE' || command === 'DATA' || command.startsWith('DATA')) return 'message-refused';
  if (e.responseCode) return 'server-error';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || original === 'ECONNRESET' || original === 'EPIPE') return 'server-error';
  return 'unknown';
}

function sentence(kind: SendProblemKind, e: MailError, c: SendContext): string {
  const at = `${c.host}:${c.port}`;
  switch (kind) {
    case 'host-not-found':
      return `The SMTP server name ${c.host} does not resolve: check the server name in Settings > Mail (or --smtp).`;
    case 'connection-refused':
      return `The SMTP server ${at} refused the connection: check the server and port (25 or 587 for STARTTLS, 465 for implicit TLS) and that the relay is running.`;
    case 'timeout':
      return `The SMTP server ${at} did not answer in time${e.timeoutType === 'GREETING_TIMEOUT' ? ' (no greeting: an implicit-TLS port answers only after a TLS handshake)' : ''}: check the port, the TLS mode and any firewall between here and the relay.`;
    case 'starttls-missing':
      return `The SMTP server ${at} does not offer STARTTLS, which the TLS mode requires: use implicit TLS (usually port 465) if the relay offers it, or TLS "none" only for a relay on a trusted network.`;
    case 'tls-failed':
      return `The TLS handshake with ${at} failed (${e.originalCode ?? e.code ?? 'TLS error'}): check the TLS mode matches the port, and that the server's certificate names ${c.host} and is issued by a CA this machine trusts (add an internal CA in Settings > Connectivity).`;
    case 'auth-missing':
      return `No password is stored for the SMTP user ${c.user ?? ''}: enter it in Settings > Mail, or run "hmc secret set smtp" on a terminal.`;
    case 'auth-rejected':
      return `The SMTP server ${at} rejected the sign-in of ${c.user ?? 'the configured user'}: check the user name and store the password again.`;
    case 'auth-required':
      return `The SMTP server ${at} requires authentication: set the SMTP user in Settings > Mail and store its password.`;
    case 'sender-refused':
      return `The SMTP server ${at} refused the sender address: use a From address the relay allows for this machine.`;
    case 'recipient-refused':
      return `The SMTP server ${at} refused ${e.rejected?.length ? `the recipient(s) ${e.rejected.join(', ')}` : 'the recipients'}: check the addresses, and that the relay accepts mail to them from this machine.`;
    case 'message-refused':
      return `The SMTP server ${at} refused the message itself: the reply below says why (size, content filter); ask the mail team if it persists.`;
    case 'server-error':
      return `The SMTP server ${at} closed the connection or answered with an error: try again; if it persists, the reply below says why.`;
    case 'not-configured':
      return 'No SMTP server is configured: set one in Settings > Mail (or give --smtp HOST[:PORT]).';
    default:
      return `Sending through ${at} failed for a reason the console does not recognise: the detail below has the error.`;
  }
}

const PERMANENT: ReadonlySet<SendProblemKind> = new Set<SendProblemKind>([
  'starttls-missing',
  'tls-failed',
  'auth-missing',
  'auth-rejected',
  'auth-required',
  'sender-refused',
  'not-configured',
]);

export function classifySendError(error: unknown, ctx: SendContext): SendProblem {
  const e: MailError = error && typeof error === 'object' ? (error as MailError) : { message: String(error) };
  const kind = kindOf(e);
  const codes = [e.code, e.originalCode].filter(Boolean).join('/');
  const reply = e.response ?? e.reason ?? e.message ?? '';
  const detail = redactText(`${codes ? `${codes}: ` : ''}${e.command ? `${e.command}: ` : ''}${reply}`.slice(0, 1_000)) || null;
  let transient = !PERMANENT.has(kind);
  if (e.responseCode) transient = e.responseCode >= 400 && e.responseCode < 500;
  if (kind === 'recipient-refused' && e.responseCode === undefined) transient = false;
  return { kind, message: sentence(kind, e, ctx), detail, transient };
}

export function notConfigured(problem: string): SendProblem {
  return { kind: 'not-configured', message: problem, detail: null, transient: false };
}
