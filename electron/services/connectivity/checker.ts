/**
 * Runs every layer of every host concurrently, each check with its own timeout and the whole run
 * under one overall deadline, and turns the outcomes into layers, a verdict and the first failure.
 */
import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { LookupAddress } from 'node:dns';
import type { CheckStep, CheckTarget, HostResult, LayerName, LayerResult, Verdict } from '../../../shared/connectivity/schemas';
import type { TlsMode } from '../../../shared/notify/schemas';
import { bounded, elapsedSince, type Budget } from './bounded';
import { cnameDns, forwardDns, reverseDns, type CnameResult, type DnsServers, type ForwardResult } from './dns';
import { judgeHttp, probeHttp, httpStep, type HttpJudgement, type HttpProbeResult } from './http';
import { ping, type PingResult } from './icmp';
import { checkIqService } from './iqservice';
import { sessionHint, type SessionAvailability } from './session';
import { checkSmtp } from './smtp';
import { fixedLookup } from './sockets';
import { probeTcp, tcpStep, type TcpResult } from './tcp';
import { certData, handshakeProblem, probeTls, type TlsProbeResult, type TrustStore } from './tls';
import { displayHost } from './targets';

export interface CheckOptions {
  timeoutMs: number;
  deadlineMs: number;
  ping: boolean;
  winRmPorts: boolean;
  trust: TrustStore;
  certWarnDays: number;
  /** The console connects with https to the TLS port instead of http to the HTTP port. */
  useHttps: boolean;
  authentication: 'Kerberos' | 'Negotiate' | 'Basic';
  /** The mail settings' TLS mode, so the relay is checked the way mail will be sent. */
  smtpTls: TlsMode;
  session: SessionAvailability;
  /** Whether the session layer is wanted at all in this run. */
  trySession: boolean;
  /** DNS servers every lookup of the run goes to (the hosts file is then not used); empty = the system resolver. */
  dnsServers: DnsServers;
  platform?: NodeJS.Platform;
}

interface Layer {
  result: LayerResult;
  hint: string | null;
}

function layer(name: LayerName, status: LayerResult['status'], latencyMs: number | null, detail: string, steps: CheckStep[], hint: string | null = null): Layer {
  return { result: { layer: name, status, latencyMs, detail, steps }, hint };
}

function skipped(name: LayerName, reason: string): Layer {
  return layer(name, 'skipped', null, reason, []);
}

export function verdictOf(layers: LayerResult[]): Verdict {
  if (layers.some((l) => l.status === 'fail')) return 'failed';
  if (layers.some((l) => l.status === 'warn')) return 'degraded';
  return 'ok';
}

function hostResult(target: CheckTarget, layers: Layer[], t0: number): HostResult {
  const results = layers.map((l) => l.result);
  const first = layers.find((l) => l.result.status === 'fail');
  return {
    host: displayHost(target),
    verdict: verdictOf(results),
    firstFailure: first ? { layer: first.result.layer, hint: first.hint ?? first.result.detail } : null,
    layers: results,
    role: target.role,
    target,
    durationMs: elapsedSince(t0),
  };
}

// ---- layers -------------------------------------------------------------------------------

function dnsLayer(fwd: ForwardResult, cname: CnameResult | null, reverse: CheckStep | null): Layer {
  const steps = [fwd.step, ...(cname ? [cname.step] : []), ...(reverse ? [reverse] : [])];
  if (fwd.failure) return layer('dns', 'fail', fwd.latencyMs, fwd.failure, steps, fwd.failure);
  const warnings = [fwd.warning, cname?.warning ?? null].filter((w): w is string => w !== null);
  const addresses = (fwd.addresses ?? []).map((a) => a.address).join(', ');
  if (warnings.length) return layer('dns', 'warn', fwd.latencyMs, warnings.join(' '), steps);
  return layer('dns', 'pass', fwd.latencyMs, `resolves to ${addresses}`, steps);
}

function tcpHint(name: string, r: TcpResult, role: string): string {
  switch (r.state) {
    case 'refused':
      return `TCP ${r.port} refused by ${name}: the host answers but nothing listens on ${r.port}; ${role}.`;
    case 'filtered':
      return r.endedBy === 'deadline'
        ? `TCP ${r.port} to ${name} had not connected when the overall deadline passed; raise the deadline or check the network path.`
        : `TCP ${r.port} filtered: a firewall between this machine and ${name} drops port ${r.port}; the rule needs it.`;
    case 'unreachable':
      return `No route to ${name} for TCP ${r.port} (${r.code}): check this machine's network, VPN or routing to the server.`;
    default:
      return `TCP ${r.port} to ${name} failed (${r.code}): check the network path to the server.`;
  }
}

function tcpLayer(name: string, results: TcpResult[], required: Map<number, string>): Layer {
  const steps = results.map((r) => tcpStep(r, required.has(r.port)));
  const latency = results.find((r) => r.state === 'open')?.latencyMs ?? results[0]?.latencyMs ?? null;
  const summary = results.map((r) => `${r.port} ${r.state}`).join(', ');
  const failed = results.find((r) => r.state !== 'open' && required.has(r.port));
  if (failed) return layer('tcp', 'fail', latency, summary, steps, tcpHint(name, failed, required.get(failed.port) ?? ''));
  if (results.some((r) => r.state !== 'open')) return layer('tcp', 'warn', latency, summary, steps);
  return layer('tcp', 'pass', latency, summary, steps);
}

function tlsLayer(t: CheckTarget, r: TlsProbeResult | null, tcpOpen: boolean): Layer {
  if (t.tlsPort === null) return skipped('tls', 'no TLS port configured');
  if (!tcpOpen || !r) return skipped('tls', `not tried: TCP ${t.tlsPort} is not open`);
  const where = `${t.name}:${t.tlsPort}`;
  if (r.handshake !== 'ok' || !r.evaluation) {
    const problem = handshakeProblem(r, where);
    return layer('tls', 'fail', r.latencyMs, `handshake failed (${r.code})`, [{ name: `handshake ${where}`, status: 'fail', latencyMs: r.latencyMs, detail: problem, data: { code: r.code } }], problem);
  }
  const ev = r.evaluation;
  const step: CheckStep = { name: `certificate ${where}`, status: ev.status, latencyMs: r.latencyMs, detail: ev.problem ?? 'trusted, matches the name', data: certData(ev) };
  const summary = ev.cert
    ? `${ev.protocol ?? 'TLS'}; issuer ${ev.cert.issuer}; ${ev.cert.daysToExpiry} days to expiry; ${ev.trusted ? 'trusted' : 'not trusted'}; ${ev.nameMatches ? 'name matches' : 'name does not match'}`
    : 'no certificate';
  return layer('tls', ev.status, r.latencyMs, summary, [step], ev.problem);
}

function httpLayer(
  t: CheckTarget,
  endpoints: Array<{ probe: HttpProbeResult | null; primary: boolean; tcpOpen: boolean; port: number }>,
  authentication: CheckOptions['authentication'],
): Layer {
  const steps: CheckStep[] = [];
  let primary: { j: HttpJudgement; r: HttpProbeResult } | null = null;
  let secondaryProblem: HttpJudgement | null = null;
  for (const e of endpoints) {
    if (!e.tcpOpen || !e.probe) {
      steps.push({ name: `/PowerShell/ on ${e.port}`, status: 'skipped', latencyMs: null, detail: `not tried: TCP ${e.port} is not open` });
      continue;
    }
    const j = judgeHttp(e.probe, t.name, authentication);
    const status = e.primary ? j.status : j.status === 'pass' ? 'pass' : 'warn';
    steps.push(httpStep(e.probe, j, status));
    if (e.primary) primary = { j, r: e.probe };
    else if (j.status !== 'pass') secondaryProblem = j;
  }
  if (!primary) {
    const p = endpoints.find((e) => e.primary);
    return layer('http', 'skipped', null, `not tried: TCP ${p?.port ?? '?'} is not open`, steps);
  }
  const detail = `${primary.r.url}: ${primary.j.detail}${secondaryProblem ? `; other endpoint: ${secondaryProblem.detail}` : ''}`;
  if (primary.j.status !== 'pass') return layer('http', primary.j.status, primary.r.latencyMs, detail, steps, primary.j.hint);
  if (secondaryProblem) return layer('http', 'warn', primary.r.latencyMs, detail, steps, secondaryProblem.hint);
  return layer('http', 'pass', primary.r.latencyMs, detail, steps);
}

function icmpLayer(r: PingResult | null): Layer {
  if (!r) return skipped('icmp', 'not pinged (ping is off in Settings > Connectivity)');
  if (r.outcome === 'unavailable') return skipped('icmp', r.detail);
  const step: CheckStep = { name: 'echo', status: r.outcome === 'reply' ? 'pass' : 'warn', latencyMs: r.rttMs ?? r.latencyMs, detail: r.detail };
  return layer('icmp', r.outcome === 'reply' ? 'pass' : 'warn', r.rttMs ?? r.latencyMs, r.detail, [step]);
}

// ---- hosts --------------------------------------------------------------------------------

/**
 * Ping and the CNAME query start at once and run beside everything else; the forward lookup gates the
 * rest. With DNS servers configured, ping gets the address they gave (the ping command would otherwise
 * ask the system resolver for the name).
 */
async function resolveFor(t: CheckTarget, o: CheckOptions, budget: Budget) {
  const cnameP = cnameDns(t.name, budget, o.dnsServers);
  const fwdP = forwardDns(t.name, budget, o.dnsServers);
  let pingP: Promise<PingResult | null> = Promise.resolve(null);
  if (o.ping && !o.dnsServers.length) pingP = ping(t.name, budget, o.platform);
  else if (o.ping) {
    pingP = fwdP.then((f) => {
      const first = f.addresses?.[0]?.address;
      return first
        ? ping(first, budget, o.platform)
        : { outcome: 'unavailable' as const, latencyMs: 0, detail: 'not pinged: the name does not resolve on the configured DNS servers', rttMs: null };
    });
  }
  return { pingP, cnameP, fwd: await fwdP };
}

async function checkExchangeHost(t: CheckTarget, o: CheckOptions, budget: Budget): Promise<HostResult> {
  const t0 = performance.now();
  const httpPort = t.port ?? 80;
  const { pingP, cnameP, fwd } = await resolveFor(t, o, budget);
  if (!fwd.addresses) {
    const why = 'not tried: the name does not resolve';
    return hostResult(t, [dnsLayer(fwd, await cnameP, null), skipped('tcp', why), skipped('tls', why), skipped('http', why), skipped('session', why), icmpLayer(await pingP)], t0);
  }
  const addresses: LookupAddress[] = fwd.addresses;
  const lookup = fixedLookup(addresses);
  const required = new Map<number, string>([[httpPort, `remote PowerShell uses http://${t.name}/PowerShell/ on this port: check the Default Web Site's binding and IIS on the server`]]);
  if (t.tlsPort !== null) required.set(t.tlsPort, `check the https binding of the Default Web Site on the server`);
  const ports = [...required.keys()];
  if (o.winRmPorts) for (const p of [5985, 5986]) if (!ports.includes(p)) ports.push(p);
  const secure = t.tlsPort;
  const [cname, reverse, tcp, tls, httpPlain, httpSecure] = await Promise.all([
    cnameP,
    reverseDns(t.name, (addresses[0] as LookupAddress).address, budget, o.dnsServers),
    Promise.all(ports.map((p) => probeTcp(t.name, p, lookup, budget))),
    secure === null ? Promise.resolve(null) : probeTls({ name: t.name, port: secure, lookup }, o.trust, o.certWarnDays, budget),
    probeHttp(t.name, httpPort, false, lookup, budget),
    secure === null ? Promise.resolve(null) : probeHttp(t.name, secure, true, lookup, budget),
  ]);
  const open = (p: number | null): boolean => p !== null && tcp.some((r) => r.port === p && r.state === 'open');
  const httpL = httpLayer(
    t,
    [
      { probe: httpPlain, primary: !o.useHttps || secure === null, tcpOpen: open(httpPort), port: httpPort },
      ...(secure === null ? [] : [{ probe: httpSecure, primary: o.useHttps, tcpOpen: open(secure), port: secure }]),
    ],
    o.authentication,
  );
  const sessionL = await sessionLayer(t, o, budget, httpL.result.status);
  const trustSteps = o.trust.problems;
  const tlsL = tlsLayer(t, tls, open(secure));
  if (trustSteps.length) tlsL.result.steps.push(...trustSteps);
  return hostResult(t, [dnsLayer(fwd, cname, reverse), tcpLayer(t.name, tcp, required), tlsL, httpL, sessionL, icmpLayer(await pingP)], t0);
}

async function sessionLayer(t: CheckTarget, o: CheckOptions, budget: Budget, httpStatus: LayerResult['status']): Promise<Layer> {
  if (!o.trySession) return skipped('session', 'not requested for this run');
  if (httpStatus === 'fail' || httpStatus === 'skipped') return skipped('session', 'not tried: the /PowerShell/ endpoint does not answer as expected');
  if (!o.session.probe) return skipped('session', o.session.reason);
  const probe = o.session.probe;
  const r = await bounded(
    budget,
    (signal) => probe.tryHost(t.name, budget.timeoutMs, signal),
    (by) => ({ ok: false as const, latencyMs: 0, code: 'TIMEOUT', message: by === 'deadline' ? 'overall deadline passed' : 'no session in time' }),
    (e) => ({ ok: false as const, latencyMs: 0, code: 'INTERNAL', message: (e as Error).message }),
  );
  const a = r.value;
  if (a.ok) return layer('session', 'pass', a.latencyMs || r.latencyMs, a.detail, [{ name: 'New-PSSession', status: 'pass', latencyMs: a.latencyMs || r.latencyMs, detail: a.detail }]);
  const hint = sessionHint(t.name, a.code, a.message);
  return layer('session', 'fail', r.latencyMs, `${a.code}: ${a.message}`, [{ name: 'New-PSSession', status: 'fail', latencyMs: r.latencyMs, detail: a.message, data: { code: a.code } }], hint);
}

async function checkSmtpHost(t: CheckTarget, o: CheckOptions, budget: Budget): Promise<HostResult> {
  const t0 = performance.now();
  const { pingP, cnameP, fwd } = await resolveFor(t, o, budget);
  if (!fwd.addresses) return hostResult(t, [dnsLayer(fwd, await cnameP, null), skipped('smtp', 'not tried: the name does not resolve'), icmpLayer(await pingP)], t0);
  const r = await checkSmtp(
    { name: t.name, port: t.port ?? (o.smtpTls === 'implicit' ? 465 : 25), lookup: fixedLookup(fwd.addresses), trust: o.trust, warnDays: o.certWarnDays, tls: o.smtpTls },
    budget,
  );
  return hostResult(t, [dnsLayer(fwd, await cnameP, null), layer('smtp', r.status, r.latencyMs, r.detail, r.steps, r.hint), icmpLayer(await pingP)], t0);
}

async function checkIqServiceHost(t: CheckTarget, o: CheckOptions, budget: Budget): Promise<HostResult> {
  const t0 = performance.now();
  const { pingP, cnameP, fwd } = await resolveFor(t, o, budget);
  if (!fwd.addresses) return hostResult(t, [dnsLayer(fwd, await cnameP, null), skipped('iqservice', 'not tried: the name does not resolve'), icmpLayer(await pingP)], t0);
  const r = await checkIqService(
    { name: t.name, plainPort: t.port, tlsPort: t.tlsPort, lookup: fixedLookup(fwd.addresses), trust: o.trust, warnDays: o.certWarnDays },
    budget,
  );
  return hostResult(t, [dnsLayer(fwd, await cnameP, null), layer('iqservice', r.status, r.latencyMs, r.detail, r.steps, r.hint), icmpLayer(await pingP)], t0);
}

export function checkHost(t: CheckTarget, o: CheckOptions, budget: Budget): Promise<HostResult> {
  switch (t.role) {
    case 'smtp':
      return checkSmtpHost(t, o, budget);
    case 'iqservice':
      return checkIqServiceHost(t, o, budget);
    default:
      return checkExchangeHost(t, o, budget);
  }
}

/** Every host at once; returns when all are done or the overall deadline has passed. */
export async function checkAll(targets: CheckTarget[], o: CheckOptions): Promise<{ hosts: HostResult[]; deadlineHit: boolean }> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per running probe
  const deadlineAt = performance.now() + o.deadlineMs;
  const timer = setTimeout(() => controller.abort(), o.deadlineMs);
  const budget: Budget = { timeoutMs: Math.min(o.timeoutMs, o.deadlineMs), deadlineAt, signal: controller.signal };
  try {
    const hosts = await Promise.all(targets.map((t) => checkHost(t, o, budget)));
    return { hosts, deadlineHit: controller.signal.aborted };
  } finally {
    clearTimeout(timer);
  }
}
