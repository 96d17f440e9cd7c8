import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../../../electron/services/connectivity/targets';

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
