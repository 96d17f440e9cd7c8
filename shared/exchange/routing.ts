/**
 * The tenant routing domain a remote mailbox's routing address must be in, and what the desk's
 * card says about an address outside it (pure; the service applies the same policy to changes).
 */
import type { Settings } from '../settings/schema';
import type { Recipient } from './schemas';
import { checkRoutingAddress, stripSmtpPrefix, type RoutingPolicy } from './validate';

/** The sandbox's tenant, used when the sandbox runs without a configured routing domain. */
export const SANDBOX_ROUTING_DOMAIN = 'contoso.mail.onmicrosoft.com';

export function routingPolicy(exchange: Settings['exchange']): RoutingPolicy {
  return {
    routingDomain: exchange.routingDomain ?? (exchange.mode === 'sandbox' ? SANDBOX_ROUTING_DOMAIN : null),
    pattern: exchange.routingDomainPattern,
  };
}

/**
 * Why the remote mailbox's routing address is wrong (outside the tenant routing domain or not an
 * address at all), or null when it is right or the recipient has none to judge.
 */
export function routingAddressProblem(r: Recipient, policy: RoutingPolicy): string | null {
  if (r.kind !== 'remoteMailbox') return null;
  if (!r.RemoteRoutingAddress) {
    return 'This remote mailbox has no routing address: mail to it cannot reach Exchange Online. Set one below.';
  }
  const problem = checkRoutingAddress(stripSmtpPrefix(r.RemoteRoutingAddress), policy);
  if (!problem) return null;
  const where = policy.routingDomain ? `the tenant routing domain ${policy.routingDomain}` : `the routing domain pattern ${policy.pattern}`;
  return `The routing address ${r.RemoteRoutingAddress} is outside ${where}: mail sent to this user on premises will not reach the cloud mailbox. Set the right address below (or override if this address is intended).`;
}
