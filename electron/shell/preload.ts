/**
 * The sandboxed preload: exposes `window.hmc` with one method per contract operation and
 * `subscribe(event, listener) => unsubscribe`. It never hands out ipcRenderer.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { EVENT_NAMES, OPERATION_NAMES } from '../../shared/contract';

const CALL = 'hmc:call';
const SUBSCRIBE = 'hmc:subscribe';
const UNSUBSCRIBE = 'hmc:unsubscribe';
const EVENT = 'hmc:event';

const listeners = new Map<string, (payload: unknown) => void>();
let nextId = 0;

ipcRenderer.on(EVENT, (_event, subscriptionId: string, payload: unknown) => {
  listeners.get(subscriptionId)?.(payload);
});

const api: Record<string, unknown> = {};
for (const name of OPERATION_NAMES) {
  api[name] = (input: unknown) => ipcRenderer.invoke(CALL, name, input);
}
api.subscribe = (event: string, listener: (payload: unknown) => void) => {
  if (!(EVENT_NAMES as string[]).includes(event) || typeof listener !== 'function') {
    throw new Error(`Unknown event stream ${String(event)}`);
  }
  const id = `s${++nextId}`;
  listeners.set(id, (p) => listener(p));
  ipcRenderer.send(SUBSCRIBE, event, id);
  return () => {
    listeners.delete(id);
    ipcRenderer.send(UNSUBSCRIBE, id);
  };
};

contextBridge.exposeInMainWorld('hmc', api);
