/** TCP connect to one port: open, refused, filtered (no answer in time) or unreachable, told apart. */
import { connect, type LookupFunction } from 'node:net';
import { bounded, type Budget } from './bounded';
import { describeState, errorCode, stateFromError, type PortState } from './sockets';
import type { CheckStep } from '../../../shared/connectivity/schemas';

export interface TcpResult {
  port: number;
  state: PortState;
  latencyMs: number;
  remoteAddress: string | null;
  code: string | null;
  endedBy?: 'timeout' | 'deadline';
  limitMs?: number;
}

export function tcpConnect(host: string, port: number, lookup: LookupFunction, signal: AbortSignal): Promise<Omit<TcpResult, 'latencyMs' | 'port'>> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, lookup, autoSelectFamily: true });
    let done = false;
    const finish = (r: Omit<TcpResult, 'latencyMs' | 'port'>): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(r);
    };
    socket.once('connect', () => finish({ state: 'open', remoteAddress: socket.remoteAddress ?? null, code: null }));
    socket.once('error', (e) => {
      const code = errorCode(e);
      finish({ state: stateFromError(code), remoteAddress: null, code });
    });
    signal.addEventListener('abort', () => finish({ state: 'filtered', remoteAddress: null, code: 'ETIMEOUT' }), { once: true });
  });
}

export async function probeTcp(host: string, port: number, lookup: LookupFunction, budget: Budget): Promise<TcpResult> {
  let limit = budget.timeoutMs;
  const r = await bounded(
    budget,
    (signal) => tcpConnect(host, port, lookup, signal),
    (_by, limitMs) => {
      limit = limitMs;
      return { state: 'filtered' as const, remoteAddress: null, code: 'ETIMEOUT' };
    },
    (e) => ({ state: 'error' as const, remoteAddress: null, code: errorCode(e) }),
  );
  return { port, latencyMs: r.latencyMs, ...r.value, ...(r.endedBy ? { endedBy: r.endedBy, limitMs: limit } : {}) };
}

export function tcpStep(r: TcpResult, required: boolean): CheckStep {
  const ok = r.state === 'open';
  const detail = r.endedBy === 'deadline'
    ? `TCP ${r.port} not connected when the overall deadline passed`
    : describeState(r.state, r.port, r.limitMs) + (r.state === 'error' && r.code ? ` (${r.code})` : '');
  return {
    name: `TCP ${r.port}`,
    status: ok ? 'pass' : required ? 'fail' : 'warn',
    latencyMs: r.latencyMs,
    detail: ok && r.remoteAddress ? `${detail} (${r.remoteAddress})` : detail,
    data: { port: r.port, state: r.state, code: r.code, address: r.remoteAddress },
  };
}
