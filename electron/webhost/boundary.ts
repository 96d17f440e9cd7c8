/**
 * The web host's error boundary and limits: what no request may do to the server.
 *
 * - Every request target is checked and decoded here before any route sees it: an overlong
 *   address is 414, broken percent-encoding, bytes that are not UTF-8 or control characters
 *   400, each with a sentence. Nothing a client sends is allowed to throw outside a handler.
 * - Requests the parser itself refuses (odd framing, overlong headers, timeouts) are answered
 *   on the raw socket by `answerClientError` and the connection is closed.
 * - Headers and bodies are timed out (HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS); a body over the
 *   limit is drained (bounded) and answered 413 with `Connection: close`, so a keep-alive client
 *   opens a fresh connection for its next call instead of writing into a dropped one.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export const MAX_BODY_BYTES = 32 * 1024 * 1024;
/** Longest request target (path and query) accepted; the app's own addresses are far shorter. */
export const MAX_TARGET_LENGTH = 4096;
/** Time allowed for a request's headers to arrive. */
export const HEADERS_TIMEOUT_MS = 20_000;
/** Time allowed for a whole request (headers and body) to arrive. */
export const REQUEST_TIMEOUT_MS = 60_000;
/** After a body over the limit, how much more is read and thrown away before the connection is cut. */
const DRAIN_LIMIT_BYTES = 4 * MAX_BODY_BYTES;

export interface WebHostLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodyBytes: number;
}

export function resolveLimits(given: Partial<WebHostLimits> = {}): WebHostLimits {
  const requestTimeoutMs = given.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  // Node refuses a header timeout longer than the request timeout.
  const headersTimeoutMs = Math.min(given.headersTimeoutMs ?? HEADERS_TIMEOUT_MS, requestTimeoutMs);
  return { headersTimeoutMs, requestTimeoutMs, maxBodyBytes: given.maxBodyBytes ?? MAX_BODY_BYTES };
}

/** How often Node looks for timed-out requests: often enough that a timeout is never much late. */
export function checkingIntervalMs(limits: WebHostLimits): number {
  return Math.max(25, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4)));
}

/** A request refused with an HTTP status and a sentence (never thrown past the boundary). */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: 'INVALID_INPUT' | 'INPUT_TOO_LARGE' | 'UNAUTHORIZED',
    message: string,
  ) {
    super(message);
  }
}

/** The client closed the connection before its request had arrived: there is no one to answer. */
export class ClientGone extends Error {
  constructor() {
    super('The client went away while sending its request.');
  }
}

export type RequestTarget = { kind: 'api'; name: string } | { kind: 'static'; path: string };

const BAD_ADDRESS = 'This is not a valid address for the console (broken percent-encoding, bytes that are not UTF-8, or control characters); open the address "hmc serve" printed.';

/** Checks and decodes a request target (`req.url`). Throws HttpRefusal; never anything else. */
export function parseTarget(url: string | undefined): RequestTarget {
  const target = url ?? '/';
  if (target.length > MAX_TARGET_LENGTH) {
    throw new HttpRefusal(414, 'INVALID_INPUT', `The address is longer than ${MAX_TARGET_LENGTH} characters; the console uses only short addresses.`);
  }
  // Origin-form only: "*", absolute URLs and anything with a byte outside printable ASCII are refused.
  if (!target.startsWith('/') || !/^[\x21-\x7e]*$/.test(target)) throw new HttpRefusal(400, 'INVALID_INPUT', BAD_ADDRESS);
  const rawPath = target.split('?', 1)[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch {
    // URIError: a lone or broken %, an invalid UTF-8 sequence, an encoded surrogate.
    throw new HttpRefusal(400, 'INVALID_INPUT', BAD_ADDRESS);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) throw new HttpRefusal(400, 'INVALID_INPUT', BAD_ADDRESS);
  if (path.startsWith('/api/')) return { kind: 'api', name: path.slice('/api/'.length) };
  return { kind: 'static', path };
}

/** Answers a refusal (or an unexpected failure's envelope) and closes the connection when the body was not read. */
export function answer(req: IncomingMessage, res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  };
  // An unread body would be taken for the next request; after a body over the limit, or without the
  // token, the client should not send another on this connection: a fresh one is cleaner than draining.
  if (!req.complete || status === 413 || status === 401) headers.Connection = 'close';
  res.writeHead(status, headers).end(text);
}

export function refusalBody(e: HttpRefusal): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: e.code, message: e.message } };
}

/**
 * Reads a JSON body up to `maxBytes`. Over the limit, the rest is read and thrown away (so the
 * client's upload ends cleanly and it can read the answer) up to a bound, then HttpRefusal(413).
 */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  await new Promise<void>((resolveRead, reject) => {
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        if (size > maxBytes + DRAIN_LIMIT_BYTES) {
          req.removeAllListeners('data');
          req.pause();
          resolveRead();
        }
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolveRead());
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new ClientGone());
    });
  });
  if (over) {
    throw new HttpRefusal(413, 'INPUT_TOO_LARGE', `The request body is over ${Math.round(maxBytes / 1024 / 1024)} MB; send a smaller document.`);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpRefusal(400, 'INVALID_INPUT', 'The request body is not valid JSON.');
  }
}

const CLIENT_ERROR_STATUS: Record<string, number> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
  HPE_URI_OVERFLOW: 414,
};

/**
 * The server's `clientError` handler: a request the HTTP parser refused, or one that timed out,
 * gets a plain status line and the connection is closed. Without this handler Node answers 400
 * itself, but timeouts and overflows would not say what happened.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  // A response of this connection is already under way, or the peer is gone: nothing can be said.
  const inFlight = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
  const text =
    status === 408
      ? 'The request took too long to arrive; send it again.'
      : status === 431
        ? 'The request headers are too large.'
        : 'The request is not valid HTTP/1.1.';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${text}`,
  );
}
