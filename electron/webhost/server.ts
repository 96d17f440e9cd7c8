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
 * Every request passes the boundary (./boundary.ts) first: malformed addresses are 400/414, the
 * parser's refusals and timeouts get a status line, and nothing a client sends ends the process.
 * Requests without the token are refused before their body is read.
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
import {
  answer,
  answerClientError,
  checkingIntervalMs,
  ClientGone,
  HttpRefusal,
  MAX_BODY_BYTES,
  parseTarget,
  readJsonBody,
  refusalBody,
  resolveLimits,
  type WebHostLimits,
} from './boundary';
import { isEventName, type EventName } from '../../shared/contract';
import type { Core } from '../app/core';
import { toErrorEnvelope } from '../core/router';
import { HmcError } from '../../shared/errors';
import { rendererMime } from '../core/mime';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { CallerRegistry, type Caller } from '../core/callers';

export { MAX_BODY_BYTES };
/** How long a page may be without an event stream (a reconnect, a changed subscription) before it counts as gone. */
export const CALLER_GRACE_MS = 10_000;
const CALLER_ID = /^[A-Za-z0-9_-]{8,64}$/;

export { CONTENT_SECURITY_POLICY };


export interface WebHostOptions {
  core: Core;
  port?: number;
  /** Built renderer folder; defaults to out/renderer beside the app. */
  rendererDir?: string;
  /** For tests only: a fixed token. */
  token?: string;
  /** For tests only: a shorter grace before a page without an event stream counts as gone. */
  callerGraceMs?: number;
  /** Header and request timeouts and the body limit; the defaults are in ./boundary.ts (tests use short ones). */
  limits?: Partial<WebHostLimits>;
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
  const limits = resolveLimits(opts.limits);

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

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', Connection: 'close' }).end();
      return;
    }
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
    const type = rendererMime(extname(target));
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
    const body = (await readJsonBody(req, limits.maxBodyBytes)) as { events?: unknown } | null;
    const names = Array.isArray(body?.events) ? body.events : [];
    const bad = names.find((n) => !isEventName(n));
    if (bad !== undefined || names.length === 0) {
      answer(req, res, 200, toErrorEnvelope(new HmcError('INVALID_INPUT', `Unknown or missing event stream name ${JSON.stringify(bad ?? null)}.`)));
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
    // The token first, before the method and long before the body: a caller without it gets nothing read.
    if (!tokenMatches(req.headers.authorization, token)) {
      throw new HttpRefusal(401, 'UNAUTHORIZED', 'This API needs the token printed by "hmc serve" (Authorization: Bearer <token>).');
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST', Connection: 'close' }).end();
      return;
    }
    if (name === 'events') return serveEvents(req, res);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    let input: unknown;
    try {
      input = await readJsonBody(req, limits.maxBodyBytes);
    } catch (e) {
      // A body that is not JSON is the caller's mistake and travels as an envelope like any other.
      if (e instanceof HttpRefusal && e.status === 400) {
        answer(req, res, 200, refusalBody(e));
        return;
      }
      throw e;
    }
    const caller = callerOf(req);
    const envelope = await core.router.call(name, input, { door: 'http', signal: controller.signal, ...(caller ? { caller } : {}) });
    answer(req, res, 200, envelope);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res);
    if (!isLoopbackHostHeader(req.headers.host, port)) {
      res.writeHead(403, { 'Content-Type': 'text/plain', Connection: 'close' }).end('Forbidden: this console answers only to 127.0.0.1 / localhost.');
      return;
    }
    const target = parseTarget(req.url);
    if (target.kind === 'api') await serveApi(req, res, target.name);
    else await serveStatic(req, res, target.path);
  }

  /** The one error boundary: whatever a route throws becomes an answer, never an uncaught exception. */
  function fail(req: IncomingMessage, res: ServerResponse, e: unknown): void {
    try {
      if (e instanceof HttpRefusal) answer(req, res, e.status, refusalBody(e));
      else if (e instanceof ClientGone) res.destroy();
      else answer(req, res, 500, toErrorEnvelope(e, core.services.diagnostics, `${req.method ?? '?'} request`));
    } catch (again) {
      core.services.diagnostics.error('The web host could not answer a failed request; the connection is closed', again);
      res.destroy();
    }
  }

  const server = createServer(
    { requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: checkingIntervalMs(limits) },
    (req, res) => {
      route(req, res).catch((e: unknown) => fail(req, res, e));
    },
  );
  server.on('clientError', answerClientError);

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
