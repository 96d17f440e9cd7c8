/** The IPC binding: trusted senders, one caller per page, events to the window that subscribed. */
import { describe, expect, it, vi } from 'vitest';
import { FakeContents, state } from '../../support/electron-stand-in';
import { bindIpc, IPC_CALL, IPC_EVENT, IPC_SUBSCRIBE, TrustedSenders } from '../../../electron/shell/ipc';
import { EventBus } from '../../../electron/core/events';
import type { Core } from '../../../electron/app/core';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

type WebContents = Parameters<TrustedSenders['add']>[0];

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
