/**
 * The routing address template (`exchange.routingAddressTemplate`, default `{sam}@{routingDomain}`):
 * the one place that turns a user into the routing address an enable proposes when the admin gives none.
 * {sam} is the alias (the sAMAccountName made alias-safe), {routingDomain} is `exchange.routingDomain`.
 */
import { aliasFrom, checkSmtpAddress } from './validate';

export const DEFAULT_ROUTING_ADDRESS_TEMPLATE = '{sam}@{routingDomain}';

const TOKEN = /\{([^}]*)\}/g;

/** The template with its tokens replaced (case-insensitive); other text kept as it is. */
export function applyRoutingAddressTemplate(template: string, values: { sam: string; routingDomain: string }): string {
  return template.replace(/\{(sam|routingDomain)\}/gi, (_m, t: string) => (t.toLowerCase() === 'sam' ? values.sam : values.routingDomain));
}

/** The routing address an enable proposes for a user: the template applied to its alias and the routing domain. */
export function defaultRoutingAddress(template: string, samOrAlias: string, routingDomain: string): string {
  return applyRoutingAddressTemplate(template, { sam: aliasFrom(samOrAlias), routingDomain });
}

/** One sentence about what is wrong with a template, or null. `routingDomain` null: checked with a stand-in domain. */
export function checkRoutingAddressTemplate(template: string, routingDomain: string | null): string | null {
  const unknown = [...template.matchAll(TOKEN)].map((m) => m[1]!).filter((t) => !/^(sam|routingDomain)$/i.test(t));
  if (unknown.length) return `The routing address template uses ${unknown.map((t) => `{${t}}`).join(', ')}; only {sam} and {routingDomain} are known.`;
  if (!/\{sam\}/i.test(template)) return 'The routing address template must contain {sam}, or every user would get the same routing address.';
  const domain = routingDomain ?? 'contoso.mail.onmicrosoft.com';
  const sample = applyRoutingAddressTemplate(template, { sam: 'jdoe', routingDomain: domain });
  const problem = checkSmtpAddress(sample);
  if (problem) return `The routing address template does not give an e-mail address (for jdoe: ${sample}); use the form {sam}@{routingDomain}.`;
  const got = sample.slice(sample.lastIndexOf('@') + 1);
  if (got.toLowerCase() !== domain.toLowerCase()) {
    return `The routing address template gives addresses in ${got}, not in the routing domain ${routingDomain ?? '({routingDomain})'}; end it with @{routingDomain}.`;
  }
  return null;
}
