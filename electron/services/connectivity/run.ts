/**
 * One run of connectivity checks: which hosts (typed, an Application document, or settings), with
 * which limits and DNS servers, then every check at once. ConnectivityService (service.ts) gives it
 * the settings and the session engine and keeps the run in the history.
 */
import { randomUUID } from 'node:crypto';
import { parseDnsServerList } from '../../../shared/connectivity/dns-servers';
import { HmcError } from '../../../shared/errors';
import type { CheckInput, CheckRun, CheckTarget } from '../../../shared/connectivity/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { applicationHosts } from './application';
import { checkAll } from './checker';
import type { DnsServers } from './dns';
import type { SessionAvailability } from './session';
import { dedupeTargets, exchangeTarget, serviceTarget } from './targets';
import { loadTrustStore } from './tls';

export interface PlannedRun {
  targets: CheckTarget[];
  source: CheckRun['source'];
  notes: string[];
}

export function planTargets(input: CheckInput, settings: Settings): PlannedRun {
  const c = settings.connectivity;
  const tlsPort = input.tlsPort ?? c.tlsPort;
  const notes: string[] = [];
  const targets: CheckTarget[] = [];
  let source: CheckRun['source'] = 'settings';
  let appIq: ReturnType<typeof applicationHosts>['iqService'] = null;
  if (input.hosts !== undefined) {
    // An explicit list, even empty (e.g. only --smtp), replaces the configured hosts.
    source = 'typed';
    targets.push(...input.hosts.map((h) => exchangeTarget(h, tlsPort)));
  }
  if (input.applicationXml !== undefined) {
    source = 'application';
    const app = applicationHosts(input.applicationXml);
    appIq = app.iqService;
    notes.push(`ExchHost list read from the Application document with the plan inspector: ${app.exchangeHosts.join(', ') || 'none'}.`);
    if (!app.exchangeHosts.length) {
      throw new HmcError('INVALID_INPUT', 'The Application document has no ExchHost entry in its exchangeSettings; check that this is the AD application with Exchange settings.');
    }
    targets.push(...app.exchangeHosts.map((h) => exchangeTarget(h, tlsPort)));
  }
  if (source === 'settings') {
    targets.push(...settings.exchange.hosts.map((h) => exchangeTarget(h, tlsPort)));
  }
  if (input.smtp !== undefined) {
    const n = settings.notify;
    if (input.smtp === true) {
      if (!n.smtpHost) throw new HmcError('INVALID_INPUT', 'No SMTP relay is configured: set one in Settings > Notifications, or give --smtp HOST[:PORT].');
      targets.push(serviceTarget('smtp', n.smtpHost, n.smtpPort, null));
    } else {
      targets.push(serviceTarget('smtp', input.smtp, n.smtpPort, null));
    }
  }
  if (input.iqservice !== undefined) {
    if (input.iqservice === true) {
      if (c.iqServiceHost) {
        targets.push(serviceTarget('iqservice', c.iqServiceHost, c.iqServicePort, c.iqServiceTlsPort));
      } else if (appIq) {
        notes.push('IQService host and port taken from the Application document.');
        targets.push(
          appIq.tls === true && appIq.port !== null
            ? serviceTarget('iqservice', appIq.host, null, appIq.port)
            : serviceTarget('iqservice', appIq.host, appIq.port ?? c.iqServicePort, c.iqServiceTlsPort),
        );
      } else {
        throw new HmcError('INVALID_INPUT', 'No IQService host is configured: set one in Settings > Connectivity, or give --iqservice HOST[:PORT].');
      }
    } else {
      targets.push(serviceTarget('iqservice', input.iqservice, c.iqServicePort, c.iqServiceTlsPort));
    }
  }
  const unique = dedupeTargets(targets);
  if (!unique.length) {
    throw new HmcError(
      'INVALID_INPUT',
      source === 'settings'
        ? 'There are no Exchange hosts to check: add them in Settings > Exchange, or give host names.'
        : 'There are no hosts to check: give at least one host name.',
    );
  }
  return { targets: unique, source, notes };
}

/**
 * The DNS servers a run asks. Environment override HMC_DNS_SERVERS: a comma-separated list of IP or
 * IP:port entries (IPv6 with a port as [addr]:port), e.g. HMC_DNS_SERVERS=10.0.0.53,10.0.0.54:53.
 * When set and not empty it replaces the setting connectivity.dnsServers; when neither gives a server
 * the checks use the system resolver (hosts file, then this machine's DNS servers). With servers,
 * every lookup of the checks (A/AAAA, CNAME, PTR, and the address ping uses) goes only to them and
 * the hosts file is not consulted.
 */
export function dnsServersFor(settings: Settings, env: NodeJS.ProcessEnv): { servers: DnsServers; source: 'env' | 'settings' | 'system' } {
  const fromEnv = env.HMC_DNS_SERVERS?.trim();
  if (fromEnv) {
    const { servers, bad } = parseDnsServerList(fromEnv);
    if (bad.length || !servers.length) {
      throw new HmcError(
        'SETTINGS_INVALID',
        `HMC_DNS_SERVERS has an entry that is not an IP address or IP:port (${bad.join(', ').slice(0, 120)}): fix the list (comma-separated, e.g. 10.0.0.53,10.0.0.54:53) or unset it.`,
      );
    }
    return { servers, source: 'env' };
  }
  const configured = settings.connectivity.dnsServers;
  return configured.length ? { servers: configured, source: 'settings' } : { servers: [], source: 'system' };
}

export async function runConnectivity(input: CheckInput, settings: Settings, session: SessionAvailability, env: NodeJS.ProcessEnv = process.env): Promise<CheckRun> {
  const plan = planTargets(input, settings);
  const dns = dnsServersFor(settings, env);
  const c = settings.connectivity;
  const timeoutMs = input.timeoutMs ?? c.timeoutMs;
  const deadlineMs = input.deadlineMs ?? c.deadlineMs;
  const trust = await loadTrustStore(c.extraCaFiles);
  const notes = [...plan.notes];
  if (trust.problems.length) notes.push(...trust.problems.map((p) => p.detail));
  if (dns.servers.length) {
    notes.push(`DNS asked only ${dns.servers.join(', ')} (${dns.source === 'env' ? 'HMC_DNS_SERVERS' : 'Settings > Connectivity'}); the hosts file was not consulted.`);
  }
  const started = new Date();
  const t0 = performance.now();
  const { hosts, deadlineHit } = await checkAll(plan.targets, {
    timeoutMs,
    deadlineMs,
    ping: input.ping ?? c.ping,
    winRmPorts: input.winRmPorts ?? c.checkWinRmPorts,
    trust,
    certWarnDays: c.certWarnDays,
    useHttps: settings.exchange.useHttps,
    authentication: settings.exchange.authentication,
    smtpTls: settings.notify.tls,
    session,
    trySession: input.session ?? true,
    dnsServers: dns.servers,
  });
  const durationMs = Math.round((performance.now() - t0) * 10) / 10;
  return {
    id: randomUUID(),
    startedAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + durationMs).toISOString(),
    durationMs,
    timeoutMs,
    deadlineMs,
    deadlineHit,
    source: plan.source,
    notes,
    hosts,
  };
}
