/**
 * The DNS layer with configured DNS servers (connectivity.dnsServers / HMC_DNS_SERVERS) against a
 * real DNS server on loopback: every query goes to it (names it alone knows resolve, the hosts file
 * is not consulted), CNAME and PTR come from it, NXDOMAIN and a silent server are told apart, and the
 * environment overrides the setting.
 */
import { createSocket, type Socket } from 'node:dgram';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostResult } from '../../../shared/connectivity/schemas';
import { defaultSettings, type Settings } from '../../../shared/settings/schema';
import { runConnectivity } from '../../../electron/services/connectivity/run';
import type { SessionAvailability } from '../../../electron/services/connectivity/session';
import { startLoopbackDns, type LoopbackDns } from '../../support/loopback-dns';
import { closedPort, httpServer, type Running } from './servers';

const NO_SESSION: SessionAvailability = { probe: null, reason: 'not tried: test' };
const TIMEOUT = 800;

let dns: LoopbackDns;
let silent: Socket;
let silentServer: string;
/** Questions the silent server received ("name type"), and how often each. */
const asked = new Map<string, number>();

/** The question of a DNS query: QNAME (labels) and QTYPE, after the 12-byte header. */
function question(msg: Buffer): string | null {
  const labels: string[] = [];
  let i = 12;
  while (i < msg.length && msg[i] !== 0) {
    const n = msg[i]!;
    labels.push(msg.subarray(i + 1, i + 1 + n).toString('ascii'));
    i += n + 1;
  }
  return i + 2 < msg.length ? `${labels.join('.')} ${msg.readUInt16BE(i + 1)}` : null;
}
let http: Running;
let closed: number;
const settings: Settings = defaultSettings();
settings.connectivity.ping = false;

beforeAll(async () => {
  dns = await startLoopbackDns({
    A: { 'exch-dns-only.hmc.test': ['127.0.0.1'] },
    CNAME: { 'owa-alias.hmc.test': 'exch-dns-only.hmc.test' },
    PTR: { '127.0.0.1': 'exch-dns-only.hmc.test' },
  });
  // A DNS "server" that takes queries, counts each question, and never answers.
  silent = createSocket('udp4');
  silent.on('message', (msg) => {
    const q = question(msg);
    if (q) asked.set(q, (asked.get(q) ?? 0) + 1);
  });
  await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
  silentServer = `127.0.0.1:${silent.address().port}`;
  http = await httpServer({ kind: 'challenge', schemes: ['Negotiate'] });
  closed = await closedPort();
});

afterAll(async () => {
  await dns.close();
  silent.close();
  await http.close();
});

async function check(host: string, env: NodeJS.ProcessEnv, s: Settings = settings): Promise<HostResult> {
  const run = await runConnectivity({ timeoutMs: TIMEOUT, hosts: [{ host, httpPort: http.port, tlsPort: closed }], record: false }, s, NO_SESSION, env);
  return run.hosts[0] as HostResult;
}

const dnsLayer = (h: HostResult) => h.layers.find((l) => l.layer === 'dns');
const step = (h: HostResult, name: string) => dnsLayer(h)?.steps.find((s) => s.name === name);

describe('DNS layer with configured DNS servers', () => {
  it('resolves a name only that server knows, reverse from its PTR, and says the hosts file was skipped', async () => {
    const before = dns.queries.length;
    const h = await check('exch-dns-only.hmc.test', { HMC_DNS_SERVERS: dns.server });
    expect(dnsLayer(h)?.status).toBe('pass');
    expect(step(h, 'forward lookup')?.detail).toBe(`exch-dns-only.hmc.test resolves to 127.0.0.1 (asked DNS server ${dns.server}; the hosts file is not consulted)`);
    expect(step(h, 'CNAME')?.detail).toBe('no CNAME record: the name is not an alias');
    expect(step(h, 'reverse lookup')?.detail).toBe('127.0.0.1 is named exch-dns-only.hmc.test');
    expect(h.layers.find((l) => l.layer === 'tcp')?.steps[0]?.status).toBe('pass'); // the address it gave is what TCP used
    expect(dns.queries.slice(before).sort()).toEqual(['1.0.0.127.in-addr.arpa PTR', 'exch-dns-only.hmc.test A', 'exch-dns-only.hmc.test AAAA', 'exch-dns-only.hmc.test CNAME']);
  });

  it('the hosts file is not consulted: localhost is unknown to that server', async () => {
    const h = await check('localhost', { HMC_DNS_SERVERS: dns.server });
    expect(h.firstFailure?.layer).toBe('dns');
    expect(h.firstFailure?.hint).toMatch(/does not resolve on DNS server .*ENOTFOUND.*hosts file is not consulted/);
  });

  it('an alias gets the CNAME warning from that server, and resolves through the chain', async () => {
    const h = await check('owa-alias.hmc.test', { HMC_DNS_SERVERS: dns.server });
    expect(dnsLayer(h)?.status).toBe('warn');
    expect(dnsLayer(h)?.detail).toMatch(/alias \(CNAME of exch-dns-only\.hmc\.test\).*alternate service account/);
    expect(step(h, 'forward lookup')?.data?.addresses).toEqual(['127.0.0.1']);
    expect(step(h, 'reverse lookup')?.detail).toMatch(/named exch-dns-only\.hmc\.test, not owa-alias\.hmc\.test/);
  });

  it('a server that never answers: dns fails after one try within the timeout, and says which server', async () => {
    asked.clear();
    const h = await check('exch-dns-only.hmc.test', { HMC_DNS_SERVERS: silentServer });
    expect(h.firstFailure?.layer).toBe('dns');
    expect(h.firstFailure?.hint).toContain(`DNS server ${silentServer} gave no answer for exch-dns-only.hmc.test`);
    // One try: every question reached the server once, none was sent again (the time bound is the bench's).
    expect(asked.size).toBeGreaterThan(0);
    expect([...asked.values()].every((n) => n === 1)).toBe(true);
  });

  it('HMC_DNS_SERVERS overrides connectivity.dnsServers; the setting alone works too', async () => {
    const s = defaultSettings();
    s.connectivity.ping = false;
    s.connectivity.dnsServers = [silentServer];
    expect(dnsLayer(await check('exch-dns-only.hmc.test', { HMC_DNS_SERVERS: dns.server }, s))?.status).toBe('pass');
    s.connectivity.dnsServers = [dns.server];
    const run = await runConnectivity({ timeoutMs: TIMEOUT, hosts: [{ host: 'exch-dns-only.hmc.test', httpPort: http.port, tlsPort: closed }] }, s, NO_SESSION, {});
    expect(dnsLayer(run.hosts[0] as HostResult)?.status).toBe('pass');
    expect(run.notes).toContain(`DNS asked only ${dns.server} (Settings > Connectivity); the hosts file was not consulted.`);
  });

  it('ping gets the address those servers gave (numeric, so it asks no DNS of its own)', async () => {
    // A stand-in ping command on PATH that records its arguments and answers like iputils.
    const bin = mkdtempSync(join(tmpdir(), 'hmc-ping-'));
    const argsFile = join(bin, 'args.txt');
    writeFileSync(join(bin, 'ping'), `#!/bin/sh\nprintf '%s\\n' "$*" > '${argsFile}'\necho '64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.042 ms'\n`);
    chmodSync(join(bin, 'ping'), 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${bin}${delimiter}${path ?? ''}`;
    try {
      const s = defaultSettings();
      s.connectivity.ping = true;
      const h = await check('exch-dns-only.hmc.test', { HMC_DNS_SERVERS: dns.server }, s);
      expect(h.layers.find((l) => l.layer === 'icmp')?.status).toBe('pass');
      const args = readFileSync(argsFile, 'utf8').trim().split(' ');
      expect(args[0]).toBe('-n');
      expect(args.at(-1)).toBe('127.0.0.1');
      const nx = await check('no-such-host.hmc.test', { HMC_DNS_SERVERS: dns.server }, s);
      expect(nx.layers.find((l) => l.layer === 'icmp')?.detail).toMatch(/not pinged: the name does not resolve on the configured DNS servers/);
    } finally {
      process.env.PATH = path;
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
