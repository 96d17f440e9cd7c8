/** shared/exchange/routing.ts: the routing policy from the settings, and the card's routing-address finding. */
import { describe, expect, it } from 'vitest';
import { routingAddressProblem, routingPolicy, SANDBOX_ROUTING_DOMAIN } from '../../../shared/exchange/routing';
import { Settings } from '../../../shared/settings/schema';
import { recipient, remote } from './recipient-fixture';

const exchange = (over: Record<string, unknown> = {}) => Settings.parse({ exchange: over }).exchange;

describe('routingPolicy', () => {
  it('takes the configured routing domain, else the sandbox tenant in sandbox mode only', () => {
    expect(routingPolicy(exchange({ routingDomain: 'fabrikam.mail.onmicrosoft.com' })).routingDomain).toBe('fabrikam.mail.onmicrosoft.com');
    expect(routingPolicy(exchange({ mode: 'sandbox' })).routingDomain).toBe(SANDBOX_ROUTING_DOMAIN);
    expect(routingPolicy(exchange({ mode: 'remote' }))).toEqual({ routingDomain: null, pattern: '*.mail.onmicrosoft.com' });
  });
});

describe('routingAddressProblem', () => {
  const policy = { routingDomain: 'contoso.mail.onmicrosoft.com', pattern: '*.mail.onmicrosoft.com' };
  it('flags an SMTP: routing address outside the tenant routing domain, naming both', () => {
    const p = routingAddressProblem(remote({ RemoteRoutingAddress: 'SMTP:bruno@contoso.example' }), policy);
    expect(p).toContain('SMTP:bruno@contoso.example is outside the tenant routing domain contoso.mail.onmicrosoft.com');
  });
  it('accepts the tenant domain in any case, with or without the prefix', () => {
    expect(routingAddressProblem(remote({ RemoteRoutingAddress: 'SMTP:ann@Contoso.Mail.OnMicrosoft.com' }), policy)).toBeNull();
    expect(routingAddressProblem(remote({ RemoteRoutingAddress: 'ann@contoso.mail.onmicrosoft.com' }), policy)).toBeNull();
  });
  it('judges by the pattern when no routing domain is configured', () => {
    const byPattern = { routingDomain: null, pattern: '*.mail.onmicrosoft.com' };
    expect(routingAddressProblem(remote({ RemoteRoutingAddress: 'SMTP:ann@other.mail.onmicrosoft.com' }), byPattern)).toBeNull();
    expect(routingAddressProblem(remote({ RemoteRoutingAddress: 'SMTP:ann@contoso.example' }), byPattern)).toContain('the routing domain pattern *.mail.onmicrosoft.com');
  });
  it('says a remote mailbox without a routing address has none; other kinds have nothing to judge', () => {
    expect(routingAddressProblem(remote({ RemoteRoutingAddress: null }), policy)).toMatch(/no routing address/);
    expect(routingAddressProblem(recipient({ RemoteRoutingAddress: 'SMTP:x@contoso.example' }), policy)).toBeNull();
  });
});
