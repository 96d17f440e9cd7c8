/**
 * The local web host: the built renderer plus the same operations over HTTP, on 127.0.0.1 only.
 *
 *   POST /api/<operation>   JSON body -> 200 with the result envelope
 *   POST /api/events        {"events":[...]} -> 200, a stream of NDJSON lines {event, payload}
 *
 * Every /api call needs `Authorization: Bearer <token>` (a random token per launch, handed to the
 * browser in the URL fragment so it never reaches a server log); otherwise 401. A Host header that
 * is not a loopback name gets 403 (DNS rebinding). No CORS headers are ever sent.
 *
 * A page names itself with `X-Hmc-Caller: <random id>` on every call and event stream. What the
 * core opens for that caller (follows, opened logs) ends when the page has had no event stream
 * for CALLER_GRACE_MS (the tab closed, or the browser went away); calls without the header
 * belong to the host itself and end when it closes.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { isEventName, type EventName } from '../../shared/contract';
import type { Core } from '../app/core';
import { toErrorEnvelope } from '../core/router';
import { HmcError } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { CallerRegistry, type Caller } from '../core/callers';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** How long a page may be without an event stream (a reconnect, a changed subscription) before it counts as gone. */
export const CALLER_GRACE_MS = 10_000;
const CALLER_ID = /^[A-Za-z0-9_-]{8,64}$/;

export { CONTENT_SECURITY_POLICY };

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

export interface WebHostOptions {
  core: Core;
  port?: number;
  /** Built renderer folder; defaults to out/renderer beside the app. */
  rendererDir?: string;
  /** For tests only: a fixed token. */
  token?: string;
  /** For tests only: a shorter grace before a page without an event stream counts as gone. */
  callerGraceMs?: number;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function isLoopbackHostHeader(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m) return false;
  const name = m[1] ?? '';
  const p = m[2] === undefined ? 80 : Number(m[2]);
  return LOOPBACK_HOSTS.has(name) && p === port;
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m || !m[1]) return false;
  const a = Buffer.from(m[1]);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new HmcError('INPUT_TOO_LARGE', `The request body is over ${MAX_BODY_BYTES / 1024 / 1024} MB; send a smaller document.`);
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HmcError('INVALID_INPUT', 'The request body is not valid JSON.');
  }
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const rendererDir = opts.rendererDir ?? join(opts.core.services.paths.appRoot, 'out', 'renderer');
  const { core } = opts;
  let port = 0;
  /** Open event streams and how to stop each (unsubscribe, end). */
  const streams = new Map<ServerResponse, () => void>();
  const callers = new CallerRegistry('http', core.services.diagnostics);
  /** Open event streams per caller id, and the timers that end callers left without one. */
  const presence = new Map<string, number>();
  const goneTimers = new Map<string, NodeJS.Timeout>();
  const graceMs = opts.callerGraceMs ?? CALLER_GRACE_MS;

  function callerOf(req: IncomingMessage): Caller | undefined {
    const id = req.headers['x-hmc-caller'];
    return typeof id === 'string' && CALLER_ID.test(id) ? callers.get(id) : undefined;
  }

  function streamOpened(id: string): void {
    clearTimeout(goneTimers.get(id));
    goneTimers.delete(id);
    presence.set(id, (presence.get(id) ?? 0) + 1);
  }

  function streamClosed(id: string): void {
    const left = (presence.get(id) ?? 1) - 1;
    if (left > 0) {
      presence.set(id, left);
      return;
    }
    presence.delete(id);
    const timer = setTimeout(() => {
      goneTimers.delete(id);
      void callers.end(id);
    }, graceMs);
    timer.unref();
    goneTimers.set(id, timer);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const rel = normalize(pathname === '/' ? '/index.html' : pathname).replace(/^([/\\])+/, '');
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep) || rel.includes('\0')) {
      res.writeHead(404).end();
      return;
    }
    let target = file;
    try {
      const st = await stat(target);
      if (!st.isFile()) throw new Error('not a file');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code && code !== 'ENOENT' && code !== 'ENOTDIR') {
        core.services.diagnostics.warn('The web host could not read a file of the renderer folder', { file: rel, code });
      }
      // Client-side routes fall back to the app page.
      if (extname(rel)) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
        return;
      }
      target = join(rendererDir, 'index.html');
    }
    const type = MIME[extname(target)] ?? 'application/octet-stream';
    const headers: Record<string, string> = { 'Content-Type': type };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['Cache-Control'] = 'no-store';
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(target)
      .on('error', (e) => {
        core.services.diagnostics.warn('The web host could not read a file of the renderer folder', { file: rel, error: e.message });
        res.destroy();
      })
      .pipe(res);
  }

  async function serveEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = (await readBody(req)) as { events?: unknown };
    const names = Array.isArray(body.events) ? body.events : [];
    const bad = names.find((n) => !isEventName(n));
    if (bad !== undefined || names.length === 0) {
      sendJson(res, 200, toErrorEnvelope(new HmcError('INVALID_INPUT', `Unknown or missing event stream name ${JSON.stringify(bad ?? null)}.`)));
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/x-ndjson; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const offs = (names as EventName[]).map((name) =>
      core.services.events.subscribe(name, (payload) => {
        if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify({ event: name, payload })}\n`);
      }),
    );
    res.write(`${JSON.stringify({ event: 'ready', payload: null })}\n`);
    const heartbeat = setInterval(() => res.write('\n'), 15_000);
    heartbeat.unref();
    const callerId = callerOf(req)?.id;
    if (callerId) streamOpened(callerId);
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearInterval(heartbeat);
      for (const off of offs) off();
      streams.delete(res);
      if (callerId) streamClosed(callerId);
    };
    streams.set(res, stop);
    req.on('close', stop);
    res.on('close', stop);
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (!tokenMatches(req.headers.authorization, token)) {
      sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: 'This API needs the token printed by "hmc serve" (Authorization: Bearer <token>).' } });
      return;
    }
    if (name === 'events') return serveEvents(req, res);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let input: unknown;
    try {
      input = await readBody(req);
    } catch (e) {
      sendJson(res, 200, toErrorEnvelope(e, core.services.diagnostics, 'reading a request body'));
      return;
    }
    const caller = callerOf(req);
    const envelope = await core.router.call(name, input, { door: 'http', signal: controller.signal, ...(caller ? { caller } : {}) });
    sendJson(res, 200, envelope);
  }

  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!isLoopbackHostHeader(req.headers.host, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: this console answers only to 127.0.0.1 / localhost.');
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handle = path.startsWith('/api/') ? serveApi(req, res, decodeURIComponent(path.slice('/api/'.length))) : serveStatic(req, res);
    handle.catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, toErrorEnvelope(e, core.services.diagnostics, `${req.method ?? '?'} request`));
      else res.destroy();
    });
  });
  server.requestTimeout = 0;
  server.headersTimeout = 30_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  return {
    url,
    port,
    token,
    close: () =>
      new Promise<void>((resolveClose) => {
        // Unsubscribe first: events emitted while the core shuts down must not write to ended streams.
        for (const [res, stop] of [...streams]) {
          stop();
          res.end();
        }
        for (const t of goneTimers.values()) clearTimeout(t);
        goneTimers.clear();
        server.closeAllConnections();
        server.close(() => {
          void callers.endAll().finally(() => resolveClose());
        });
      }),
  };
}
