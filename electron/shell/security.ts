/**
 * Hardening for every web contents the app creates: no new windows, navigation only within the
 * app's own page (parsed with URL), a strict Content-Security-Policy, no permissions, and
 * external links only as parsed http(s) URLs handed to the OS browser.
 */
import { app, session, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/csp';

/** True when `url` is the app's own page (same file URL, any fragment). */
export function isAppUrl(url: string, appIndexUrl: string): boolean {
  let target: URL;
  let own: URL;
  try {
    target = new URL(url);
    own = new URL(appIndexUrl);
  } catch {
    return false;
  }
  return target.protocol === own.protocol && target.host === own.host && target.pathname === own.pathname;
}

/** Only plain http(s) links leave the app, and only to the OS browser. */
export function safeExternalUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return (u.protocol === 'https:' || u.protocol === 'http:') && !u.username && !u.password ? u.toString() : null;
}

export function hardenWebContents(contents: WebContents, appIndexUrl: string, openExternal = shell.openExternal): void {
  contents.setWindowOpenHandler(({ url }) => {
    const external = safeExternalUrl(url);
    if (external) void openExternal(external);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appIndexUrl)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appIndexUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** Installs the hardening on the default session and on every web contents created from now on. */
export function installSecurity(appIndexUrl: string): void {
  hardenSession(session.defaultSession);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appIndexUrl));
}
