/**
 * The event bus behind every event stream in the contract. Payloads are validated when
 * emitted, so a subscriber on any door receives only what the contract promises.
 */
import { events, type EventName, type EventPayload } from '../../shared/contract';

export type Listener<N extends EventName> = (payload: EventPayload<N>) => void;
export type Unsubscribe = () => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<(p: unknown) => void>>();

  subscribe<N extends EventName>(name: N, listener: Listener<N>): Unsubscribe {
    let set = this.listeners.get(name);
    if (!set) {
      set = new Set();
      this.listeners.set(name, set);
    }
    const l = listener as (p: unknown) => void;
    set.add(l);
    return () => {
      set.delete(l);
    };
  }

  emit<N extends EventName>(name: N, payload: EventPayload<N>): void {
    const set = this.listeners.get(name);
    if (!set || set.size === 0) return;
    const checked = events[name].parse(payload);
    for (const l of [...set]) {
      try {
        l(checked);
      } catch {
        // One broken subscriber must not starve the others.
      }
    }
  }

  listenerCount(name: EventName): number {
    return this.listeners.get(name)?.size ?? 0;
  }
}
