/**
 * What a secret looks like, in one place: secret names (attributes, entries, parameters, object
 * keys), IdentityIQ-encrypted values, and the textual shapes in free text (error messages, log
 * lines, mail bodies). Every part of the console that masks or redacts uses this module: the plan
 * model, the audit trail, log output (`maskLogText`), the diagnostics log and error envelopes.
 */
export const MASK = '********';

/** Secret names: these whole (compared without case and punctuation), or containing a SECRET_PARTS word. */
const SECRET_WORDS = ['password', 'passwd', 'pwd', 'pwdtext', 'unicodepwd', 'secret', 'secretkey', 'clientsecret', 'privatekey', 'apikey', 'token', 'accesstoken'];
const SECRET_PARTS = ['password', 'passwd', 'credential'];
const SECRET_KEYS = new Set(SECRET_WORDS);

/** Names whose values are secret: password, *password*, pwd, pwdText, secret, token, *credential*, ... */
export function isSecretName(name: string): boolean {
  const n = name.toLowerCase();
  if (SECRET_PARTS.some((p) => n.includes(p))) return true;
  return SECRET_KEYS.has(n.replace(/[^a-z]/g, ''));
}

/** A secret name as it is spelt in text: the words (api_key, client_secret allowed) or a name containing a part. */
const NAME = `(?:[a-z_]*(?:${SECRET_PARTS.join('|')})[a-z_]*|${SECRET_WORDS.map((w) => w.replace(/(key|secret|token)$/, '_?$1')).join('|')})`;

/**
 * IdentityIQ-encrypted value: "keyId:base64" or "keyId:ACP:base64" (the AES-CBC-padded form), the
 * base64 possibly carrying an encoded newline.
 */
const ENCRYPTED_VALUE = '\\d{1,4}:(?:[A-Z][A-Z0-9]{1,7}:)?[A-Za-z0-9+/]{8,}={0,2}';
const ENCRYPTED = new RegExp(`^${ENCRYPTED_VALUE}(?:\\s+[A-Za-z0-9+/]+={0,2})*\\s*$`);

export function isEncrypted(s: string): boolean {
  return s.length >= 10 && s.length < 20_000 && s.charCodeAt(1) !== 32 && ENCRYPTED.test(s);
}

/**
 * An unquoted secret runs to whitespace, a separator or a tag; a quote belongs to it only when more of
 * the secret follows (so `'Lee password=x'` keeps its closing quote, and `value="pwd=x"/>` its own).
 */
const UNQUOTED = `(?:[^\\s,;"'<>]|["'](?=[^\\s,;"'<>/]))+`;
const VALUE = `("[^"]*"|'[^']*'|${UNQUOTED})`;

/** Free-text shapes that carry a secret: the secret part is replaced by MASK. */
const PATTERNS: RegExp[] = [
  // key=value / key: value pairs whose key names a secret
  new RegExp(`(\\b${NAME}\\s*[=:]\\s*)${VALUE}`, 'gi'),
  // PowerShell -Password / ConvertTo-SecureString 'literal'
  new RegExp(`((?:-password|-pwd|ConvertTo-SecureString(?:\\s+-String)?)\\s+)${VALUE}`, 'gi'),
  // Authorization headers
  /(Authorization:\s*(?:Bearer|Basic)\s+)(\S+)/gi,
  // IdentityIQ encrypted values
  new RegExp(`(^|[\\s"'>=(])(${ENCRYPTED_VALUE})(?=$|[\\s"'<,;)])`, 'g'),
];

/** Shapes where the secret keeps its quotes: JSON members and XML `key="pwdText" value="..."` entries. */
const QUOTED_PATTERNS: RegExp[] = [
  // JSON: "password": "value"
  new RegExp(`("${NAME}"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*")`, 'gi'),
  // XML entries and attribute requests: key="pwdText" value="..." / name="password" value='...'
  new RegExp(`((?:key|name)\\s*=\\s*["']\\*?${NAME}\\*?["']\\s+(?:op\\s*=\\s*["'][^"']*["']\\s+)?value\\s*=\\s*)("[^"]*"|'[^']*')`, 'gi'),
];

/** Free-text shapes that carry a secret without a secret name before it. */
const BARE_PATTERNS: RegExp[] = [
  // PowerShell -Credential with a literal (a $variable or an expression is not a secret)
  new RegExp(`(-Credential\\s+)("[^"]*"|'[^']*'|(?![$(])${UNQUOTED})`, 'gi'),
  // Bearer tokens anywhere (headers already caught above), and bare JSON web tokens
  /(\bBearer\s+)([A-Za-z0-9._~+/-]{8,}=*)/g,
  /(^|[^A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})/g,
];

/** Cheap test for text none of the shapes can match (most plan values, most log lines). */
const MAYBE = /[=:]|-(?:cred|pass|pwd)|bearer|eyj|securestring/i;

/** `onSecret` is told every literal that was masked (the plan model remembers them to scrub elsewhere). */
export function redactText(text: string, onSecret?: (literal: string) => void): string {
  if (!MAYBE.test(text)) return text;
  let out = text;
  const note = (s: string) => {
    if (onSecret) onSecret(s.length > 1 && (s[0] === '"' || s[0] === "'") && s.endsWith(s[0]) ? s.slice(1, -1) : s);
  };
  for (const re of PATTERNS) {
    out = out.replace(re, (_m, pre: string, secret: string) => {
      note(secret);
      return `${pre}${MASK}`;
    });
  }
  for (const re of QUOTED_PATTERNS) {
    out = out.replace(re, (m, pre: string, quoted: string) => {
      // IdentityIQ marks secret attributes with key="secret" value="true": a flag, not a secret.
      if (/^["'](?:true|false)["']$/i.test(quoted)) return m;
      note(quoted);
      const q = quoted.startsWith("'") ? "'" : '"';
      return `${pre}${q}${MASK}${q}`;
    });
  }
  for (const re of BARE_PATTERNS) {
    out = out.replace(re, (_m, pre: string, secret: string) => {
      note(secret);
      return `${pre}${MASK}`;
    });
  }
  return out;
}

/**
 * Logged XML whose secret is an element's content, not a value= attribute:
 * `<AttributeRequest name="password"><Value>..</Value>`, `<entry key="pwdText"><value><String>..</String>`.
 * Every text node and value= inside the element, up to its end tag, is masked.
 */
const SECRET_ELEMENT = new RegExp(`(<(AttributeRequest|entry|Argument)\\b[^<>]*?\\b(?:name|key)\\s*=\\s*["']\\*?${NAME}\\*?["'][^<>]*>)([\\s\\S]{0,4096}?)(</\\2\\s*>)`, 'gi');

/**
 * The one function for log text shown anywhere (logs.parse, logs.search, logs.open and reads, the
 * follow and alert events, incoming plans, the Logs page): the free-text shapes plus logged XML.
 */
export function maskLogText(text: string): string {
  let out = redactText(text);
  if (out.indexOf('<') >= 0) {
    out = out.replace(SECRET_ELEMENT, (m, open: string, _tag: string, inner: string, close: string) => {
      if (/\bkey\s*=\s*["']secret["']/i.test(open) && /^\s*(?:<[^>]*>\s*)*(?:true|false)\s*(?:<[^>]*>\s*)*$/i.test(inner)) return m;
      const masked = inner.replace(/>([^<]*[^\s<][^<]*)</g, `>${MASK}<`).replace(/(\bvalue\s*=\s*)("[^"]*"|'[^']*')/gi, `$1"${MASK}"`);
      return `${open}${masked}${close}`;
    });
  }
  return out;
}

/**
 * redactText, then every known secret value (passwords the secret store holds, typed this session)
 * removed wherever it appears, whatever its shape. Values shorter than 4 characters are left alone:
 * masking them would shred ordinary text.
 */
export function redactKnown(text: string, known: Iterable<string>): string {
  let out = maskLogText(text);
  for (const secret of known) {
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}
