/**
 * The loopback SMTP capture a replayed rule's mail goes to (smtp-server on 127.0.0.1, a random port):
 * every message is kept as raw bytes, AUTH is accepted and remembered by user name only (with whether
 * the password was one of the request's secrets; the password itself is never stored).
 */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
const MAX_MESSAGES = 50;

export interface CapturedMessage {
  raw: string;
  envelopeFrom: string | null;
  envelopeTo: string[];
  authUser: string | null;
  /** The AUTH password was one of the request's secret values. */
  authWithPlanSecret: boolean;
}

export interface SmtpCapture {
  port: number;
  messages: CapturedMessage[];
  close(): Promise<void>;
}

export async function startSmtpCapture(planSecrets: readonly string[]): Promise<SmtpCapture> {
  const messages: CapturedMessage[] = [];
  const auth = new Map<string, { user: string; planSecret: boolean }>();
  const server = new SMTPServer({
    authOptional: true,
    // The replay forces a plain connection (the script's EnableSsl is recorded, not used).
    hideSTARTTLS: true,
    disabledCommands: ['STARTTLS'],
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    logger: false,
    size: MAX_MESSAGE_BYTES,
    onAuth(a, session, callback) {
      auth.set(session.id, { user: a.username ?? '', planSecret: typeof a.password === 'string' && planSecrets.includes(a.password) });
      callback(null, { user: a.username ?? '' });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= MAX_MESSAGE_BYTES) chunks.push(c);
      });
      stream.on('end', () => {
        if (messages.length < MAX_MESSAGES) {
          const a = auth.get(session.id);
          messages.push({
            raw: Buffer.concat(chunks).toString('latin1'),
            envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
            envelopeTo: session.envelope.rcptTo.map((r) => r.address),
            authUser: a?.user ?? null,
            authWithPlanSecret: a?.planSecret ?? false,
          });
        }
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  server.on('error', () => {
    // A client that breaks the conversation is the replayed script's problem, not the console's: its mail is simply not captured.
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
