/**
 * A real SMTP server (smtp-server) on 127.0.0.1 for the notify tests and benchmark: plain, STARTTLS or
 * implicit TLS with a throwaway CA's certificate (smtp-server's own certificate has expired), optional
 * AUTH, recipients it refuses. It keeps every message exactly as received (raw bytes) and parsed by
 * mailparser, so tests judge what arrived, not what nodemailer was handed.
 */
import { createServer, type AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { Pem } from '../integration/connectivity/servers';

export interface Received {
  raw: Buffer;
  parsed: ParsedMail;
  from: string;
  to: string[];
  user: string | null;
  /** The session ran over TLS (STARTTLS or implicit). */
  secure: boolean;
  /** When the server accepted the message (performance.now()). */
  at: number;
}

export interface MailServerOptions {
  tls?: 'none' | 'starttls' | 'implicit';
  pem?: Pem;
  auth?: { user: string; pass: string };
  refuse?: string[];
  port?: number;
}

export interface MailServer {
  port: number;
  received: Received[];
  /** Resolves once `n` messages have arrived (rejects after timeoutMs). */
  waitFor(n: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startMailServer(o: MailServerOptions = {}): Promise<MailServer> {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const tls = o.tls ?? 'none';
  const disabled: string[] = [];
  if (tls === 'none') disabled.push('STARTTLS');
  if (!o.auth) disabled.push('AUTH');
  const opts: SMTPServerOptions = {
    secure: tls === 'implicit',
    ...(tls !== 'none' && o.pem ? { key: o.pem.key, cert: o.pem.cert } : {}),
    disabledCommands: disabled,
    authOptional: !o.auth,
    logger: false,
    banner: 'hmc test relay',
    onAuth(auth, _session, cb) {
      if (o.auth && auth.username === o.auth.user && auth.password === o.auth.pass) cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
    },
    onMailFrom(_address, session, cb) {
      if (o.auth && !session.user) return cb(Object.assign(new Error('Authentication required'), { responseCode: 530 }));
      cb();
    },
    onRcptTo(address, _session, cb) {
      if (o.refuse?.includes(address.address)) return cb(Object.assign(new Error(`No such user here: ${address.address}`), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const at = performance.now();
        // The session is reset for the next message once we answer: take what we need now.
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        const to = session.envelope.rcptTo.map((r) => r.address);
        const user = (session.user as string | undefined) ?? null;
        const secure = session.secure;
        void simpleParser(raw).then((parsed) => {
          received.push({ raw, parsed, from, to, user, secure, at });
          for (const w of waiters.splice(0)) w();
        });
        cb(null, 'Message queued as hmc-test');
      });
    },
  };
  const server = new SMTPServer(opts);
  // Clients that hang up mid-handshake (the TLS-failure tests) are expected: nothing to report.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    waitFor(n, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (received.length >= n) {
            clearTimeout(timer);
            resolve(received);
          } else waiters.push(check);
        };
        const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${n} mail(s) arrived in ${timeoutMs} ms`)), timeoutMs);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on (bound once, then released). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
