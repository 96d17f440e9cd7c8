/**
 * Connectivity checks: N = 1, 10, 50 loopback hosts of mixed behaviour (healthy, 403, never answers,
 * closed port, self-signed certificate) checked in one concurrent run, against the baseline of the
 * same hosts checked one at a time (sum of single-host runs, each the median of three, measured in
 * the same process).
 * Target: ratio under 0.15 at N = 50.
 * DNS goes to a loopback DNS server started here (HMC_DNS_SERVERS), never to the machine's resolver.
 */
import { runConnectivity } from '../../electron/services/connectivity/run';
import type { SessionAvailability } from '../../electron/services/connectivity/session';
import type { HostSpec } from '../../shared/connectivity/schemas';
import { defaultSettings } from '../../shared/settings/schema';
import { closedPort, httpServer, httpsServer, makePki, silentServer, type Running } from '../integration/connectivity/servers';
import { DEFAULT_DNS_TABLE, startLoopbackDns } from '../support/loopback-dns';
import { emit, median } from './lib';

const TIMEOUT_MS = 500;
const NO_SESSION: SessionAvailability = { probe: null, reason: 'benchmark' };

async function main(): Promise<void> {
  const dns = await startLoopbackDns(DEFAULT_DNS_TABLE);
  process.env.HMC_DNS_SERVERS = dns.server;
  const pki = makePki();
  const settings = defaultSettings();
  settings.connectivity.extraCaFiles = [pki.caFile];
  settings.connectivity.ping = false;
  const challenge = { kind: 'challenge', schemes: ['Negotiate', 'Kerberos'] } as const;
  const running: Running[] = [];
  const keep = async (p: Promise<Running>): Promise<number> => {
    const r = await p;
    running.push(r);
    return r.port;
  };
  const kinds: Array<() => Promise<HostSpec>> = [
    async () => ({ host: 'localhost', httpPort: await keep(httpServer(challenge)), tlsPort: await keep(httpsServer(pki.good, challenge)) }),
    async () => ({ host: 'localhost', httpPort: await keep(httpServer({ kind: 'status', status: 403 })), tlsPort: await keep(httpsServer(pki.good, challenge)) }),
    async () => ({ host: 'localhost', httpPort: await keep(silentServer()), tlsPort: await keep(httpsServer(pki.good, challenge)) }),
    async () => ({ host: 'localhost', httpPort: await closedPort(), tlsPort: await keep(httpsServer(pki.good, challenge)) }),
    async () => ({ host: 'localhost', httpPort: await keep(httpServer(challenge)), tlsPort: await keep(httpsServer(pki.selfSigned, challenge)) }),
  ];
  const hosts: HostSpec[] = [];
  for (let i = 0; i < 50; i++) hosts.push(await (kinds[i % kinds.length] as () => Promise<HostSpec>)());

  const timed = async (list: HostSpec[]): Promise<number> => {
    const t0 = performance.now();
    const run = await runConnectivity({ hosts: list, timeoutMs: TIMEOUT_MS, deadlineMs: 60_000, record: false }, settings, NO_SESSION);
    if (run.hosts.length !== list.length) throw new Error(`expected ${list.length} results, got ${run.hosts.length}`);
    return performance.now() - t0;
  };

  await timed(hosts.slice(0, 5)); // warm-up: first TLS contexts, DNS cache
  const singles: number[] = [];
  for (const h of hosts) singles.push(median([await timed([h]), await timed([h]), await timed([h])]));
  for (const n of [1, 10, 50]) {
    const baseline = singles.slice(0, n).reduce((a, b) => a + b, 0);
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) runs.push(await timed(hosts.slice(0, n)));
    emit(`connectivity.concurrent.n${n}`, median(runs), 'ms', baseline, { hosts: n, timeoutMs: TIMEOUT_MS, target: n === 50 ? 0.15 : undefined });
  }
  await Promise.all(running.map((r) => r.close()));
  await dns.close();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
