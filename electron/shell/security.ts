/**
 * Hardening for every web contents the app creates: no new windows, navigation of any frame only
 * within the app's own page on app:// (parsed with URL), no webviews, no permissions, a strict
 * Content-Security-Policy, and external links only as parsed http(s) URLs handed to the OS browser,
 * after asking unless the host is one of Microsoft's documentation hosts.
 * The decisions take Electron's objects as parameters, so they are tested without the binary.
 */
import type { BrowserWindow, Dialog, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../core/csp';
import { APP_HOST, APP_SCHEME } from './protocol';

/** Hosts opened without asking: the documentation the app links to. */
export const EXTERNAL_ALLOW_LIST = ['learn.microsoft.com', 'docs.microsoft.com'];

/** True when `url` is the app's own page (app://hmc/ or /index.html, any fragment or query). */
export function isAppUrl(url: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  return (
    target.protocol === `${APP_SCHEME}:` &&
    target.host === APP_HOST &&
    !target.username &&
    !target.password &&
    (target.pathname === '/' || target.pathname === '/index.html')
  );
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

/** An allow-listed host over https: opened without asking. */
export function isAllowListed(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' && !u.port && EXTERNAL_ALLOW_LIST.includes(u.hostname);
}

export type ExternalOutcome = 'opened' | 'declined' | 'refused';

export interface ExternalDeps {
  openExternal: (url: string) => Promise<void>;
  /** Asks the admin whether to open `url` in the browser; true to open. */
  confirm: (url: string) => Promise<boolean>;
}

/** Opens a link in the OS browser: refused unless http(s) without credentials; asked first unless allow-listed. */
export function externalOpener(deps: ExternalDeps): (url: string) => Promise<ExternalOutcome> {
  return async (url) => {
    const safe = safeExternalUrl(url);
    if (!safe) return 'refused';
    if (!isAllowListed(safe) && !(await deps.confirm(safe))) return 'declined';
    await deps.openExternal(safe);
    return 'opened';
  };
}

/** The question before a link leaves the app (Electron's dialog.showMessageBox, modal to the window when there is one). */
export function askWithDialog(dialog: Pick<Dialog, 'showMessageBox'>, window: () => BrowserWindow | null): (url: string) => Promise<boolean> {
  return async (url) => {
    const host = new URL(url).host;
    const options = {
      type: 'question' as const,
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
      title: 'Open a link outside the console',
      message: `Open ${host} in your browser?`,
      detail: `The console was asked to open:\n${url}\n\nOpen it only if you expected this link.`,
    };
    const win = window();
    const { response } = await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
    return response === 0;
  };
}

type NavigationEvent = { preventDefault: () => void; url?: string };

export function hardenWebContents(contents: WebContents, openExternal: (url: string) => Promise<ExternalOutcome>, log: (message: string, url: string) => void = () => undefined): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url).catch((e: unknown) => log(`Opening a link in the browser failed: ${(e as Error).message}`, url));
    return { action: 'deny' };
  });
  const guard = (kind: string) => (event: NavigationEvent, legacyUrl?: string) => {
    // Electron 25+ puts the URL on the event; the positional one is kept for older listeners.
    const url = event.url ?? legacyUrl ?? '';
    if (!isAppUrl(url)) {
      event.preventDefault();
      log(`Blocked ${kind} to a foreign page`, url);
    }
  };
  // will-frame-navigate covers the main frame and every subframe; will-navigate is kept for the main
  // frame (older Electron), will-redirect for server redirects.
  contents.on('will-frame-navigate', guard('a frame navigation'));
  contents.on('will-navigate', guard('a navigation'));
  contents.on('will-redirect', guard('a redirect'));
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

export interface SecurityDeps {
  app: { on(event: 'web-contents-created', listener: (event: unknown, contents: WebContents) => void): unknown };
  session: Session;
  openExternal: (url: string) => Promise<ExternalOutcome>;
  log?: (message: string, url: string) => void;
}

/** Installs the hardening on the default session and on every web contents created from now on. */
export function installSecurity(deps: SecurityDeps): void {
  hardenSession(deps.session);
  deps.app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, deps.openExternal, deps.log));
}
