/**
 * Real loopback servers for the connectivity tests and benchmark: HTTP/HTTPS answering /PowerShell/,
 * a port that accepts and never answers, a closed port, SMTP (smtp-server) with and without STARTTLS,
 * and a throwaway PKI made with the openssl CLI at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface Pem {
  key: string;
  cert: string;
}

export interface Pki {
  dir: string;
  caFile: string;
  /** CA-signed, SAN localhost + 127.0.0.1, valid. */
  good: Pem;
  /** CA-signed, expired yesterday. */
  expired: Pem;
  /** CA-signed for other.example only. */
  mismatch: Pem;
  /** Self-signed for localhost. */
  selfSigned: Pem;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makePki(): Pki {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-pki-'));
  openssl(['req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '800', '-subj', '/CN=HMC Test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  const leaf = (name: string, san: string, days: string): Pem => {
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    openssl(['req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${san.split(',')[0]?.replace(/^DNS:/, '')}`], dir);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`], dir);
    return { key: readFileSync(join(dir, `${name}.key`), 'utf8'), cert: readFileSync(join(dir, `${name}.pem`), 'utf8') };
  };
  const good = leaf('good', 'DNS:localhost,IP:127.0.0.1', '400');
  const expired = leaf('expired', 'DNS:localhost,IP:127.0.0.1', '-1');
  const mismatch = leaf('mismatch', 'DNS:other.example', '20');
  openssl(['req', '-x509', ...EC, '-keyout', 'self.key', '-out', 'self.pem', '-days', '20', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], dir);
  const selfSigned = { key: readFileSync(join(dir, 'self.key'), 'utf8'), cert: readFileSync(join(dir, 'self.pem'), 'utf8') };
  return { dir, caFile: join(dir, 'ca.pem'), good, expired, mismatch, selfSigned };
}

export interface Running {
  port: number;
  /** Connections open on this server right now. */
  open(): number;
  close(): Promise<void>;
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return sockets;
}

async function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  const sockets = track(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    open: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type PowerShellBehaviour =
  | { kind: 'challenge'; schemes: readonly string[] }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'silent' };

function handler(b: PowerShellBehaviour) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (b.kind === 'silent') return; // accept, read, never answer
    if (!req.url?.toLowerCase().startsWith('/powershell')) {
      res.writeHead(404).end();
      return;
    }
    if (b.kind === 'challenge') {
      res.writeHead(401, [['Content-Length', '0'], ...b.schemes.map((s) => ['WWW-Authenticate', s] as [string, string])]).end();
      return;
    }
    res.writeHead(b.status, { 'Content-Length': '0', ...b.headers }).end();
  };
}

export function httpServer(b: PowerShellBehaviour, host?: string): Promise<Running> {
  return listen(createHttpServer(handler(b)), host);
}

export function httpsServer(pem: Pem, b: PowerShellBehaviour, host?: string): Promise<Running> {
  return listen(createHttpsServer({ key: pem.key, cert: pem.cert }, handler(b)), host);
}

/** Accepts TCP and never says a word (no HTTP answer, no TLS handshake). */
export function silentServer(host?: string): Promise<Running> {
  return listen(createNetServer(() => undefined), host);
}

/** A port that was free a moment ago: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const s = await listen(createNetServer());
  await s.close();
  return s.port;
}

export async function smtpServer(opts: { starttls: boolean; pem?: Pem; implicit?: boolean }): Promise<Running> {
  const server = new SMTPServer({
    authOptional: true,
    secure: opts.implicit === true,
    // No PTR query for the client's address: tests send traffic to loopback only.
    disableReverseLookup: true,
    hideSTARTTLS: !opts.starttls,
    ...(opts.pem ? { key: opts.pem.key, cert: opts.pem.cert } : {}),
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => callback());
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, open: () => 0, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
