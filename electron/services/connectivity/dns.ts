/**
 * DNS layer: forward lookup, CNAME detection (one query, one try, its own timeout) and a reverse
 * lookup. Warnings for an IP address or a CNAME/alias, since Kerberos needs the server's own name to
 * find its SPN.
 *
 * Two ways to ask, chosen per run by `DnsServers`:
 * - none configured: the system resolver (dns.lookup, so hosts files apply; getnameinfo for the
 *   reverse), with the CNAME query through c-ares to the machine's DNS servers;
 * - servers configured (settings connectivity.dnsServers / env HMC_DNS_SERVERS): every query goes
 *   only to them through a dns.Resolver (A + AAAA, CNAME, PTR; one try, per-query timeout) and the
 *   hosts file is not consulted ("as the DC's DNS sees it").
 */
import { lookup, lookupService, Resolver, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { CheckStep } from '../../../shared/connectivity/schemas';
import { bounded, type Budget } from './bounded';
import { errorCode } from './sockets';

export interface ForwardResult {
  step: CheckStep;
  /** null when the name does not resolve. */
  addresses: LookupAddress[] | null;
  latencyMs: number | null;
  /** Set when the lookup failed: the one-line hint. */
  failure: string | null;
  warning: string | null;
}

export interface CnameResult {
  step: CheckStep;
  warning: string | null;
}

/** DNS servers to ask instead of the system resolver (IP or IP:port); empty = the system resolver. */
export type DnsServers = readonly string[];

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string };

/** A c-ares resolver asking only `servers` (or the system's when empty); one try, cancelled with the signal. */
function resolverFor(servers: DnsServers, timeoutMs: number, signal: AbortSignal): Resolver {
  const resolver = new Resolver({ timeout: Math.max(1, Math.round(timeoutMs)), tries: 1 });
  if (servers.length) resolver.setServers([...servers]);
  signal.addEventListener('abort', () => resolver.cancel(), { once: true });
  return resolver;
}

function settle<T>(run: (cb: (err: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<Outcome<T>> {
  return new Promise((resolve) => {
    run((err, value) => {
      if (err) resolve({ ok: false, code: errorCode(err) });
      else resolve({ ok: true, value });
    });
  });
}

/** NXDOMAIN beats "no such record"; a silent or refusing server beats both (the answer is unknown). */
function worstCode(codes: string[]): string {
  const unknown = codes.find((c) => c !== 'ENOTFOUND' && c !== 'ENODATA');
  if (unknown) return unknown;
  return codes.includes('ENOTFOUND') ? 'ENOTFOUND' : 'ENODATA';
}

/** A and AAAA from the configured servers (no hosts file), IPv4 first. */
async function resolveBoth(name: string, servers: DnsServers, timeoutMs: number, signal: AbortSignal): Promise<Outcome<LookupAddress[]>> {
  const resolver = resolverFor(servers, timeoutMs, signal);
  const [v4, v6] = await Promise.all([
    settle<string[]>((cb) => resolver.resolve4(name, cb)),
    settle<string[]>((cb) => resolver.resolve6(name, cb)),
  ]);
  const addresses: LookupAddress[] = [
    ...(v4.ok ? v4.value.map((address) => ({ address, family: 4 })) : []),
    ...(v6.ok ? v6.value.map((address) => ({ address, family: 6 })) : []),
  ];
  if (addresses.length) return { ok: true, value: addresses };
  return { ok: false, code: worstCode([v4, v6].map((o) => (o.ok ? 'ENODATA' : o.code))) };
}

function serverList(servers: DnsServers): string {
  return servers.join(', ');
}

function lookupAll(name: string): Promise<Outcome<LookupAddress[]>> {
  return new Promise((resolve) => {
    lookup(name, { all: true }, (err, addresses) => {
      if (err) resolve({ ok: false, code: errorCode(err) });
      else resolve({ ok: true, value: addresses });
    });
  });
}

/** The PTR owner name of an address: 4.3.2.1.in-addr.arpa, or the nibbles under ip6.arpa. */
export function arpaName(address: string): string {
  if (isIP(address) === 4) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  let text = address.replace(/%.*$/, '');
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const groups = (part: string): string[] => (part ? part.split(':') : []);
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  const nibbles = all.map((g) => g.padStart(4, '0')).join('').toLowerCase().split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

async function reverse(address: string, servers: DnsServers, timeoutMs: number, signal: AbortSignal): Promise<Outcome<string>> {
  if (!servers.length) return settle<string>((cb) => lookupService(address, 0, (err, hostname) => cb(err, hostname)));
  // A PTR query, not resolver.reverse(): that one reads the hosts file first.
  const resolver = resolverFor(servers, timeoutMs, signal);
  const names = await settle<string[]>((cb) => resolver.resolvePtr(arpaName(address), cb));
  if (!names.ok) return names;
  const first = names.value[0];
  return first ? { ok: true, value: first } : { ok: false, code: 'ENODATA' };
}

async function cname(name: string, servers: DnsServers, timeoutMs: number, signal: AbortSignal): Promise<Outcome<string[]>> {
  const resolver = resolverFor(servers, timeoutMs, signal);
  return settle<string[]>((cb) => resolver.resolveCname(name, cb));
}

const limitOutcome = <T>(): Outcome<T> => ({ ok: false, code: 'ETIMEOUT' });
const errorOutcome = <T>(e: unknown): Outcome<T> => ({ ok: false, code: errorCode(e) });

export async function forwardDns(name: string, budget: Budget, servers: DnsServers = []): Promise<ForwardResult> {
  const family = isIP(name);
  if (family !== 0) {
    const warning = `${name} is an IP address: Kerberos needs the server's name to find its SPN, so configure the FQDN instead.`;
    return {
      step: { name: 'forward lookup', status: 'warn', latencyMs: 0, detail: warning, data: { addresses: [name] } },
      addresses: [{ address: name, family }],
      latencyMs: 0,
      failure: null,
      warning,
    };
  }
  const configured = servers.length > 0;
  const fwd = await bounded(
    budget,
    (signal) => (configured ? resolveBoth(name, servers, budget.timeoutMs, signal) : lookupAll(name)),
    limitOutcome<LookupAddress[]>,
    errorOutcome<LookupAddress[]>,
  );
  const via = configured ? ` (asked DNS server ${serverList(servers)}; the hosts file is not consulted)` : '';
  const serverData: Record<string, string[]> = configured ? { servers: [...servers] } : {};
  if (fwd.value.ok && fwd.value.value.length > 0) {
    const addresses = fwd.value.value;
    return {
      step: {
        name: 'forward lookup',
        status: 'pass',
        latencyMs: fwd.latencyMs,
        detail: `${name} resolves to ${addresses.map((a) => a.address).join(', ')}${via}`,
        data: { addresses: addresses.map((a) => a.address), ...serverData },
      },
      addresses,
      latencyMs: fwd.latencyMs,
      failure: null,
      warning: null,
    };
  }
  const code = fwd.value.ok ? 'ENODATA' : fwd.value.code;
  let failure: string;
  if (fwd.endedBy === 'deadline') {
    failure = `The lookup of ${name} had not finished when the overall deadline passed; raise the deadline or check the DNS servers.`;
  } else if (configured && (fwd.endedBy || code !== 'ENOTFOUND' && code !== 'ENODATA')) {
    failure = `DNS server ${serverList(servers)} gave no answer for ${name} (${fwd.endedBy ? 'no reply in time' : code}): check that it is reachable on its port (UDP 53) and serves this zone, or change connectivity.dnsServers / HMC_DNS_SERVERS.`;
  } else if (configured) {
    failure = `${name} does not resolve on DNS server ${serverList(servers)} (${code}): check the spelling, use the FQDN, or add a DNS record there (the hosts file is not consulted when DNS servers are configured).`;
  } else if (fwd.endedBy || code === 'EAI_AGAIN' || code === 'ETIMEOUT') {
    failure = `No DNS server answered for ${name} in time: check this machine's DNS servers (port 53 to them) or add the name to the hosts file.`;
  } else {
    failure = `${name} does not resolve (${code}): check the spelling, the DNS suffix (try the FQDN), or add a DNS/hosts entry.`;
  }
  return {
    step: { name: 'forward lookup', status: 'fail', latencyMs: fwd.latencyMs, detail: failure, data: { code, ...serverData } },
    addresses: null,
    latencyMs: fwd.latencyMs,
    failure,
    warning: null,
  };
}

/** One CNAME query (one try, own timeout); runs beside the other layers, so a silent DNS server costs no extra time. */
export async function cnameDns(name: string, budget: Budget, servers: DnsServers = []): Promise<CnameResult | null> {
  if (isIP(name) !== 0) return null;
  const cn = await bounded(budget, (signal) => cname(name, servers, budget.timeoutMs, signal), limitOutcome<string[]>, errorOutcome<string[]>);
  if (cn.value.ok && cn.value.value.length > 0) {
    const warning = `${name} is an alias (CNAME of ${cn.value.value.join(', ')}): Kerberos to a load-balanced or alias name needs an alternate service account (ASA); prefer the server's own FQDN.`;
    return { step: { name: 'CNAME', status: 'warn', latencyMs: cn.latencyMs, detail: warning, data: { cname: cn.value.value } }, warning };
  }
  const code = cn.value.ok ? 'ENODATA' : cn.value.code;
  const none = code === 'ENODATA' || code === 'ENOTFOUND';
  return {
    step: {
      name: 'CNAME',
      status: 'info',
      latencyMs: cn.latencyMs,
      detail: none
        ? 'no CNAME record: the name is not an alias'
        : `CNAME not determined (${cn.endedBy ? `no DNS answer in ${Math.round(cn.latencyMs)} ms` : code})${servers.length ? ` from DNS server ${serverList(servers)}` : '; names only in a hosts file are not in DNS'}`,
      data: { code },
    },
    warning: null,
  };
}

function firstLabel(name: string): string {
  return name.split('.')[0]?.toLowerCase() ?? '';
}

export async function reverseDns(name: string, address: string, budget: Budget, servers: DnsServers = []): Promise<CheckStep> {
  const r = await bounded(budget, (signal) => reverse(address, servers, budget.timeoutMs, signal), limitOutcome<string>, errorOutcome<string>);
  if (!r.value.ok) {
    return {
      name: 'reverse lookup',
      status: 'info',
      latencyMs: r.latencyMs,
      detail: r.endedBy ? `no reverse answer for ${address} in time` : `no reverse (PTR) name for ${address} (${r.value.code})`,
      data: { address, code: r.value.code },
    };
  }
  const back = r.value.value;
  const literal = isIP(name) !== 0;
  const differs = !literal && firstLabel(back) !== firstLabel(name);
  return {
    name: 'reverse lookup',
    status: 'info',
    latencyMs: r.latencyMs,
    detail: literal
      ? `${address} is named ${back}: use that name instead of the address`
      : differs
        ? `${address} is named ${back}, not ${name}: ${name} may be an alias or a load-balancer name`
        : `${address} is named ${back}`,
    data: { address, name: back },
  };
}
