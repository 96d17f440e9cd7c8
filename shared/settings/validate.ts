/**
 * What the schema cannot say about one field alone: host names that are names, a routing domain that is a
 * domain, a remote mode with servers to reach, a routing address template that gives addresses in the routing
 * domain, log file patterns that stay in their folder. `settings.update` refuses settings with any of these;
 * the Settings page shows the same sentences at their fields as the admin types.
 */
import { checkDomainName } from '../exchange/validate';
import { checkRoutingAddressTemplate } from '../exchange/routing-template';
import type { Settings } from './schema';

export interface SettingsIssue {
  /** The field, as zod names it (e.g. ['exchange', 'hosts', '0']). */
  path: string[];
  message: string;
}

const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A server name (FQDN or single label), one sentence otherwise. */
export function checkHostName(host: string): string | null {
  if (IPV4.test(host) || host.includes(':')) return `"${host}" is an address, not a name; give the server's name (Kerberos needs it), e.g. exch01.corp.example.org.`;
  if (host.length > 253) return `The host name "${host.slice(0, 40)}…" is longer than 253 characters.`;
  if (!host.split('.').every((l) => LABEL.test(l))) {
    return `"${host}" is not a host name; use letters, digits and inner hyphens between dots, e.g. exch01.corp.example.org.`;
  }
  return null;
}

/** A file-name pattern: a name inside the source's folder, never a path out of it. */
export function checkLogPattern(pattern: string): string | null {
  if (/[\\/]/.test(pattern) || pattern === '.' || pattern === '..' || pattern.includes('\0')) {
    return `The file name pattern "${pattern}" must be a file name inside the folder (no / or \\), e.g. {yyyy}-{MM}-{dd}.ConnectorAfterCreate.log.`;
  }
  return null;
}

export function validateSettings(s: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const ex = s.exchange;
  ex.hosts.forEach((h, i) => {
    const p = checkHostName(h);
    if (p) issues.push({ path: ['exchange', 'hosts', String(i)], message: p });
  });
  if (ex.mode === 'remote' && ex.hosts.length === 0) {
    issues.push({ path: ['exchange', 'hosts'], message: 'Remote mode needs at least one Exchange server name in Hosts; add one, or choose the sandbox mode.' });
  }
  if (ex.routingDomain !== null) {
    const p = checkDomainName(ex.routingDomain, 'routing domain');
    if (p) issues.push({ path: ['exchange', 'routingDomain'], message: `${p} Give the tenant's routing domain, e.g. contoso.mail.onmicrosoft.com.` });
  }
  const t = checkRoutingAddressTemplate(ex.routingAddressTemplate, issues.some((i) => i.path[1] === 'routingDomain') ? null : ex.routingDomain);
  if (t) issues.push({ path: ['exchange', 'routingAddressTemplate'], message: t });
  const names = new Set<string>();
  s.logs.sources.forEach((src, i) => {
    const p = checkLogPattern(src.pattern);
    if (p) issues.push({ path: ['logs', 'sources', String(i), 'pattern'], message: p });
    const key = src.name.toLowerCase();
    if (names.has(key)) issues.push({ path: ['logs', 'sources', String(i), 'name'], message: `Two log sources are named "${src.name}"; give each its own name.` });
    names.add(key);
  });
  return issues;
}

/** The issues at one field (the page's helper text), joined. */
export function issueAt(issues: readonly { path: readonly string[]; message: string }[], ...path: string[]): string | null {
  const hit = issues.filter((i) => i.path.length === path.length && i.path.every((p, k) => p === path[k]));
  return hit.length ? hit.map((i) => i.message).join(' ') : null;
}
