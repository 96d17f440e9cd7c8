/**
 * IQService ports (domain notes 2.6): the plain port (default 5050; 0/absent = disabled) and the TLS
 * port (no default; 5051 by convention). A TLS port must complete a handshake; a plain port left open
 * beside TLS is a warning, because recent IQService builds refuse before/after scripts unless TLS-only.
 */
import type { LookupFunction } from 'node:net';
import type { CheckStep } from '../../../shared/connectivity/schemas';
import type { Budget } from './bounded';
import { describeState } from './sockets';
import { probeTcp, tcpStep } from './tcp';
import { certData, handshakeProblem, probeTls, type TrustStore } from './tls';

export interface IqServiceResult {
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  hint: string | null;
  steps: CheckStep[];
  latencyMs: number;
}

export async function checkIqService(
  o: { name: string; plainPort: number | null; tlsPort: number | null; lookup: LookupFunction; trust: TrustStore; warnDays: number },
  budget: Budget,
): Promise<IqServiceResult> {
  const [plain, tls] = await Promise.all([
    o.plainPort === null ? Promise.resolve(null) : probeTcp(o.name, o.plainPort, o.lookup, budget),
    o.tlsPort === null ? Promise.resolve(null) : probeTls({ name: o.name, port: o.tlsPort, lookup: o.lookup }, o.trust, o.warnDays, budget),
  ]);
  const steps: CheckStep[] = [];
  const latencyMs = Math.max(plain?.latencyMs ?? 0, tls?.latencyMs ?? 0);
  if (o.tlsPort === null || tls === null) {
    if (!plain) {
      return { status: 'fail', detail: 'no IQService port configured', hint: 'Set the IQService plain or TLS port in Settings > Connectivity.', steps, latencyMs: 0 };
    }
    steps.push(tcpStep(plain, true));
    if (plain.state !== 'open') {
      return {
        status: 'fail',
        detail: describeState(plain.state, plain.port),
        hint: plain.state === 'refused'
          ? `Nothing listens on ${o.name}:${plain.port}: start the IQService service (IQService.exe -s) or correct the port.`
          : `${o.name}:${plain.port} does not answer (${plain.state}): a firewall blocks the IQService port from this machine, or the host is down.`,
        steps,
        latencyMs,
      };
    }
    return {
      status: 'warn',
      detail: `plain port ${plain.port} open; no TLS port configured`,
      hint: `IQService on ${o.name} is reached without TLS: configure a TLS port (IQService.exe -o <port>); recent IQService builds run before/after scripts only when TLS-only.`,
      steps,
      latencyMs,
    };
  }
  const where = `${o.name}:${o.tlsPort}`;
  const ev = tls.evaluation;
  if (tls.handshake !== 'ok' || !ev) {
    const refused = tls.code === 'ECONNREFUSED';
    const hint = refused
      ? `Nothing listens on the IQService TLS port ${where}: start IQService with its TLS port (IQService.exe -o ${o.tlsPort}) or correct the port.`
      : handshakeProblem(tls, where);
    steps.push({ name: `TLS ${o.tlsPort}`, status: 'fail', latencyMs: tls.latencyMs, detail: hint, data: { code: tls.code } });
    if (plain) steps.push(tcpStep(plain, false));
    return { status: 'fail', detail: `TLS port ${o.tlsPort}: ${refused ? 'refused' : 'handshake failed'}`, hint, steps, latencyMs };
  }
  // IdentityIQ judges the certificate with its own Java truststore, so trust problems here are warnings.
  const certStatus = ev.status === 'pass' ? 'pass' : ev.cert && ev.cert.daysToExpiry < 0 ? 'fail' : 'warn';
  steps.push({ name: `TLS ${o.tlsPort}`, status: certStatus, latencyMs: tls.latencyMs, detail: ev.problem ?? `handshake ok (${ev.protocol ?? 'TLS'})`, data: certData(ev) });
  if (plain) {
    steps.push({ ...tcpStep(plain, false), status: plain.state === 'open' ? 'warn' : 'pass', detail: plain.state === 'open' ? `plain port ${plain.port} is also open` : `plain port ${plain.port} closed (TLS-only)` });
  }
  if (certStatus !== 'pass') return { status: certStatus, detail: `TLS port ${o.tlsPort}: certificate problem`, hint: ev.problem, steps, latencyMs };
  if (plain?.state === 'open') {
    return {
      status: 'warn',
      detail: `TLS port ${o.tlsPort} works; plain port ${plain.port} is also open`,
      hint: `IQService on ${o.name} also listens without TLS on ${plain.port}: recent IQService builds refuse before/after scripts unless TLS-only, so disable the plain port (IQService.exe -p 0).`,
      steps,
      latencyMs,
    };
  }
  return { status: 'pass', detail: `TLS port ${o.tlsPort} works${plain ? `; plain port ${plain.port} closed` : ''}`, hint: null, steps, latencyMs };
}
