/**
 * Validation of everything the console sends to Exchange (pure). Each check returns null when the
 * value is acceptable, else one sentence saying what is wrong. Values that pass travel to
 * PowerShell byte for byte (as data, never as source); values that fail never leave the console.
 */
import { redactText } from '../secrets';

export const IDENTITY_MAX = 1024;
export const ALIAS_MAX = 64;
export const DISPLAY_NAME_MAX = 256;
export const SEARCH_MAX = 256;
export const SMTP_MAX = 254;

/** C0 controls, DEL and C1 controls (NUL, CR, LF, TAB, ESC, ...). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
/** Unpaired UTF-16 surrogates cannot be encoded as UTF-8: they would not arrive as sent. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Bidirectional overrides and isolates, line/paragraph separators, BOM and non-characters: spoofing or breakage in identities. */
const INVISIBLE = /[\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]/;

function textProblem(value: string, what: string, max: number): string | null {
  if (value.length === 0) return `The ${what} is empty; enter a value.`;
  if (value.length > max) return `The ${what} is longer than ${max} characters; shorten it.`;
  if (CONTROL.test(value)) return `The ${what} contains a control character (such as a line break, tab or NUL); remove it.`;
  if (LONE_SURROGATE.test(value)) return `The ${what} contains an incomplete Unicode character; retype it.`;
  return null;
}

/** sAMAccountName, UPN, DN, GUID or DOMAIN\user (Exchange resolves them all). */
export function checkIdentity(value: string): string | null {
  const p = textProblem(value, 'identity', IDENTITY_MAX);
  if (p) return p;
  if (INVISIBLE.test(value)) return 'The identity contains an invisible formatting character (direction mark, separator or BOM); retype it.';
  if (value.trim() !== value) return 'The identity starts or ends with a space; remove it.';
  return null;
}

export function checkSearchText(value: string): string | null {
  const p = textProblem(value, 'search text', SEARCH_MAX);
  if (p) return p;
  if (value.trim().length === 0) return 'The search text is only spaces; enter part of a name or an address.';
  return null;
}

/** Display names accept far more than identities: anything printable, up to 256 characters. */
export function checkDisplayName(value: string): string | null {
  const p = textProblem(value, 'display name', DISPLAY_NAME_MAX);
  if (p) return p;
  if (value.trim().length === 0) return 'The display name is only spaces; enter a name.';
  return null;
}

const ATOM = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~";
const LOCAL_PART = new RegExp(`^[${ATOM}]+(?:\\.[${ATOM}]+)*$`);
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Removes an optional "SMTP:" prefix (as Get-RemoteMailbox shows RemoteRoutingAddress). */
export function stripSmtpPrefix(address: string): string {
  return /^smtp:/i.test(address) ? address.slice(5) : address;
}

export function checkDomainName(domain: string, what = 'domain'): string | null {
  if (domain.length === 0) return `The ${what} is empty.`;
  if (domain.length > 253) return `The ${what} is longer than 253 characters.`;
  const labels = domain.split('.');
  if (labels.length < 2) return `The ${what} "${domain}" needs at least two labels (like contoso.com).`;
  for (const l of labels) {
    if (!LABEL.test(l)) return `The ${what} "${domain}" has an invalid label; use letters, digits and inner hyphens.`;
  }
  return null;
}

/** An SMTP address (ASCII dot-atom local part, host name domain), optionally prefixed "SMTP:". */
export function checkSmtpAddress(value: string): string | null {
  const p = textProblem(value, 'e-mail address', SMTP_MAX + 5);
  if (p) return p;
  const address = stripSmtpPrefix(value);
  if (address.length > SMTP_MAX) return `The e-mail address is longer than ${SMTP_MAX} characters.`;
  const at = address.lastIndexOf('@');
  if (at < 1 || at === address.length - 1) return 'The e-mail address needs the form local-part@domain.';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return 'The part before @ is longer than 64 characters.';
  if (!LOCAL_PART.test(local)) {
    return "The part before @ may contain only letters, digits, dots between characters and ! # $ % & ' * + - / = ? ^ _ ` { | } ~.";
  }
  return checkDomainName(domain, 'e-mail domain');
}

/** Exchange alias rules: letters, digits, the listed symbols, U+00A1-U+00FF; dots only between characters; at most 64. */
export function checkAlias(value: string): string | null {
  const p = textProblem(value, 'alias', ALIAS_MAX);
  if (p) return p;
  const re = new RegExp(`^[${ATOM}\\u00A1-\\u00FF]+(?:\\.[${ATOM}\\u00A1-\\u00FF]+)*$`);
  if (!re.test(value)) {
    return "The alias may contain only letters, digits, ! # $ % & ' * + - / = ? ^ _ ` { | } ~, characters U+00A1-U+00FF, and dots between characters.";
  }
  return null;
}

export function checkDomainController(value: string): string | null {
  const p = textProblem(value, 'domain controller', 253);
  if (p) return p;
  return checkDomainName(value, 'domain controller name');
}

/** "*.mail.onmicrosoft.com" (several patterns separated by commas; * stands for one or more labels). */
export function domainMatchesPattern(domain: string, pattern: string): boolean {
  return pattern
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .some((p) => {
      const body = p
        .split('.')
        .map((label) => (label === '*' ? '[^.]+(?:\\.[^.]+)*' : label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('\\.');
      return new RegExp(`^${body}$`, 'i').test(domain);
    });
}

export interface RoutingPolicy {
  /** The tenant routing domain (exact), when configured. */
  routingDomain: string | null;
  /** Fallback pattern, e.g. *.mail.onmicrosoft.com. */
  pattern: string;
}

/**
 * Exchange accepts any domain in a RemoteRoutingAddress and mail flow breaks later, so the
 * console refuses an address outside the tenant routing domain unless the admin overrides.
 */
export function checkRoutingAddress(value: string, policy: RoutingPolicy): string | null {
  const p = checkSmtpAddress(value);
  if (p) return p;
  const address = stripSmtpPrefix(value);
  const domain = address.slice(address.lastIndexOf('@') + 1);
  if (policy.routingDomain) {
    if (domain.toLowerCase() !== policy.routingDomain.toLowerCase()) {
      return `The routing address must be in the tenant routing domain ${policy.routingDomain}, not ${domain}; correct it, or override if this is intended.`;
    }
    return null;
  }
  if (!domainMatchesPattern(domain, policy.pattern)) {
    return `The routing address domain ${domain} does not match ${policy.pattern}; correct it, or override if this is intended.`;
  }
  return null;
}

/** PowerShell single-quoted literal: every one of the five single-quote characters is doubled. */
export function psQuote(value: string): string {
  return `'${value.replace(/['\u2018-\u201B]/g, '$&$&')}'`;
}

export type PreviewValue = string | boolean | string[] | undefined;

/**
 * The command as an admin would type it, for previews and the audit trail. Display only: the
 * console never executes this text (values travel as base64 data).
 */
export function formatCommand(command: string, params: Record<string, PreviewValue>, switches: string[] = []): string {
  const parts = [command];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (switches.includes(name)) {
      if (value === true) parts.push(`-${name}`);
      else if (value === false) parts.push(`-${name}:$false`);
      continue;
    }
    if (typeof value === 'boolean') parts.push(`-${name} $${value ? 'true' : 'false'}`);
    else if (Array.isArray(value)) parts.push(`-${name} ${value.map(psQuote).join(',')}`);
    else parts.push(`-${name} ${psQuote(value)}`);
  }
  // Shown and audited, never run: a secret typed into a value (a display name holding "password=...") is masked.
  return redactText(parts.join(' '));
}

/** A routing-address local part from an alias or account name, as Exchange's policy would build it. */
export function aliasFrom(source: string): string {
  const kept = [...source].filter((c) => new RegExp(`^[${ATOM}.]$`).test(c)).join('');
  const collapsed = kept.replace(/\.{2,}/g, '.').replace(/^\.+|\.+$/g, '');
  return collapsed.slice(0, ALIAS_MAX);
}
