/**
 * Host specifications ("exch01", "exch01:8080", "[fe80::1]:80", { host, httpPort, tlsPort }) into
 * check targets, validated so that nothing odd (a leading "-", spaces, URLs) reaches a socket or the
 * ping command line.
 */
import { isIP } from 'node:net';
import { HmcError } from '../../../shared/errors';
import type { CheckTarget, HostRole, HostSpec } from '../../../shared/connectivity/schemas';

const LABEL = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?';
const HOST_NAME = new RegExp(`^(?=.{1,253}\\.?$)${LABEL}(?:\\.${LABEL})*\\.?$`);

export function isValidHostName(name: string): boolean {
  return isIP(name) !== 0 || HOST_NAME.test(name);
}

function badHost(spec: string): HmcError {
  return new HmcError(
    'INVALID_INPUT',
    `"${spec.slice(0, 80)}" is not a host name or IP address; give a name like exch01.contoso.com, optionally followed by :port.`,
  );
}

function parsePort(text: string, spec: string): number {
  if (!/^\d{1,5}$/.test(text)) throw badHost(spec);
  const n = Number(text);
  if (n < 1 || n > 65_535) {
    throw new HmcError('INVALID_INPUT', `The port in "${spec.slice(0, 80)}" must be between 1 and 65535.`);
  }
  return n;
}

/** "HOST[:PORT]" with IPv6 in brackets (a bare IPv6 address has no port). */
export function splitHostPort(spec: string): { name: string; port: number | null } {
  const s = spec.trim();
  if (s.startsWith('[')) {
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
    if (!m || isIP(m[1] ?? '') !== 6) throw badHost(spec);
    return { name: m[1] as string, port: m[2] === undefined ? null : parsePort(m[2], spec) };
  }
  if (isIP(s) === 6) return { name: s, port: null };
  const colon = s.lastIndexOf(':');
  const name = colon === -1 ? s : s.slice(0, colon);
  const port = colon === -1 ? null : parsePort(s.slice(colon + 1), spec);
  if (!isValidHostName(name)) throw badHost(spec);
  return { name, port };
}

export function displayHost(t: CheckTarget): string {
  const name = isIP(t.name) === 6 ? `[${t.name}]` : t.name;
  if (t.role === 'exchange') return t.port === 80 || t.port === null ? name : `${name}:${t.port}`;
  const port = t.port ?? t.tlsPort;
  return port === null ? name : `${name}:${port}`;
}

export function exchangeTarget(spec: HostSpec, defaultTlsPort: number): CheckTarget {
  if (typeof spec === 'string') {
    const { name, port } = splitHostPort(spec);
    return { role: 'exchange', name, port: port ?? 80, tlsPort: defaultTlsPort };
  }
  const name = spec.host.trim();
  if (!isValidHostName(name)) throw badHost(spec.host);
  return { role: 'exchange', name, port: spec.httpPort ?? 80, tlsPort: spec.tlsPort ?? defaultTlsPort };
}

export function serviceTarget(
  role: Exclude<HostRole, 'exchange'>,
  spec: string,
  defaultPort: number | null,
  tlsPort: number | null,
): CheckTarget {
  const { name, port } = splitHostPort(spec);
  return { role, name, port: port ?? defaultPort, tlsPort };
}

/** Same host and ports given twice (settings plus typed, or a repeated ExchHost) is checked once. */
export function dedupeTargets(targets: CheckTarget[]): CheckTarget[] {
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = `${t.role}|${t.name.toLowerCase()}|${t.port}|${t.tlsPort}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
