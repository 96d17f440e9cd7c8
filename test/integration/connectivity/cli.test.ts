/**
 * `hmc check` end to end through the real core (router, settings file, history in the data folder):
 * the documented --json shape, exit codes 0/1/2, --from-application, and history + export.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHmc } from '../../support/cli';
import { createCore } from '../../../electron/app/core';
import { httpServer, httpsServer, makePki, type Pki, type Running } from './servers';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const FIXTURE = join(IQSERVICE_FIXTURES, 'application-ad-exchhost-fragment.xml');
let pki: Pki;
let home: string;
const running: Running[] = [];

beforeAll(() => {
  pki = makePki();
  home = mkdtempSync(join(tmpdir(), 'hmc-home-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, connectivity: { extraCaFiles: [pki.caFile], ping: false, historySize: 3 } }));
});

afterAll(async () => {
  await Promise.all(running.map((r) => r.close()));
});

async function cli(argv: string[]) {
  // The core gets exactly this env: pass on the tests' loopback DNS server (never the machine's).
  const env = { HMC_HOME: home, HMC_DNS_SERVERS: process.env.HMC_DNS_SERVERS };
  return runHmc(argv, { env, core: () => createCore({ env }) });
}

describe('hmc check', () => {
  it('prints exactly the documented --json shape and exits 0 when no host failed', async () => {
    const challenge = { kind: 'challenge', schemes: ['Negotiate'] } as const;
    const http = await httpServer(challenge);
    const https = await httpsServer(pki.good, challenge);
    running.push(http, https);
    const r = await cli(['check', `localhost:${http.port}`, '--tls-port', String(https.port), '--timeout', '800', '--json']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(doc).toHaveLength(1);
    const host = doc[0] as Record<string, unknown>;
    expect(Object.keys(host).sort()).toEqual(['firstFailure', 'host', 'layers', 'verdict']);
    expect(host.verdict).toBe('ok');
    expect(host.firstFailure).toBeNull();
    const layers = host.layers as Array<Record<string, unknown>>;
    expect(layers.map((l) => l.layer)).toEqual(['dns', 'tcp', 'tls', 'http', 'session', 'icmp']);
    for (const l of layers) expect(Object.keys(l).sort()).toEqual(['detail', 'latencyMs', 'layer', 'status']);
  });

  it('exits 1 when a host failed, with the first failing layer in the JSON and a hint on stderr', async () => {
    const forbidden = await httpServer({ kind: 'status', status: 403 });
    const https = await httpsServer(pki.good, { kind: 'challenge', schemes: ['Kerberos'] });
    running.push(forbidden, https);
    const r = await cli(['check', `localhost:${forbidden.port}`, '--tls-port', String(https.port), '--timeout', '800', '--json']);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as Array<{ verdict: string; firstFailure: { layer: string; hint: string } }>;
    expect(doc[0]?.verdict).toBe('failed');
    expect(doc[0]?.firstFailure.layer).toBe('http');
    expect(r.err).toMatch(/failed/);
  });

  it('reads the ExchHost list of an Application document', async () => {
    const r = await cli(['check', '--from-application', FIXTURE, '--timeout', '500', '--json']);
    const doc = JSON.parse(r.out) as Array<{ host: string; firstFailure: { layer: string } | null }>;
    expect(doc.map((h) => h.host)).toEqual(['exch01.corp.example.org', 'exch02.corp.example.org']);
    // The tests' loopback DNS server does not know those names (NXDOMAIN): DNS is the first failing layer.
    expect(doc.map((h) => h.firstFailure?.layer)).toEqual(['dns', 'dns']);
    expect(r.code).toBe(1);
  });

  it('exits 2 for a bad host or a bad number', async () => {
    expect((await cli(['check', '-bad host', '--json'])).code).toBe(2);
    expect((await cli(['check', 'exch01:99999', '--json'])).code).toBe(2);
    expect((await cli(['check', 'exch01', '--timeout', 'soon'])).code).toBe(2);
    expect((await cli(['check', '--from-application', '/nonexistent/app.xml'])).code).toBe(2);
  });

  it('keeps the last runs in the data folder and exports them as JSON and escaped HTML', async () => {
    const core = await createCore({ env: { HMC_HOME: home, HMC_DNS_SERVERS: process.env.HMC_DNS_SERVERS } });
    try {
      const { runs } = await core.router.invoke('connectivity.history', {}, { door: 'test' });
      expect(runs.length).toBe(3); // historySize 3, four runs made above
      expect(runs[0]?.source).toBe('application');
      const json = await core.router.invoke('connectivity.export', { format: 'json' }, { door: 'test' });
      expect(JSON.parse(json.content).id).toBe(runs[0]?.id);
      const html = await core.router.invoke('connectivity.export', { runId: runs[1]?.id, format: 'html' }, { door: 'test' });
      expect(html.mimeType).toBe('text/html');
      expect(html.content).toContain('First failure: http.');
      await expect(core.router.invoke('connectivity.export', { runId: 'nope', format: 'html' }, { door: 'test' })).rejects.toThrow(/no run/);
    } finally {
      await core.dispose();
    }
  });
});
