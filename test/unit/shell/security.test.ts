/** Hardening of every web contents and of the session, against the electron stand-in. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeContents, state } from '../../support/electron-stand-in';
import { hardenSession, hardenWebContents, isAppUrl, safeExternalUrl } from '../../../electron/shell/security';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/csp';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

type WebContents = Parameters<typeof hardenWebContents>[0];

const APP = 'file:///opt/hmc/out/renderer/index.html';

function navEvent() {
  return { preventDefault: vi.fn() };
}

describe('web contents hardening', () => {
  let contents: FakeContents;
  let opened: string[];
  beforeEach(() => {
    contents = new FakeContents(7);
    opened = [];
    hardenWebContents(contents as unknown as WebContents, APP, async (u: string) => {
      opened.push(u);
    });
  });

  it('denies window.open, sending only parsed http(s) links to the OS browser', () => {
    expect(contents.openHandler!({ url: 'https://learn.microsoft.com/x' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'smb://evil/share' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://learn.microsoft.com/x']);
  });

  it('allows navigation only within the app page', () => {
    const inside = navEvent();
    contents.emit('will-navigate', inside, `${APP}#x`);
    expect(inside.preventDefault).not.toHaveBeenCalled();
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'file:///opt/hmc/out/renderer/other.html', 'not a url']) {
      const e = navEvent();
      contents.emit('will-navigate', e, url);
      expect(e.preventDefault, url).toHaveBeenCalled();
    }
    const redirect = navEvent();
    contents.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = navEvent();
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('parses URLs rather than matching prefixes', () => {
    expect(isAppUrl('file:///opt/hmc/out/renderer/index.html.evil', APP)).toBe(false);
    expect(isAppUrl('file://evilhost/opt/hmc/out/renderer/index.html', APP)).toBe(false);
    expect(safeExternalUrl('https://user:pw@example.org/')).toBeNull();
    expect(safeExternalUrl('HTTPS://Example.org/a b')).toBe('https://example.org/a%20b');
  });
});

describe('session hardening', () => {
  it('denies every permission and sets the strict CSP on every response', async () => {
    const { session } = await import('electron');
    hardenSession(session.defaultSession);
    const answers: boolean[] = [];
    state.permissionHandler!({}, 'media', (ok: boolean) => answers.push(ok));
    state.permissionHandler!({}, 'notifications', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, false]);
    expect(state.permissionCheck!({}, 'clipboard-read')).toBe(false);
    let headers: Record<string, string[]> = {};
    state.headersHook!({ responseHeaders: { 'X-A': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(headers['X-A']).toEqual(['1']);
  });
});
