/**
 * What a replay needs to know about the request beyond the plan inspector's model: the names it gives
 * its user (to tell "a recipient the request did not name"), its raw secret values (to find them in a
 * log, a mail or an SMTP login; never reported themselves), and the user --seed adds.
 */
import { isEncrypted, isSecretName } from '../../../shared/secrets';
import type { AccountRequestModel } from '../../../shared/plans/schemas';
import type { RuleKind } from '../../../shared/rules/decision';

function attrValue(req: AccountRequestModel, name: string): string | null {
  const a = req.attributeRequests.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return typeof a?.value === 'string' && a.value !== '********' ? a.value : null;
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

/** The CN of a DN ("CN=Ana O'Brien,OU=..." -> "Ana O'Brien"), unescaped; null when it is not a DN. */
export function cnOf(dn: string | null): string | null {
  if (!dn) return null;
  const m = /^\s*CN=((?:\\.|[^,\\])*)/i.exec(dn);
  if (!m) return null;
  return m[1]!.replace(/\\([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1').trim();
}

/** Lower-cased names the request gives its user: sAMAccountName, DN, the DN's CN, UPN. */
export function requestNames(req: AccountRequestModel): Set<string> {
  const names = [attrValue(req, 'sAMAccountName'), req.nativeIdentity, cnOf(req.nativeIdentity), attrValue(req, 'userPrincipalName')];
  return new Set(names.filter((n): n is string => !!n).map((n) => n.toLowerCase()));
}

/**
 * Raw secret values of the request XML: values of secret-named attribute requests and entries,
 * IIQ-encrypted values, and what the stand-in's Util.decode would make of them.
 */
export function secretValues(xml: string): string[] {
  const out = new Set<string>();
  const add = (v: string) => {
    const t = v.trim();
    if (t.length < 4 || t === '********' || /^(true|false)$/i.test(t)) return;
    out.add(t);
    const m = /^\d{1,4}:([A-Za-z0-9+/=\s]+)$/.exec(t);
    if (m) {
      out.add(m[1]!.replace(/\s/g, ''));
      const decoded = Buffer.from(m[1]!.replace(/\s/g, ''), 'base64').toString('utf8');
      if (decoded.length >= 4 && !decoded.includes('\uFFFD') && [...decoded].every((c) => c.charCodeAt(0) >= 0x20)) out.add(decoded);
    }
  };
  for (const m of xml.matchAll(/<(AttributeRequest|entry)\b([^>]*?)(\/?)>/g)) {
    const attrs = m[2]!;
    const name = /\b(?:name|key)\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? /\b(?:name|key)\s*=\s*'([^']*)'/.exec(attrs)?.[1] ?? '';
    const value = /\bvalue\s*=\s*"([^"]*)"/.exec(attrs)?.[1] ?? /\bvalue\s*=\s*'([^']*)'/.exec(attrs)?.[1];
    if (value !== undefined && (isSecretName(decodeXml(name)) && decodeXml(name).toLowerCase() !== 'secret')) add(decodeXml(value));
  }
  for (const m of xml.matchAll(/=\s*"([^"]*)"|>([^<]+)</g)) {
    const v = decodeXml((m[1] ?? m[2] ?? '').trim());
    if (v && isEncrypted(v)) add(v);
  }
  return [...out];
}

export interface SeedSpec {
  samAccountName: string;
  name: string;
  distinguishedName: string | null;
  userPrincipalName: string | null;
  type: 'User' | 'RemoteUserMailbox';
  hidden: boolean;
}

/** sAMAccountName from the request, else from the DN's CN (characters AD refuses removed, 20 at most). */
export function seedSpec(req: AccountRequestModel, kind: RuleKind, hidden: boolean): SeedSpec | null {
  const dn = req.nativeIdentity && /^\s*CN=/i.test(req.nativeIdentity) ? req.nativeIdentity.trim() : null;
  const cn = cnOf(dn);
  const sam = attrValue(req, 'sAMAccountName') ?? (cn ? cn.replace(/["/\\[\]:;|=,+*?<>@\s]/g, '').slice(0, 20) : null);
  if (!sam) return null;
  return {
    samAccountName: sam,
    name: cn ?? sam,
    distinguishedName: dn,
    userPrincipalName: attrValue(req, 'userPrincipalName'),
    type: kind === 'after-create' ? 'User' : 'RemoteUserMailbox',
    hidden: kind === 'after-modify' && hidden,
  };
}
