/** The cross-field rules of the settings and the routing address template (pure). */
import { describe, expect, it } from 'vitest';
import { checkRoutingAddressTemplate, defaultRoutingAddress } from '../../../shared/exchange/routing-template';
import { newPathValues } from '../../../shared/settings/paths';
import { defaultSettings } from '../../../shared/settings/schema';
import { checkHostName, validateSettings } from '../../../shared/settings/validate';

describe('routing address template', () => {
  it('applies {sam} (alias-safe) and {routingDomain}', () => {
    expect(defaultRoutingAddress('{sam}@{routingDomain}', "Sean O'Brien", 'contoso.mail.onmicrosoft.com')).toBe("SeanO'Brien@contoso.mail.onmicrosoft.com");
    expect(defaultRoutingAddress('x.{SAM}@{routingdomain}', 'aobrien', 'contoso.mail.onmicrosoft.com')).toBe('x.aobrien@contoso.mail.onmicrosoft.com');
  });

  it.each([
    ['{sam}@{routingDomain}', null],
    ['{sam}.hmc@{routingDomain}', null],
    ['all@{routingDomain}', 'must contain {sam}'],
    ['{sam}@contoso.com', 'not in the routing domain'],
    ['{sam}@{routingDomain}.evil.example', 'not in the routing domain'],
    ['{sam}', 'does not give an e-mail address'],
    ['{user}@{routingDomain}', 'only {sam} and {routingDomain} are known'],
  ])('%s', (template, problem) => {
    const got = checkRoutingAddressTemplate(template, 'contoso.mail.onmicrosoft.com');
    if (problem === null) expect(got).toBeNull();
    else expect(got).toContain(problem);
  });
});

describe('settings validation', () => {
  it('the defaults are valid', () => {
    expect(validateSettings(defaultSettings())).toEqual([]);
  });

  it('names each bad host at its index', () => {
    const s = defaultSettings();
    s.exchange.hosts = ['exch01.corp.example.org', '10.0.0.5', 'bad_host'];
    expect(validateSettings(s).map((i) => i.path.join('.'))).toEqual(['exchange.hosts.1', 'exchange.hosts.2']);
    expect(checkHostName('10.0.0.5')).toContain('Kerberos needs it');
  });
});

describe('new path values', () => {
  it('sees a new value, not a kept, removed or reordered one', () => {
    const current = defaultSettings();
    current.connectivity.extraCaFiles = ['/a.pem', '/b.pem'];
    const next = structuredClone(current);
    next.connectivity.extraCaFiles = ['/b.pem'];
    next.logs.sources = [...current.logs.sources].reverse().slice(1);
    expect(newPathValues(current, next)).toEqual([]);
    next.powershell.path = '/tmp/evil';
    next.logs.sources[0] = { ...next.logs.sources[0]!, folder: '/etc' };
    expect(newPathValues(current, next).map((c) => c.key)).toEqual(['powershell.path', 'logs.sources[].folder']);
  });
});
