/**
 * What a secret looks like, in one place: secret names (attributes, entries, parameters, object
 * keys), IdentityIQ-encrypted values, and the textual shapes in free text (error messages, log
 * lines, mail bodies). Every part of the console that masks or redacts uses this module: the plan
 * model, the audit trail, log output, the diagnostics log and error envelopes.
 */
export const MASK = '********';

const SECRET_KEYS = new Set(['password', 'passwd', 'pwd', 'pwdtext', 'unicodepwd', 'secret', 'secretkey', 'clientsecret', 'privatekey', 'apikey', 'token', 'accesstoken']);

/** Names whose values are secret: password, *password*, pwd, pwdText, secret, token, *credential*, ... */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  if (n.includes('password') || n.includes('passwd') || n.includes('credential')) return true;
  return SECRET_KEYS.has(n.replace(/[^a-z]/g, ''));
}

/** IdentityIQ-encrypted value "keyId:base64" (the base64 may carry an encoded newline). */
const ENCRYPTED = /^\d{1,4}:[A-Za-z0-9+/]{8,}={0,2}(?:\s+[A-Za-z0-9+/]+={0,2})*\s*$/;

export function isEncrypted(s: string): boolean {
  return s.length >= 10 && s.length < 20_000 && s.charCodeAt(1) !== 32 && ENCRYPTED.test(s);
}

/** Free-text shapes that carry a secret: the secret part is replaced by MASK. */
const PATTERNS: RegExp[] = [
  // key=value / key: value pairs whose key names a secret
  /((?:password|passwd|pwd|pwdtext|secret|token|apikey|api_key)\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;]+)/gi,
  // PowerShell -Password / ConvertTo-SecureString 'literal'
  /((?:-password|-pwd|ConvertTo-SecureString(?:\s+-String)?)\s+)("[^"]*"|'[^']*'|[^\s,;]+)/gi,
  // Authorization headers
  /(Authorization:\s*(?:Bearer|Basic)\s+)(\S+)/gi,
  // IdentityIQ encrypted values keyId:base64
  /(^|[\s"'>=])(\d{1,4}:[A-Za-z0-9+/]{8,}={0,2})(?=$|[\s"'<,;])/g,
];

/** Shapes where the secret keeps its quotes: JSON members and XML `key="pwdText" value="..."` entries. */
const SECRET_NAME = '(?:[a-z]*password[a-z]*|passwd|pwd|pwdtext|unicodepwd|secret|clientsecret|token|accesstoken|apikey|api_key)';
const QUOTED_PATTERNS: RegExp[] = [
  // JSON: "password": "value"
  new RegExp(`("${SECRET_NAME}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*")`, 'gi'),
  // XML entries and attribute requests: key="pwdText" value="..." / name="password" value='...'
  new RegExp(`((?:key|name)\\s*=\\s*["']\\*?${SECRET_NAME}\\*?["']\\s+(?:op\\s*=\\s*["'][^"']*["']\\s+)?value\\s*=\\s*)("[^"]*"|'[^']*')`, 'gi'),
];

/** Free-text shapes that carry a secret without a secret name before it. */
const BARE_PATTERNS: RegExp[] = [
  // PowerShell -Credential with a literal (a $variable or an expression is not a secret)
  /(-Credential\s+)("[^"]*"|'[^']*'|[^\s$(,;][^\s,;]*)/gi,
  // Bearer tokens anywhere (headers already caught above), and bare JSON web tokens
  /(\bBearer\s+)([A-Za-z0-9._~+/-]{8,}=*)/g,
  /(^|[^A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
];

export function redactText(text: string): string {
  let out = text;
  for (const re of PATTERNS) {
    out = out.replace(re, (_m, pre: string) => `${pre}${MASK}`);
  }
  for (const re of QUOTED_PATTERNS) {
    out = out.replace(re, (m, pre: string, quoted: string) => {
      // IdentityIQ marks secret attributes with key="secret" value="true": a flag, not a secret.
      if (/^["'](?:true|false)["']$/i.test(quoted)) return m;
      const q = quoted.startsWith("'") ? "'" : '"';
      return `${pre}${q}${MASK}${q}`;
    });
  }
  for (const re of BARE_PATTERNS) {
    out = out.replace(re, (_m, pre: string) => `${pre}${MASK}`);
  }
  return out;
}

/**
 * redactText, then every known secret value (passwords the secret store holds, typed this session)
 * removed wherever it appears, whatever its shape. Values shorter than 4 characters are left alone:
 * masking them would shred ordinary text.
 */
export function redactKnown(text: string, known: Iterable<string>): string {
  let out = redactText(text);
  for (const secret of known) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}
