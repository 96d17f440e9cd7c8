/** The sandboxed preload, against the electron stand-in. */
import { describe, expect, it, vi } from 'vitest';
import { state } from '../../support/electron-stand-in';
import { OPERATION_NAMES } from '../../../shared/contract';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

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
