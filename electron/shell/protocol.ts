/**
 * The renderer is served from `app://hmc/`, a custom scheme registered as standard and secure,
 * instead of file://: the page gets a real origin of its own (so 'self' in the CSP means the app
 * and nothing on disk), file:// keeps no extra privileges (the fuse is off), and the handler
 * answers only with files inside the renderer build folder. Pure parts take Electron's objects
 * as parameters so they are tested without the binary.
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { rendererMime } from '../core/mime';
import { CONTENT_SECURITY_POLICY } from '../core/csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'hmc';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;


/** Must run before the app is ready (Electron refuses it later). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    // standard: relative URLs and web storage work; secure: treated like https (no mixed-content downgrade).
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** True when `url` is on the app's own origin (any path). */
export function isAppOrigin(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password && !u.port;
  } catch {
    return false;
  }
}

/**
 * The file inside `rendererDir` an app:// URL names, or null: another host, a broken or encoded
 * escape (`..`, `%2e%2e`, `%2f`, backslashes, NUL), or anything outside the folder.
 */
export function resolveAppFile(url: string, rendererDir: string): string | null {
  if (!isAppOrigin(url)) return null;
  const { pathname } = new URL(url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  // An encoded escape (%2e%2e%2f, %5c) is refused outright rather than normalised into the folder.
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\\]/.test(decoded) || decoded.split('/').includes('..')) return null;
  const rel = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^[/\\]+/, '');
  if (!rel) return null;
  const root = normalize(rendererDir).replace(/[/\\]+$/, '');
  const file = join(root, rel);
  return file.startsWith(root + sep) ? file : null;
}

/** The protocol.handle handler: GET/HEAD of files in the renderer folder, with the CSP on pages. */
export function appProtocolHandler(rendererDir: string, read: (file: string) => Promise<Buffer> = (f) => readFile(f)) {
  return async (request: Request): Promise<Response> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = resolveAppFile(request.url, rendererDir);
    if (!file) return new Response(null, { status: 404 });
    let body: Buffer;
    try {
      body = await read(file);
    } catch {
      // Missing, a folder, unreadable: the page sees a plain 404 (no detail about the disk).
      return new Response(null, { status: 404 });
    }
    const type = rendererMime(extname(file));
    const headers: Record<string, string> = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff' };
    if (type.startsWith('text/html')) {
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      headers['Cache-Control'] = 'no-store';
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}

/** Serves the renderer folder on app:// (after ready). */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir));
}
