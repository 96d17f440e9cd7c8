/**
 * Hardening of every web contents and of the session, against the electron stand-in (its objects
 * have Electron's method names and argument shapes: navigation events carry the URL on the event,
 * will-navigate also positionally; dialog.showMessageBox resolves { response, checkboxChecked }).
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeContents, state } from '../../support/electron-stand-in';
import {
  askWithDialog,
  externalOpener,
  hardenSession,
  hardenWebContents,
  installSecurity,
  isAppUrl,
  safeExternalUrl,
  type ExternalOutcome,
} from '../../../electron/shell/security';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/csp';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

type WebContents = Parameters<typeof hardenWebContents>[0];
type Dialog = Parameters<typeof askWithDialog>[0];

const APP = 'app://hmc/index.html';

/** Electron's navigation event: preventDefault plus the details on the event itself. */
function navEvent(url: string, isMainFrame = true) {
  return { url, isMainFrame, isSameDocument: false, frame: null, preventDefault: vi.fn(), defaultPrevented: false };
}

describe('web contents hardening', () => {
  let contents: FakeContents;
  let asked: string[];
  let opened: string[];
  let answer: boolean;
  let outcomes: Promise<ExternalOutcome>[];
  beforeEach(() => {
    contents = new FakeContents(7);
    asked = [];
    opened = [];
    answer = false;
    outcomes = [];
    const open = externalOpener({
      openExternal: async (u) => {
        opened.push(u);
      },
      confirm: async (u) => {
        asked.push(u);
        return answer;
      },
    });
    hardenWebContents(contents as unknown as WebContents, (u) => {
      const o = open(u);
      outcomes.push(o);
      return o;
    });
  });

  it('denies every window.open; allow-listed documentation opens in the browser without asking', async () => {
    for (const url of ['https://learn.microsoft.com/exchange/x', 'https://docs.microsoft.com/y', 'https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://evil/share', APP]) {
      expect(contents.openHandler!({ url }), url).toEqual({ action: 'deny' });
    }
    expect(await Promise.all(outcomes)).toEqual(['opened', 'opened', 'declined', 'refused', 'refused', 'refused', 'refused']);
    expect(opened).toEqual(['https://learn.microsoft.com/exchange/x', 'https://docs.microsoft.com/y']);
    // Only the plain https link to a foreign host was asked about; file:, javascript:, smb: never reach the question.
    expect(asked).toEqual(['https://evil.example/']);
  });

  it('opens a link to another host only when the admin says yes', async () => {
    answer = true;
    contents.openHandler!({ url: 'https://support.example.org/kb/1' });
    expect(await Promise.all(outcomes)).toEqual(['opened']);
    expect(opened).toEqual(['https://support.example.org/kb/1']);
    // Look-alike hosts, http and ports are not on the allow-list: asked.
    for (const url of ['https://learn.microsoft.com.evil.example/', 'http://learn.microsoft.com/', 'https://learn.microsoft.com:8443/', 'https://evil.example/?learn.microsoft.com']) {
      contents.openHandler!({ url });
    }
    await Promise.all(outcomes);
    expect(asked).toHaveLength(5);
  });

  it('blocks navigation of the main frame and of subframes to a foreign origin (will-frame-navigate)', () => {
    for (const [url, main] of [
      ['https://evil.example/', true],
      ['https://evil.example/', false],
      ['file:///etc/passwd', true],
      ['file:///opt/hmc/out/renderer/index.html', true],
      ['app://other/index.html', false],
      ['app://hmc/other.html', true],
      ['app://user@hmc/index.html', true],
      ['not a url', true],
    ] as const) {
      const e = navEvent(url, main);
      contents.emit('will-frame-navigate', e);
      expect(e.preventDefault, `${url} main=${String(main)}`).toHaveBeenCalled();
    }
    for (const url of [APP, `${APP}#logs`, 'app://hmc/', 'app://hmc/index.html?x=1']) {
      const e = navEvent(url);
      contents.emit('will-frame-navigate', e);
      expect(e.preventDefault, url).not.toHaveBeenCalled();
    }
  });

  it('blocks will-navigate and will-redirect to a foreign origin, and every webview', () => {
    const modern = navEvent('https://evil.example/');
    contents.emit('will-navigate', modern, 'https://evil.example/', false, true);
    expect(modern.preventDefault).toHaveBeenCalled();
    // An older Electron gave the URL only positionally.
    const legacy = { preventDefault: vi.fn() };
    contents.emit('will-navigate', legacy, 'https://evil.example/');
    expect(legacy.preventDefault).toHaveBeenCalled();
    const inside = navEvent(`${APP}#x`);
    contents.emit('will-navigate', inside, inside.url);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = navEvent('https://evil.example/');
    contents.emit('will-redirect', redirect, redirect.url);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview, {}, { src: APP });
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('parses URLs rather than matching prefixes', () => {
    expect(isAppUrl('app://hmc/index.html.evil')).toBe(false);
    expect(isAppUrl('app://hmc.evil/index.html')).toBe(false);
    expect(isAppUrl('app://hmc:80/index.html')).toBe(false);
    expect(isAppUrl(APP)).toBe(true);
    expect(safeExternalUrl('https://user:pw@example.org/')).toBeNull();
    expect(safeExternalUrl('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b');
  });
});

describe('asking before a link leaves the app', () => {
  it('shows a question modal to the window and opens only on the first button', async () => {
    const { dialog } = await import('electron');
    const win = { id: 1 };
    const ask = askWithDialog(dialog as unknown as Dialog, () => win as never);
    state.messageBoxes.length = 0;
    state.messageBoxResponse = 1;
    expect(await ask('https://evil.example/x')).toBe(false);
    state.messageBoxResponse = 0;
    expect(await ask('https://evil.example/x')).toBe(true);
    const [first] = state.messageBoxes;
    expect(first![0]).toBe(win);
    expect(first![1]).toMatchObject({ type: 'question', buttons: ['Open in browser', 'Cancel'], cancelId: 1, defaultId: 1 });
    expect((first![1] as { detail: string }).detail).toContain('https://evil.example/x');
    const noWindow = askWithDialog(dialog as unknown as Dialog, () => null);
    await noWindow('https://evil.example/y');
    expect(state.messageBoxes.at(-1)).toHaveLength(1);
  });
});

describe('session hardening', () => {
  it('denies every permission request and check, and sets the strict CSP on every response', async () => {
    const { session } = await import('electron');
    hardenSession(session.defaultSession as never);
    const answers: boolean[] = [];
    for (const permission of ['media', 'notifications', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen']) {
      state.permissionHandler!({}, permission, (ok: boolean) => answers.push(ok), { requestingUrl: APP, isMainFrame: true });
    }
    expect(answers).toEqual([false, false, false, false, false, false]);
    expect(state.permissionCheck!({}, 'clipboard-read', APP, {})).toBe(false);
    let headers: Record<string, string[]> = {};
    state.headersHook!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(headers['X-A']).toEqual(['1']);
  });

  it('hardens every web contents created after installation', async () => {
    const { app, session } = await import('electron');
    installSecurity({ app: app as never, session: session.defaultSession as never, openExternal: async () => 'refused' });
    const later = new FakeContents(9);
    state.appListeners.get('web-contents-created')!({}, later);
    expect(later.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const e = navEvent('https://evil.example/', false);
    later.emit('will-frame-navigate', e);
    expect(e.preventDefault).toHaveBeenCalled();
  });
});
