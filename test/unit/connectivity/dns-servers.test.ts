import { describe, expect, it } from 'vitest';
import { isDnsServerEntry, parseDnsServerList } from '../../../shared/connectivity/dns-servers';
import { isHmcError } from '../../../shared/errors';
import { defaultSettings, Settings } from '../../../shared/settings/schema';
import { dnsServersFor } from '../../../electron/services/connectivity/service';
import { arpaName } from '../../../electron/services/connectivity/dns';
import { arpaName as testServerArpaName } from '../../support/loopback-dns';

describe('DNS server entries (connectivity.dnsServers, HMC_DNS_SERVERS)', () => {
  it('takes IP or IP:port, IPv6 bare or [v6]:port, and nothing else', () => {
    for (const ok of ['10.0.0.53', '10.0.0.53:53', '127.0.0.1:65535', '::1', 'fd00::53', '[fd00::53]:5353', '2001:db8:0:0:0:0:0:1', '::ffff:10.0.0.1']) {
      expect(isDnsServerEntry(ok), ok).toBe(true);
    }
    for (const bad of ['', 'dc01.corp.example.org', 'dc01:53', '10.0.0.256', '10.0.0', '10.0.0.53:0', '10.0.0.53:70000', '[10.0.0.53]:53', 'fd00::53:', '1::2::3', '[fd00::53]:', '10.0.0.53 10.0.0.54', '010.0.0.1']) {
      expect(isDnsServerEntry(bad), bad).toBe(false);
    }
    expect(parseDnsServerList(' 10.0.0.53 , ,[::1]:53,dc01 ')).toEqual({ servers: ['10.0.0.53', '[::1]:53'], bad: ['dc01'] });
  });

  it('the setting defaults to empty and is validated', () => {
    expect(defaultSettings().connectivity.dnsServers).toEqual([]);
    expect(Settings.parse({ connectivity: { dnsServers: ['10.0.0.53', '[::1]:5353'] } }).connectivity.dnsServers).toEqual(['10.0.0.53', '[::1]:5353']);
    expect(Settings.safeParse({ connectivity: { dnsServers: ['dc01.corp.example.org'] } }).success).toBe(false);
  });

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

describe('PTR owner names for the reverse query', () => {
  it('in-addr.arpa and ip6.arpa nibbles, as the test server computes them independently', () => {
    expect(arpaName('10.1.2.3')).toBe('3.2.1.10.in-addr.arpa');
    expect(arpaName('2001:db8::567:89ab')).toBe('b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(arpaName('::ffff:10.0.0.1')).toBe(arpaName('::ffff:a00:1'));
    for (const a of ['127.0.0.1', '::1', 'fd00::53', 'fe80:0:0:0:1:2:3:4', '2001:DB8::1']) expect(arpaName(a), a).toBe(testServerArpaName(a));
  });
});
