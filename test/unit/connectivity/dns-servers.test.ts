import { describe, expect, it } from 'vitest';
import { isDnsServerEntry, parseDnsServerList } from '../../../shared/connectivity/dns-servers';

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
});
