import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applicationHosts } from '../../../electron/services/connectivity/application';
import { authSchemes, judgeHttp, type HttpProbeResult } from '../../../electron/services/connectivity/http';
import { planTargets } from '../../../electron/services/connectivity/service';
import { splitHostPort } from '../../../electron/services/connectivity/targets';
import { verdictOf } from '../../../electron/services/connectivity/checker';
import { htmlReport } from '../../../shared/connectivity/report';
import { defaultSettings } from '../../../shared/settings/schema';
import type { CheckRun } from '../../../shared/connectivity/schemas';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const FIX = IQSERVICE_FIXTURES;

describe('host specifications', () => {
  it('splits names, ports and bracketed IPv6', () => {
    expect(splitHostPort('exch01.contoso.com')).toEqual({ name: 'exch01.contoso.com', port: null });
    expect(splitHostPort('exch01:8080')).toEqual({ name: 'exch01', port: 8080 });
    expect(splitHostPort('[::1]:80')).toEqual({ name: '::1', port: 80 });
    expect(splitHostPort('fe80::1')).toEqual({ name: 'fe80::1', port: null });
  });

  it('refuses what is not a host (nothing odd reaches a socket or the ping command line)', () => {
    for (const bad of ['-c1', 'http://exch01/', 'exch 01', 'exch01:0', 'exch01:70000', 'a;b', '']) {
      expect(() => splitHostPort(bad), bad).toThrow(/host name|port/);
    }
  });
});

describe('Application documents', () => {
  it('reads ExchHost and the IQService host from both fixture forms', () => {
    for (const file of ['application-ad-exchhost-fragment.xml', 'env-application-map.xml']) {
      const r = applicationHosts(readFileSync(`${FIX}/${file}`, 'utf8'));
      expect(r.exchangeHosts, file).toEqual(['exch01.corp.example.org', 'exch02.corp.example.org']);
      expect(r.iqService?.host).toBe('iqs01.corp.example.org');
      expect(r.iqService?.port).toBe(5051);
    }
  });

  it('refuses entity declarations and malformed XML', () => {
    expect(() => applicationHosts('<!DOCTYPE a [<!ENTITY x "y">]><Map/>')).toThrow(/entities/);
    expect(() => applicationHosts('<Map><entry key="ExchHost" value="a"></Map>')).toThrow(/well-formed/);
    expect(() => applicationHosts('<Rule/>')).toThrow(/not an Application/);
  });

  it('uses the Application as the host source and its IQService when asked', () => {
    const xml = readFileSync(`${FIX}/application-ad-exchhost-fragment.xml`, 'utf8');
    const plan = planTargets({ applicationXml: xml, iqservice: true }, defaultSettings());
    expect(plan.source).toBe('application');
    expect(plan.targets.map((t) => `${t.role}:${t.name}:${t.port}:${t.tlsPort}`)).toEqual([
      'exchange:exch01.corp.example.org:80:443',
      'exchange:exch02.corp.example.org:80:443',
      'iqservice:iqs01.corp.example.org:null:5051',
    ]);
  });

  it('says what to do when there is nothing to check', () => {
    expect(() => planTargets({}, defaultSettings())).toThrow(/Settings > Exchange/);
  });
});

describe('HTTP judgement', () => {
  const base: HttpProbeResult = { url: 'http://exch01:80/PowerShell/', latencyMs: 3, kind: 'answer', statusCode: 401, authenticate: [], location: null, server: null, code: null };
  it('names the schemes of WWW-Authenticate, parameters aside', () => {
    expect(authSchemes(['Negotiate, Kerberos'])).toEqual(['Negotiate', 'Kerberos']);
    expect(authSchemes(['Basic realm="exch01", charset="UTF-8"', 'Negotiate oYH1MIHyoAMKAQ=='])).toEqual(['Basic', 'Negotiate']);
  });
  it('401 passes only with the scheme the console uses', () => {
    expect(judgeHttp({ ...base, authenticate: ['Negotiate'] }, 'exch01', 'Kerberos').status).toBe('pass');
    expect(judgeHttp({ ...base, authenticate: ['Basic realm="x"'] }, 'exch01', 'Kerberos').status).toBe('warn');
    expect(judgeHttp({ ...base, authenticate: ['Basic realm="x"'] }, 'exch01', 'Basic').status).toBe('pass');
  });
  it('each other answer has its own meaning', () => {
    const hints = [200, 404, 503].map((statusCode) => judgeHttp({ ...base, statusCode }, 'exch01', 'Kerberos').hint);
    expect(hints[0]).toMatch(/not Exchange's PowerShell endpoint/);
    expect(hints[1]).toMatch(/New-PowerShellVirtualDirectory/);
    expect(hints[2]).toMatch(/MSExchangePowerShellAppPool/);
  });
});

describe('verdict and report', () => {
  it('skipped layers do not count; warnings degrade; any failure fails', () => {
    const l = (status: 'pass' | 'warn' | 'fail' | 'skipped') => ({ layer: 'dns' as const, status, latencyMs: 1, detail: '', steps: [] });
    expect(verdictOf([l('pass'), l('skipped')])).toBe('ok');
    expect(verdictOf([l('pass'), l('warn')])).toBe('degraded');
    expect(verdictOf([l('warn'), l('fail')])).toBe('failed');
  });

  it('escapes everything that came from the network', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const run: CheckRun = {
      id: 'r1', startedAt: '2026-11-27T10:00:00.000Z', finishedAt: '2026-11-27T10:00:01.000Z', durationMs: 1000, timeoutMs: 5000, deadlineMs: 20000,
      deadlineHit: false, source: 'typed', notes: [evil],
      hosts: [{
        host: evil, verdict: 'failed', role: 'exchange', durationMs: 5,
        target: { role: 'exchange', name: 'x', port: 80, tlsPort: 443 },
        firstFailure: { layer: 'http', hint: evil },
        layers: [{ layer: 'http', status: 'fail', latencyMs: 2, detail: evil, steps: [{ name: evil, status: 'fail', latencyMs: 1, detail: evil, data: { server: evil, wwwAuthenticate: [evil] } }] }],
      }],
    };
    const html = htmlReport(run);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain(evil);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });
});
