import { describe, expect, it } from 'vitest';
import { arpaName } from '../../../electron/services/connectivity/dns';
import { arpaName as testServerArpaName } from '../../support/loopback-dns';

describe('PTR owner names for the reverse query', () => {
  it('in-addr.arpa and ip6.arpa nibbles, as the test server computes them independently', () => {
    expect(arpaName('10.1.2.3')).toBe('3.2.1.10.in-addr.arpa');
    expect(arpaName('2001:db8::567:89ab')).toBe('b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
    expect(arpaName('::ffff:10.0.0.1')).toBe(arpaName('::ffff:a00:1'));
    for (const a of ['127.0.0.1', '::1', 'fd00::53', 'fe80:0:0:0:1:2:3:4', '2001:DB8::1']) expect(arpaName(a), a).toBe(testServerArpaName(a));
  });
});
