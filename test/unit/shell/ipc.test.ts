/**
 * The IPC binding: only the main frame of the app's own window, showing app://, is heard; one
 * caller per page; events to the window that subscribed; arguments validated by the real router.
 * IPC events have Electron's shape: `sender` (the web contents) and `senderFrame` (a WebFrameMain).
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeContents, state } from '../../support/electron-stand-in';
import { bindIpc, IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, IPC_UNSUBSCRIBE, TrustedSenders } from '../../../electron/shell/ipc';
import { EventBus } from '../../../electron/core/events';
import { createRouter, type Handlers } from '../../../electron/core/router';
import type { Core } from '../../../electron/app/core';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

type WebContents = Parameters<TrustedSenders['add']>[0];

function diagnosticsStub(warnings: unknown[][]) {
  return { warn: (...a: unknown[]) => warnings.push(a), info: () => undefined, error: () => undefined };
}

function fakeCore(calls: unknown[][], warnings: unknown[][] = []): Core {
  const events = new EventBus();
  return {
    router: {
      call: async (...a: unknown[]) => {
        calls.push(a);
        return { ok: true, value: 'done' };
      },
    },
    services: { events, diagnostics: diagnosticsStub(warnings) },
  } as unknown as Core;
}

async function bound(core: Core, ...own: FakeContents[]) {
  state.handles.clear();
  state.ons.clear();
  const trusted = new TrustedSenders();
  for (const c of own) trusted.add(c as unknown as WebContents);
  bindIpc(core, trusted, (await import('electron')).ipcMain);
  return { call: state.handles.get(IPC_CALL)!, subscribe: state.ons.get(IPC_SUBSCRIBE)!, unsubscribe: state.ons.get(IPC_UNSUBSCRIBE)! };
}

describe('IPC binding', () => {
  it('routes calls from the main frame of the app window', async () => {
    const calls: unknown[][] = [];
    const own = new FakeContents(1);
    const { call } = await bound(fakeCore(calls), own);
    expect(await call(own.ipcEvent(), 'system.status', {})).toEqual({ ok: true, value: 'done' });
    expect(calls).toEqual([['system.status', {}, { door: 'ipc', caller: expect.objectContaining({ id: 'wc1', door: 'ipc' }) }]]);
  });

  it('drops IPC from an unknown sender: another window, a subframe, a foreign page, a gone frame', async () => {
    const calls: unknown[][] = [];
    const warnings: unknown[][] = [];
    const own = new FakeContents(1);
    const { call, subscribe } = await bound(fakeCore(calls, warnings), own);
    const stranger = new FakeContents(99);
    const navigatedAway = new FakeContents(1, 'https://evil.example/');
    const cases = [
      ['another window', stranger.ipcEvent()],
      ['an iframe of the app window', own.ipcEvent(own.subframe('app://hmc/index.html'))],
      ['a foreign iframe', own.ipcEvent(own.subframe('https://evil.example/'))],
      ['the app window after navigating elsewhere', { sender: own, senderFrame: navigatedAway.mainFrame }],
      ['a frame of another process', { sender: own, senderFrame: stranger.mainFrame }],
      ['a file:// page', { sender: own, senderFrame: new FakeContents(1, 'file:///opt/hmc/out/renderer/index.html').mainFrame }],
      ['a frame already gone', own.ipcEvent(null)],
    ] as const;
    for (const [label, event] of cases) {
      const refused = (await call(event, 'system.status', {})) as { ok: boolean; error: { code: string } };
      expect(refused.ok, label).toBe(false);
      expect(refused.error.code, label).toBe('UNAUTHORIZED');
      subscribe(event, 'session.status', `s-${label}`);
    }
    expect(calls).toHaveLength(0);
    expect(own.sentMessages).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
    expect(String(warnings[0]![0])).toMatch(/dropped/);
    own.emit('destroyed');
    expect(((await call(own.ipcEvent(), 'system.status', {})) as { ok: boolean }).ok).toBe(false);
  });

  it('refuses a renderer argument that fails its schema before any handler runs', async () => {
    const ran: string[] = [];
    const handlers = new Proxy({} as Handlers, {
      get: (_t, name: string) => () => {
        ran.push(name);
        return {};
      },
    });
    const core = { router: createRouter(handlers), services: { events: new EventBus(), diagnostics: diagnosticsStub([]) } } as unknown as Core;
    const own = new FakeContents(3);
    const { call } = await bound(core, own);
    for (const input of [{ path: 42 }, { path: '/x.log', tail: 0 }, { path: '/x.log', extra: true }, 'not an object', [1, 2]]) {
      const r = (await call(own.ipcEvent(), 'logs.open', input)) as { ok: boolean; error: { code: string; message: string } };
      expect(r.ok, JSON.stringify(input)).toBe(false);
      expect(r.error.code).toBe('INVALID_INPUT');
      expect(r.error.message).toMatch(/Invalid/);
    }
    const unknown = (await call(own.ipcEvent(), 'no.such.operation', {})) as { error: { code: string } };
    expect(unknown.error.code).toBe('UNKNOWN_OPERATION');
    expect(ran).toEqual([]);
  });

  it('forwards subscribed events to the trusted window only, until it is destroyed', async () => {
    const core = fakeCore([]);
    const own = new FakeContents(2);
    const { subscribe, unsubscribe } = await bound(core, own);
    subscribe(own.ipcEvent(), 'session.status', 's1');
    subscribe(new FakeContents(50).ipcEvent(), 'session.status', 's2');
    subscribe(own.ipcEvent(), 'no.such.event', 's3');
    const payload = { state: 'connected', mode: 'sandbox', host: null, since: null, error: null } as const;
    core.services.events.emit('session.status', payload);
    expect(own.sentMessages).toEqual([[IPC_EVENT, 's1', payload]]);
    // An unsubscribe from a subframe is dropped too.
    unsubscribe(own.ipcEvent(own.subframe('https://evil.example/')), 's1');
    expect(core.services.events.listenerCount('session.status')).toBe(1);
    own.emit('destroyed');
    expect(core.services.events.listenerCount('session.status')).toBe(0);
  });
});
