/**
 * The Electron shell, tested against a stand-in for the electron module (the binary cannot be
 * installed here): window options, web-contents hardening, session hardening, trusted IPC, preload.
 */
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({
  windows: [] as Array<{ options: unknown }>,
  exposed: {} as Record<string, unknown>,
  invoked: [] as unknown[][],
  sent: [] as unknown[][],
  rendererListeners: new Map<string, (...a: unknown[]) => void>(),
  handles: new Map<string, (...a: unknown[]) => unknown>(),
  ons: new Map<string, (...a: unknown[]) => unknown>(),
  permissionHandler: null as null | ((...a: unknown[]) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  headersHook: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
  appListeners: new Map<string, (...a: unknown[]) => void>(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    webContents = { id: 1 };
    constructor(options: unknown) {
      state.windows.push({ options });
    }
    once() {}
    loadFile() {
      return Promise.resolve();
    }
    show() {}
  }
  return {
    BrowserWindow,
    app: { on: (name: string, fn: (...a: unknown[]) => void) => state.appListeners.set(name, fn) },
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (state.permissionHandler = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (state.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: (d: unknown, cb: (r: unknown) => void) => void) => (state.headersHook = fn) },
      },
    },
    ipcMain: {
      handle: (ch: string, fn: (...a: unknown[]) => unknown) => state.handles.set(ch, fn),
      on: (ch: string, fn: (...a: unknown[]) => unknown) => state.ons.set(ch, fn),
      removeHandler: (ch: string) => state.handles.delete(ch),
      removeAllListeners: (ch: string) => state.ons.delete(ch),
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (state.exposed[key] = api) },
    ipcRenderer: {
      invoke: (...a: unknown[]) => {
        state.invoked.push(a);
        return Promise.resolve({ ok: true, value: 'pong' });
      },
      send: (...a: unknown[]) => state.sent.push(a),
      on: (ch: string, fn: (...a: unknown[]) => void) => state.rendererListeners.set(ch, fn),
    },
  };
});

import { createMainWindow, secureWebPreferences, windowOptions } from '../../../electron/shell/window';
import { hardenSession, hardenWebContents, isAppUrl, safeExternalUrl } from '../../../electron/shell/security';
import { bindIpc, IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, TrustedSenders } from '../../../electron/shell/ipc';
import { OPERATION_NAMES } from '../../../shared/contract';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/csp';
import { EventBus } from '../../../electron/core/events';
import type { Core } from '../../../electron/app/core';

type WebContents = Parameters<typeof hardenWebContents>[0];

const APP = 'file:///opt/hmc/out/renderer/index.html';

class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  sentMessages: unknown[][] = [];
  constructor(readonly id: number) {
    super();
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(...a: unknown[]) {
    this.sentMessages.push(a);
  }
}

function navEvent() {
  return { preventDefault: vi.fn() };
}

describe('window factory', () => {
  it('uses secure web preferences and never weakens webSecurity', () => {
    const prefs = secureWebPreferences('/p/preload.js');
    expect(prefs).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    });
    expect('webSecurity' in prefs).toBe(false);
    expect('allowRunningInsecureContent' in prefs).toBe(false);
    expect('experimentalFeatures' in prefs).toBe(false);
  });

  it('creates windows only through the factory options', () => {
    state.windows.length = 0;
    createMainWindow('/p/preload.js', '/p/index.html');
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]!.options).toEqual(windowOptions('/p/preload.js'));
  });
});

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

describe('IPC binding', () => {
  function fakeCore(calls: unknown[][]): Core {
    const events = new EventBus();
    return {
      router: {
        call: async (...a: unknown[]) => {
          calls.push(a);
          return { ok: true, value: 'done' };
        },
      },
      services: { events },
    } as unknown as Core;
  }

  it('routes calls from trusted windows and refuses everything else', async () => {
    state.handles.clear();
    const calls: unknown[][] = [];
    const trusted = new TrustedSenders();
    const own = new FakeContents(1);
    trusted.add(own as unknown as WebContents);
    bindIpc(fakeCore(calls), trusted, (await import('electron')).ipcMain);
    const handler = state.handles.get(IPC_CALL)!;
    expect(await handler({ sender: own }, 'system.status', {})).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['system.status', {}, { door: 'ipc', caller: expect.objectContaining({ id: 'wc1', door: 'ipc' }) }]]);
    const stranger = new FakeContents(99);
    const refused = (await handler({ sender: stranger }, 'system.status', {})) as { ok: boolean; error: { code: string } };
    expect(refused.ok).toBe(false);
    expect(refused.error.code).toBe('UNAUTHORIZED');
    expect(calls).toHaveLength(1);
    own.emit('destroyed');
    const afterClose = (await handler({ sender: own }, 'system.status', {})) as { ok: boolean };
    expect(afterClose.ok).toBe(false);
  });

  it('forwards subscribed events to the trusted window only, until it is destroyed', async () => {
    const calls: unknown[][] = [];
    const core = fakeCore(calls);
    const trusted = new TrustedSenders();
    const own = new FakeContents(2);
    trusted.add(own as unknown as WebContents);
    bindIpc(core, trusted, (await import('electron')).ipcMain);
    const subscribe = state.ons.get(IPC_SUBSCRIBE)!;
    subscribe({ sender: own }, 'session.status', 's1');
    subscribe({ sender: new FakeContents(50) }, 'session.status', 's2');
    subscribe({ sender: own }, 'no.such.event', 's3');
    const payload = { state: 'connected', mode: 'sandbox', host: null, since: null, error: null } as const;
    core.services.events.emit('session.status', payload);
    expect(own.sentMessages).toEqual([[IPC_EVENT, 's1', payload]]);
    own.emit('destroyed');
    expect(core.services.events.listenerCount('session.status')).toBe(0);
  });
});

describe('preload', () => {
  it('exposes one method per operation and a subscribe that returns an unsubscribe, never ipcRenderer', async () => {
    await import('../../../electron/shell/preload');
    const api = state.exposed.hmc as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...OPERATION_NAMES, 'subscribe'].sort());
    for (const v of Object.values(api)) expect(typeof v).toBe('function');
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|send|invoke/i);
    await (api['system.status'] as (i: unknown) => Promise<unknown>)({});
    expect(state.invoked).toEqual([['hmc:call', 'system.status', {}]]);
    const got: unknown[] = [];
    const off = (api.subscribe as (e: string, l: (p: unknown) => void) => () => void)('session.status', (p) => got.push(p));
    const [channel, event, id] = state.sent.at(-1)!;
    expect([channel, event]).toEqual(['hmc:subscribe', 'session.status']);
    state.rendererListeners.get('hmc:event')!({}, id, { x: 1 });
    expect(got).toEqual([{ x: 1 }]);
    off();
    expect(state.sent.at(-1)).toEqual(['hmc:unsubscribe', id]);
    state.rendererListeners.get('hmc:event')!({}, id, { x: 2 });
    expect(got).toHaveLength(1);
    expect(() => (api.subscribe as (e: string, l: () => void) => void)('bogus', () => {})).toThrow();
  });
});
