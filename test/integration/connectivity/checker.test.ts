/**
 * Every layer against real sockets on 127.0.0.1: each scenario gives the right verdict and names
 * the right first failing layer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../shared/settings/schema';
import type { CheckInput, HostResult, LayerName } from '../../../shared/connectivity/schemas';
import { runConnectivity } from '../../../electron/services/connectivity/run';
import type { SessionAvailability } from '../../../electron/services/connectivity/session';
import { closedPort, httpServer, httpsServer, makePki, silentServer, smtpServer, type Pki, type Running } from './servers';

const NO_SESSION: SessionAvailability = { probe: null, reason: 'not tried: test' };
const TIMEOUT = 800;

let pki: Pki;
const running: Running[] = [];
let settings: Settings;

async function start<T extends Running>(p: Promise<T>): Promise<T> {
  const r = await p;
  running.push(r);
  return r;
}

beforeAll(() => {
  pki = makePki();
  settings = defaultSettings();
  settings.connectivity.extraCaFiles = [pki.caFile];
  settings.connectivity.ping = false;
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

async function checkOne(input: CheckInput, s: Settings = settings): Promise<HostResult> {
  const run = await runConnectivity({ timeoutMs: TIMEOUT, ...input }, s, NO_SESSION);
  expect(run.hosts).toHaveLength(1);
  return run.hosts[0] as HostResult;
}

function status(h: HostResult, layer: LayerName): string | undefined {
  return h.layers.find((l) => l.layer === layer)?.status;
}

const challenge = { kind: 'challenge', schemes: ['Negotiate', 'Kerberos'] } as const;

describe('exchange host layers', () => {
  it('401 with Negotiate/Kerberos on http and https, trusted certificate: ok', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.verdict).toBe('ok');
    expect(h.firstFailure).toBeNull();
    expect(h.host).toBe(`localhost:${http.port}`);
    expect(h.layers.map((l) => l.layer)).toEqual(['dns', 'tcp', 'tls', 'http', 'session', 'icmp']);
    expect(status(h, 'dns')).toBe('pass');
    expect(status(h, 'tcp')).toBe('pass');
    expect(status(h, 'tls')).toBe('pass');
    expect(status(h, 'session')).toBe('skipped');
    expect(status(h, 'icmp')).toBe('skipped');
    const httpLayer = h.layers.find((l) => l.layer === 'http');
    expect(httpLayer?.status).toBe('pass');
    expect(httpLayer?.detail).toContain('Negotiate, Kerberos');
    const plainStep = httpLayer?.steps.find((s) => s.name.startsWith('GET http://'));
    expect(plainStep?.data?.statusCode).toBe(401);
    expect(plainStep?.data?.schemes).toEqual(['Negotiate', 'Kerberos']);
    const cert = h.layers.find((l) => l.layer === 'tls')?.steps[0]?.data;
    expect(cert?.issuer).toContain('HMC Test CA');
    expect(cert?.trusted).toBe(true);
    expect(cert?.daysToExpiry).toBeGreaterThanOrEqual(18);
  });

  it('401 offering only Basic: degraded on http', async () => {
    const http = await start(httpServer({ kind: 'challenge', schemes: ['Basic realm="x"'] }));
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.verdict).toBe('degraded');
    expect(status(h, 'http')).toBe('warn');
    expect(h.firstFailure).toBeNull();
  });

  it('403 on /PowerShell/: failed at http', async () => {
    const http = await start(httpServer({ kind: 'status', status: 403 }));
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('http');
    expect(h.firstFailure?.hint).toMatch(/403/);
    expect(h.firstFailure?.hint).toMatch(/SSL|IP restriction/);
  });

  it('redirect and 500 are told apart from 403', async () => {
    const redirect = await start(httpServer({ kind: 'status', status: 302, headers: { Location: 'https://elsewhere.example/owa' } }));
    const broken = await start(httpServer({ kind: 'status', status: 500 }));
    const https = await start(httpsServer(pki.good, challenge));
    const run = await runConnectivity(
      { timeoutMs: TIMEOUT, hosts: [{ host: 'localhost', httpPort: redirect.port, tlsPort: https.port }, { host: 'localhost', httpPort: broken.port, tlsPort: https.port }] },
      settings,
      NO_SESSION,
    );
    expect(run.hosts.map((h) => h.firstFailure?.layer)).toEqual(['http', 'http']);
    expect(run.hosts[0]?.firstFailure?.hint).toMatch(/redirects to https:\/\/elsewhere\.example\/owa/);
    expect(run.hosts[1]?.firstFailure?.hint).toMatch(/500/);
  });

  it('accepts TCP and never answers HTTP: failed at http after the timeout', async () => {
    const silent = await start(silentServer());
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: silent.port, tlsPort: https.port }] });
    expect(status(h, 'tcp')).toBe('pass');
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('http');
    expect(h.firstFailure?.hint).toMatch(/never answers/);
    const step = h.layers.find((l) => l.layer === 'http')?.steps[0];
    expect(step?.latencyMs).toBeGreaterThanOrEqual(TIMEOUT - 50);
  });

  it('closed HTTP port: failed at tcp (refused), later layers skipped', async () => {
    const port = await closedPort();
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: port, tlsPort: https.port }] });
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('tcp');
    expect(h.firstFailure?.hint).toMatch(new RegExp(`TCP ${port} refused`));
    expect(status(h, 'http')).toBe('skipped');
    const tcp = h.layers.find((l) => l.layer === 'tcp');
    expect(tcp?.steps.find((s) => s.name === `TCP ${port}`)?.data?.state).toBe('refused');
  });

  it('TLS port that accepts and never handshakes: failed at tls', async () => {
    const http = await start(httpServer(challenge));
    const silent = await start(silentServer());
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: silent.port }] });
    expect(h.firstFailure?.layer).toBe('tls');
    expect(h.firstFailure?.hint).toMatch(/never completes a TLS handshake/);
  });

  it('self-signed certificate: failed at tls, says self-signed', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.selfSigned, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('tls');
    expect(h.firstFailure?.hint).toMatch(/self-signed/);
    expect(status(h, 'http')).toBe('pass');
  });

  it('expired certificate: failed at tls, says expired', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.expired, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.firstFailure?.layer).toBe('tls');
    expect(h.firstFailure?.hint).toMatch(/expired/);
    expect(h.layers.find((l) => l.layer === 'tls')?.steps[0]?.data?.daysToExpiry).toBeLessThan(0);
  });

  it('certificate for another name: failed at tls, says it does not name the host', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.mismatch, challenge));
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] });
    expect(h.firstFailure?.layer).toBe('tls');
    expect(h.firstFailure?.hint, h.firstFailure?.hint).toMatch(/does not name localhost/);
    expect(h.firstFailure?.hint).toMatch(/other\.example/);
  });

  it('the test CA is what makes the good certificate trusted (extra CA files from settings)', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.good, challenge));
    const plain = defaultSettings();
    plain.connectivity.ping = false;
    const h = await checkOne({ hosts: [{ host: 'localhost', httpPort: http.port, tlsPort: https.port }] }, plain);
    expect(h.firstFailure?.layer).toBe('tls');
    expect(h.firstFailure?.hint).toMatch(/HMC Test CA.*does not trust/);
  });

  it('an IP address instead of a name: degraded with a DNS warning', async () => {
    const http = await start(httpServer(challenge));
    const https = await start(httpsServer(pki.good, challenge));
    const h = await checkOne({ hosts: [`127.0.0.1:${http.port}`], tlsPort: https.port });
    expect(h.verdict).toBe('degraded');
    expect(status(h, 'dns')).toBe('warn');
    expect(h.layers.find((l) => l.layer === 'dns')?.detail).toMatch(/Kerberos/);
  });

  it('a name that does not resolve: failed at dns, the rest skipped', async () => {
    // NXDOMAIN from the tests' loopback DNS server (HMC_DNS_SERVERS, test/support/vitest-setup.ts).
    const h = await checkOne({ hosts: ['no-such-host.hmc.test'] });
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('dns');
    expect(h.firstFailure?.hint).toContain(`does not resolve on DNS server ${process.env.HMC_DNS_SERVERS} (ENOTFOUND)`);
    expect(['tcp', 'tls', 'http', 'session'].map((l) => status(h, l as LayerName))).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
  });
});

describe('SMTP relay', () => {
  it('banner, EHLO and STARTTLS with a trusted certificate: ok', async () => {
    const smtp = await start(smtpServer({ starttls: true, pem: pki.good }));
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}`, hosts: [] }, { ...settings, exchange: { ...settings.exchange, hosts: [] } }, NO_SESSION);
    const h = run.hosts.find((x) => x.role === 'smtp') as HostResult;
    expect(h.layers.map((l) => l.layer)).toEqual(['dns', 'smtp', 'icmp']);
    expect(h.verdict).toBe('ok');
    const steps = h.layers.find((l) => l.layer === 'smtp')?.steps.map((s) => [s.name, s.status]);
    expect(steps).toEqual([[`TCP ${smtp.port}`, 'pass'], ['banner', 'pass'], ['EHLO', 'pass'], ['STARTTLS', 'pass']]);
  });

  it('no STARTTLS offered while TLS is required: failed at smtp', async () => {
    const smtp = await start(smtpServer({ starttls: false, pem: pki.good }));
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}` }, { ...settings, exchange: { ...settings.exchange, hosts: [] } }, NO_SESSION);
    const h = run.hosts[0] as HostResult;
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('smtp');
    expect(h.firstFailure?.hint).toMatch(/does not offer STARTTLS/);
  });

  it('no STARTTLS offered, TLS not required: degraded', async () => {
    const smtp = await start(smtpServer({ starttls: false, pem: pki.good }));
    const s = { ...settings, exchange: { ...settings.exchange, hosts: [] }, notify: { ...settings.notify, tls: 'none' as const } };
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}` }, s, NO_SESSION);
    expect(run.hosts[0]?.verdict).toBe('degraded');
  });

  it('implicit TLS (port 465 style) with a trusted certificate: ok, the handshake before the banner', async () => {
    const smtp = await start(smtpServer({ starttls: false, implicit: true, pem: pki.good }));
    const s = { ...settings, exchange: { ...settings.exchange, hosts: [] }, notify: { ...settings.notify, tls: 'implicit' as const } };
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}` }, s, NO_SESSION);
    const h = run.hosts[0] as HostResult;
    expect(h.verdict).toBe('ok');
    const steps = h.layers.find((l) => l.layer === 'smtp')?.steps.map((x) => [x.name, x.status]);
    expect(steps).toEqual([[`TLS ${smtp.port}`, 'pass'], ['banner', 'pass'], ['EHLO', 'pass']]);
  });

  it('implicit TLS chosen but the relay speaks plain SMTP with STARTTLS: failed, says to choose STARTTLS', async () => {
    const smtp = await start(smtpServer({ starttls: true, pem: pki.good }));
    const s = { ...settings, exchange: { ...settings.exchange, hosts: [] }, notify: { ...settings.notify, tls: 'implicit' as const } };
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}` }, s, NO_SESSION);
    const h = run.hosts[0] as HostResult;
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.layer).toBe('smtp');
    expect(h.firstFailure?.hint).toMatch(/answered in plain text, not TLS.*choose STARTTLS/);
  });

  it('STARTTLS chosen but the relay speaks implicit TLS: failed at the banner, says implicit TLS may be meant', async () => {
    const smtp = await start(smtpServer({ starttls: false, implicit: true, pem: pki.good }));
    const run = await runConnectivity({ timeoutMs: 800, smtp: `localhost:${smtp.port}` }, { ...settings, exchange: { ...settings.exchange, hosts: [] } }, NO_SESSION);
    const h = run.hosts[0] as HostResult;
    expect(h.verdict).toBe('failed');
    expect(h.firstFailure?.hint).toMatch(/sent no banner.*implicit TLS/);
  });

  it('STARTTLS with smtp-server\'s own expired certificate: failed at smtp, says expired', async () => {
    const smtp = await start(smtpServer({ starttls: true }));
    const run = await runConnectivity({ timeoutMs: 2000, smtp: `localhost:${smtp.port}` }, { ...settings, exchange: { ...settings.exchange, hosts: [] } }, NO_SESSION);
    expect(run.hosts[0]?.firstFailure?.layer).toBe('smtp');
    expect(run.hosts[0]?.firstFailure?.hint).toMatch(/expired|self-signed|does not trust/);
  });
});

describe('IQService ports', () => {
  it('TLS port works and the plain port is closed: ok', async () => {
    const tls = await start(httpsServer(pki.good, challenge));
    const plain = await closedPort();
    const s = { ...settings, exchange: { ...settings.exchange, hosts: [] }, connectivity: { ...settings.connectivity, iqServiceTlsPort: tls.port } };
    const run = await runConnectivity({ timeoutMs: TIMEOUT, iqservice: `localhost:${plain}` }, s, NO_SESSION);
    expect(run.hosts[0]?.layers.map((l) => l.layer)).toEqual(['dns', 'iqservice', 'icmp']);
    expect(run.hosts[0]?.verdict).toBe('ok');
  });

  it('plain port only: degraded (no TLS); nothing listening: failed', async () => {
    const plain = await start(silentServer());
    const s = { ...settings, exchange: { ...settings.exchange, hosts: [] } };
    const open = await runConnectivity({ timeoutMs: TIMEOUT, iqservice: `localhost:${plain.port}` }, s, NO_SESSION);
    expect(open.hosts[0]?.verdict).toBe('degraded');
    const port = await closedPort();
    const closed = await runConnectivity({ timeoutMs: TIMEOUT, iqservice: `localhost:${port}` }, s, NO_SESSION);
    expect(closed.hosts[0]?.firstFailure?.layer).toBe('iqservice');
    expect(closed.hosts[0]?.firstFailure?.hint).toMatch(/IQService/);
  });
});

describe('concurrency', () => {
  it('20 hosts with never-answering endpoints finish within 1.5x the single-check timeout', async () => {
    const timeoutMs = 1000;
    const hosts = [];
    const servers: Running[] = [];
    for (let i = 0; i < 20; i++) {
      const slowHttp = await start(silentServer());
      const slowTls = i % 2 === 0 ? await start(silentServer()) : await start(httpsServer(pki.good, { kind: 'silent' }));
      servers.push(slowHttp, slowTls);
      hosts.push({ host: 'localhost', httpPort: slowHttp.port, tlsPort: slowTls.port });
    }
    // In flight at once: the most connections the never-answering servers held together (serial checks: 1 or 2).
    let most = 0;
    const sample = setInterval(() => {
      most = Math.max(most, servers.reduce((n, s) => n + s.open(), 0));
    }, 20);
    const run = await runConnectivity({ timeoutMs, deadlineMs: 10_000, hosts }, settings, NO_SESSION).finally(() => clearInterval(sample));
    expect(run.hosts).toHaveLength(20);
    expect(run.hosts.every((h) => h.verdict === 'failed')).toBe(true);
    expect(new Set(run.hosts.map((h) => h.firstFailure?.layer))).toEqual(new Set(['tls', 'http']));
    // Every host's HTTP and TLS checks waited side by side (the 1.5x-timeout bound is measured by npm run bench).
    expect(most).toBeGreaterThanOrEqual(20);
  });

  it('the overall deadline cuts every check short and says so', async () => {
    const silent = await start(silentServer());
    const silentTls = await start(silentServer());
    const t0 = performance.now();
    const run = await runConnectivity({ timeoutMs: 5000, deadlineMs: 400, hosts: [{ host: 'localhost', httpPort: silent.port, tlsPort: silentTls.port }] }, settings, NO_SESSION);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(run.deadlineHit).toBe(true);
    expect(run.hosts[0]?.firstFailure?.hint).toMatch(/deadline/);
  });
});
