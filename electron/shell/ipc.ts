/**
 * IPC bound from the contract: one invoke channel for operations and one pair for events.
 * Every message is checked before anything else: it must come from the main frame of one of the
 * app's own windows, showing the app's own page on app:// (a subframe, another window or a page
 * navigated elsewhere is dropped). Calls are then validated by the router, exactly like the web
 * host and the CLI.
 */
import { ipcMain, type IpcMainEvent, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { isEventName, type EventName } from '../../shared/contract';
import type { Core } from '../app/core';
import { fail } from '../../shared/result';
import { CallerRegistry, type Caller } from '../core/callers';
import type { Diagnostics } from '../core/diagnostics';
import { isAppOrigin } from './protocol';

export const IPC_CALL = 'hmc:call';
export const IPC_SUBSCRIBE = 'hmc:subscribe';
export const IPC_UNSUBSCRIBE = 'hmc:unsubscribe';
export const IPC_EVENT = 'hmc:event';

/** The web contents of the app's own windows; IPC from anything else is refused. */
export class TrustedSenders {
  private readonly ids = new Set<number>();

  add(contents: WebContents): void {
    this.ids.add(contents.id);
    contents.once('destroyed', () => this.ids.delete(contents.id));
  }

  has(contents: WebContents): boolean {
    return this.ids.has(contents.id);
  }

  /**
   * Whether an IPC message may be handled: sent by one of the app's windows, from its main frame
   * (same process and frame as `sender.mainFrame`, no parent), while that frame shows app://.
   */
  accepts(event: Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>): boolean {
    const { sender } = event;
    if (!sender || !this.has(sender)) return false;
    const frame = event.senderFrame;
    const main = sender.mainFrame;
    if (!frame || !main) return false;
    if (frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
    return isAppOrigin(frame.url);
  }
}

export function bindIpc(core: Core, trusted: TrustedSenders, ipc = ipcMain, opts: { onSubscribed?: (name: EventName) => void } = {}): () => void {
  const diagnostics: Diagnostics = core.services.diagnostics;
  let warned = 0;
  /** Dropped messages go to the diagnostics log (the first few: a hostile frame must not fill it). */
  function dropped(channel: string, event: Pick<IpcMainEvent, 'sender' | 'senderFrame'>): void {
    if (warned++ >= 20) return;
    diagnostics?.warn('IPC from a frame that is not the app page was dropped', { channel, frame: event.senderFrame?.url ?? null, sender: event.sender?.id ?? null });
  }
  const subscriptions = new Map<string, () => void>();
  const callers = new CallerRegistry('ipc', core.services.diagnostics);
  const watched = new Set<number>();

  /** One caller per loaded page of a window: a reload or a closed window ends what it opened. */
  function callerOf(sender: WebContents): Caller {
    const id = `wc${sender.id}`;
    if (!watched.has(sender.id)) {
      watched.add(sender.id);
      const end = () => void callers.end(id);
      sender.on('did-navigate', end);
      sender.once('destroyed', () => {
        watched.delete(sender.id);
        end();
      });
    }
    return callers.get(id);
  }

  ipc.handle(IPC_CALL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    if (!trusted.accepts(event)) {
      dropped(IPC_CALL, event);
      return fail({ code: 'UNAUTHORIZED', message: 'IPC from an untrusted frame was refused.' });
    }
    return core.router.call(name, input, { door: 'ipc', caller: callerOf(event.sender) });
  });

  ipc.on(IPC_SUBSCRIBE, (event, name: unknown, subscriptionId: unknown) => {
    if (!trusted.accepts(event)) return dropped(IPC_SUBSCRIBE, event);
    if (!isEventName(name) || typeof subscriptionId !== 'string' || subscriptionId.length > 64) return;
    const sender = event.sender;
    const key = `${sender.id}:${subscriptionId}`;
    subscriptions.get(key)?.();
    const off = core.services.events.subscribe(name as EventName, (payload) => {
      if (!sender.isDestroyed()) sender.send(IPC_EVENT, subscriptionId, payload);
    });
    subscriptions.set(key, off);
    sender.once('destroyed', () => {
      off();
      subscriptions.delete(key);
    });
    opts.onSubscribed?.(name);
  });

  ipc.on(IPC_UNSUBSCRIBE, (event, subscriptionId: unknown) => {
    if (!trusted.accepts(event)) return dropped(IPC_UNSUBSCRIBE, event);
    if (typeof subscriptionId !== 'string') return;
    const key = `${event.sender.id}:${subscriptionId}`;
    subscriptions.get(key)?.();
    subscriptions.delete(key);
  });

  return () => {
    ipc.removeHandler(IPC_CALL);
    ipc.removeAllListeners(IPC_SUBSCRIBE);
    ipc.removeAllListeners(IPC_UNSUBSCRIBE);
    for (const off of subscriptions.values()) off();
    subscriptions.clear();
    void callers.endAll();
  };
}
