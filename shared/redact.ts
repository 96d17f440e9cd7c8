/**
 * Redaction for free text that may carry secrets (error messages, log lines, mail bodies).
 * Structured masking of plans lives with the plan model; this catches the textual shapes.
 */
export const MASK = '********';

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

export function redactText(text: string): string {
  let out = text;
  for (const re of PATTERNS) {
    out = out.replace(re, (_m, pre: string) => `${pre}${MASK}`);
  }
  return out;
}
