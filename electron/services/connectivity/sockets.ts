/** Small socket helpers shared by the TCP, TLS, HTTP, SMTP and IQService probes. */
import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';

export type PortState = 'open' | 'refused' | 'filtered' | 'unreachable' | 'error';

/** A lookup that hands back the addresses the DNS layer already found (so every probe uses the same ones). */
export function fixedLookup(addresses: LookupAddress[]): LookupFunction {
  const fn = (
    _hostname: string,
    options: LookupOptions,
    callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    const list = wanted.length ? wanted : addresses;
    if (options.all) callback(null, list);
    else callback(null, list[0]?.address ?? '', list[0]?.family ?? 4);
  };
  return fn as unknown as LookupFunction;
}

/** The errno code of a socket error (happy-eyeballs failures arrive as an AggregateError). */
export function errorCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException & { errors?: unknown[] };
  if (typeof err?.code === 'string') return err.code;
  if (Array.isArray(err?.errors)) {
    for (const inner of err.errors) {
      const code = (inner as NodeJS.ErrnoException)?.code;
      if (typeof code === 'string') return code;
    }
  }
  return 'EUNKNOWN';
}

export function stateFromError(code: string): PortState {
  switch (code) {
    case 'ECONNREFUSED':
      return 'refused';
    case 'ETIMEDOUT':
      return 'filtered';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return 'unreachable';
    default:
      return 'error';
  }
}

export function describeState(state: PortState, port: number, limitMs?: number): string {
  switch (state) {
    case 'open':
      return `TCP ${port} open`;
    case 'refused':
      return `TCP ${port} refused (the host answered, nothing listens on the port)`;
    case 'filtered':
      return `TCP ${port} filtered (no answer${limitMs === undefined ? '' : ` in ${limitMs} ms`}: dropped by a firewall, or the host is down)`;
    case 'unreachable':
      return `TCP ${port} unreachable (no route to the host)`;
    default:
      return `TCP ${port} error`;
  }
}
