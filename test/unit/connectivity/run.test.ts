import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dnsServersFor, planTargets } from '../../../electron/services/connectivity/run';
import { isHmcError } from '../../../shared/errors';
import { defaultSettings } from '../../../shared/settings/schema';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const FIX = IQSERVICE_FIXTURES;

describe('the hosts of a run', () => {
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

describe('the DNS servers of a run (connectivity.dnsServers, HMC_DNS_SERVERS)', () => {
  it('HMC_DNS_SERVERS overrides the setting; neither means the system resolver; a bad entry is refused', () => {
    const s = defaultSettings();
    expect(dnsServersFor(s, {})).toEqual({ servers: [], source: 'system' });
    s.connectivity.dnsServers = ['10.0.0.53'];
    expect(dnsServersFor(s, {})).toEqual({ servers: ['10.0.0.53'], source: 'settings' });
    expect(dnsServersFor(s, { HMC_DNS_SERVERS: ' ' })).toEqual({ servers: ['10.0.0.53'], source: 'settings' });
    expect(dnsServersFor(s, { HMC_DNS_SERVERS: '127.0.0.1:5353,::1' })).toEqual({ servers: ['127.0.0.1:5353', '::1'], source: 'env' });
    let err: unknown;
    try {
      dnsServersFor(s, { HMC_DNS_SERVERS: '127.0.0.1,dc01' });
    } catch (e) {
      err = e;
    }
    expect(isHmcError(err) && err.code).toBe('SETTINGS_INVALID');
    expect((err as Error).message).toMatch(/HMC_DNS_SERVERS .*\(dc01\)/);
  });
});
