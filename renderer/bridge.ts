/**
 * The shape the Electron preload exposes as `window.hmc`: one method per operation (by its
 * contract name) plus `subscribe`. The renderer never sees ipcRenderer.
 */
import type { EventName, OperationName } from '../shared/contract';
import type { Envelope } from '../shared/result';

export type HmcBridge = {
  [N in OperationName]: (input: unknown) => Promise<Envelope<unknown>>;
} & {
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
};
