import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, defaultSettings, Settings } from '../../../shared/settings/schema';

describe('settings schema', () => {
  it('defaults to sandbox mode with no hosts', () => {
    const s = defaultSettings();
    expect(s.version).toBe(SETTINGS_VERSION);
    expect(s.exchange.mode).toBe('sandbox');
    expect(s.exchange.hosts).toEqual([]);
  });

  it('connectivity.dnsServers defaults to empty and is validated', () => {
    expect(defaultSettings().connectivity.dnsServers).toEqual([]);
    expect(Settings.parse({ connectivity: { dnsServers: ['10.0.0.53', '[::1]:5353'] } }).connectivity.dnsServers).toEqual(['10.0.0.53', '[::1]:5353']);
    expect(Settings.safeParse({ connectivity: { dnsServers: ['dc01.corp.example.org'] } }).success).toBe(false);
  });
});
