/**
 * The renderer's one typed client. At start-up it picks its transport: the preload bridge
 * (desktop) or HTTP to the local web host (browser), with the token from the URL fragment.
 */
import {
  EVENT_NAMES,
  OPERATION_NAMES,
  type EventName,
  type EventPayload,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../shared/contract';
import { HmcError } from '../shared/errors';
import { unwrap, type Envelope } from '../shared/result';

/** Whether the console behind the page answers: the desktop bridge always does; the web host can go away. */
export type Connection = 'online' | 'offline';

export interface HmcClient {
  readonly transport: 'ipc' | 'http';
  call<N extends OperationName>(name: N, input: OperationInput<N>): Promise<OperationOutput<N>>;
  subscribe<N extends EventName>(event: N, listener: (payload: EventPayload<N>) => void): () => void;
  /** The connection as last seen; `onConnection` is told every change. */
  connection(): Connection;
  onConnection(listener: (c: Connection) => void): () => void;
}

/** How often a page whose web host went away asks again. */
export const RETRY_MS = 3000;

export const UNREACHABLE_MESSAGE =
  'The console is not reachable: the web host that served this page has stopped or cannot be reached. This page retries every few seconds; if it stays away, start "hmc serve" again and open the address it prints.';

const TOKEN_KEY = 'hmc.token';

/** Takes the token from #token=..., keeps it for this tab only, and removes it from the address bar. */
export function takeToken(): string | null {
  const m = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, m[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return m[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function ipcClient(bridge: NonNullable<Window['hmc']>): HmcClient {
  return {
    transport: 'ipc',
    async call(name, input) {
      const fn = bridge[name];
      if (typeof fn !== 'function') throw new HmcError('UNKNOWN_OPERATION', `The desktop bridge has no ${name}.`);
      return unwrap(await fn(input));
    },
    subscribe(event, listener) {
      return bridge.subscribe(event, listener as (p: unknown) => void);
    },
    connection: () => 'online',
    onConnection: () => () => undefined,
  };
}

type Listener = (payload: unknown) => void;

/** This page's name for the core: what it opens (follows, logs) ends when the page goes. */
function newCallerId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function httpClient(token: string | null): HmcClient {
  const callerId = newCallerId();
  const headers = (): Record<string, string> => ({
    'Content-Type': 'application/json',
    'X-Hmc-Caller': callerId,
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  });
  const listeners = new Map<EventName, Set<Listener>>();
  let stream: AbortController | null = null;
  let restartTimer: number | null = null;
  let connection: Connection = 'online';
  const connectionListeners = new Set<(c: Connection) => void>();
  let probeTimer: number | null = null;

  function setConnection(next: Connection): void {
    if (next === connection) return;
    connection = next;
    for (const l of connectionListeners) l(next);
  }

  /** While offline: ask the host again every few seconds, until it answers. */
  function scheduleProbe(): void {
    if (probeTimer !== null) return;
    probeTimer = window.setTimeout(() => {
      probeTimer = null;
      void post('session.status', {}).then(
        () => undefined,
        // The failure itself is the answer: still offline, and post() has scheduled the next try.
        () => undefined,
      );
    }, RETRY_MS);
  }

  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(`/api/${path}`, { method: 'POST', headers: headers(), body: JSON.stringify(body), signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      // fetch rejects only when no answer came at all: the host is gone (or the network dropped).
      setConnection('offline');
      scheduleProbe();
      throw new HmcError('CONSOLE_UNREACHABLE', UNREACHABLE_MESSAGE);
    }
    setConnection('online');
    if (res.status === 401) {
      throw new HmcError('UNAUTHORIZED', 'This page has no valid token: open the full address that "hmc serve" printed (with #token=...).');
    }
    if (res.status === 403) throw new HmcError('UNAUTHORIZED', 'The console refused this address: open it as 127.0.0.1 or localhost.');
    return res;
  }

  function restartStream(): void {
    stream?.abort();
    stream = null;
    const names = [...listeners.entries()].filter(([, s]) => s.size > 0).map(([n]) => n);
    if (names.length === 0) return;
    const controller = new AbortController();
    stream = controller;
    void (async () => {
      try {
        const res = await post('events', { events: names }, controller.signal);
        const reader = res.body?.getReader();
        if (!reader) return;
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl).trim();
            buffer = buffer.slice(nl + 1);
            if (!line) continue;
            const msg = JSON.parse(line) as { event: EventName; payload: unknown };
            for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
          }
        }
      } catch {
        // Silent on purpose: an abort is our own restart or unsubscribe; a host that went away has
        // already turned the connection offline in post(); any other break (a torn line, a stream
        // cut mid-way) is repaired by the reconnect below.
      }
      if (stream === controller && !controller.signal.aborted) {
        restartTimer = window.setTimeout(restartStream, 2000);
      }
    })();
  }

  function schedule(): void {
    if (restartTimer !== null) window.clearTimeout(restartTimer);
    restartTimer = window.setTimeout(() => {
      restartTimer = null;
      restartStream();
    }, 0);
  }

  return {
    transport: 'http',
    async call(name, input) {
      const res = await post(encodeURIComponent(name), input ?? {});
      return unwrap((await res.json()) as Envelope<unknown>);
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
      }
      const isNew = set.size === 0;
      set.add(listener as Listener);
      if (isNew) schedule();
      return () => {
        set.delete(listener as Listener);
        if (set.size === 0) schedule();
      };
    },
    connection: () => connection,
    onConnection(listener) {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
  };
}

function createClient(): HmcClient {
  if (typeof window !== 'undefined' && window.hmc) return ipcClient(window.hmc);
  return httpClient(takeToken());
}

export const hmc: HmcClient = createClient();
export { OPERATION_NAMES, EVENT_NAMES };
