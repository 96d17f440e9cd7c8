/**
 * Turns PowerShell/Exchange errors into the console's codes from machine-readable facts only:
 * the exception type (local or, through implicit remoting, the deserialised remote type and the
 * CategoryInfo.Reason), the FullyQualifiedErrorId and the WinRM error code. Never from message
 * text: Exchange and Windows answer in the server's language.
 */
import { HmcError, type ErrorCode } from '../../../shared/errors';
import { redactText } from '../../../shared/secrets';
import type { PsErrorInfo } from './protocol';

/** WinRM / SSPI error codes that mean "who you are was refused" (as signed 32-bit, how .NET reports them). */
const AUTH_CODES = new Set<number>([
  5, // ERROR_ACCESS_DENIED
  1326, // ERROR_LOGON_FAILURE
  -2147024891, // 0x80070005 E_ACCESSDENIED
  -2146893044, // 0x8009030C SEC_E_LOGON_DENIED
  -2146893042, // 0x8009030E SEC_E_NO_CREDENTIALS
  -2146893039, // 0x80090311 SEC_E_NO_AUTHENTICATING_AUTHORITY
  -2146893022, // 0x80090322 SEC_E_WRONG_PRINCIPAL (Kerberos SPN / host name)
  -2146893053, // 0x80090303 SEC_E_TARGET_UNKNOWN
  -2144108273, // 0x8033810F ERROR_WINRM_... authentication failure
]);
/** WinRM: the shell (session) is gone on the server. */
const SHELL_LOST_CODES = new Set<number>([
  -2144108477, // 0x80338043 ERROR_WSMAN_INVALID_SHELLID? (shell not found)
  -2144108203, // 0x80338155 ERROR_WSMAN_SHELL_NOT_FOUND
]);

function shortName(t: string | null | undefined): string {
  if (!t) return '';
  const s = t.replace(/^Deserialized\./, '');
  return s.slice(s.lastIndexOf('.') + 1);
}

/** All type names an error carries: local exception type, remote type, CategoryInfo.Reason, FQID failure category. */
export function typeNames(e: PsErrorInfo): Set<string> {
  const names = new Set<string>();
  for (const t of [e.type, e.remoteType, e.reason]) if (t) names.add(shortName(t));
  const fc = /FailureCategory=(?:Cmdlet|WSMan)-([A-Za-z0-9_]+)/.exec(e.fqid ?? '');
  if (fc) names.add(fc[1]!);
  return names;
}

export interface Classified {
  code: ErrorCode;
  /** The error the code was derived from. */
  error: PsErrorInfo;
}

export function classifyOne(e: PsErrorInfo): ErrorCode {
  const names = typeNames(e);
  const fqid = e.fqid ?? '';
  const has = (n: string) => names.has(n);
  if (has('ManagementObjectNotFoundException')) return 'RECIPIENT_NOT_FOUND';
  if (has('ManagementObjectAmbiguousException')) return 'RECIPIENT_AMBIGUOUS';
  if (has('RecipientTaskException') && e.category === 'InvalidArgument') return 'WRONG_RECIPIENT_TYPE';
  if (/InvalidShellID/i.test(fqid) || has('InvalidShellID') || (e.errorCode !== null && SHELL_LOST_CODES.has(e.errorCode))) {
    return 'SESSION_LOST';
  }
  if (has('PSRemotingTransportException') || has('PSRemotingDataStructureException') || /PSSessionOpenFailed|PSSessionStateBroken/.test(fqid)) {
    if (/^(AccessDenied|LogonFailure|KerberosAuthenticationFailed|NegotiateAuthenticationFailed)\b/.test(fqid)) return 'SESSION_AUTH_FAILED';
    if (e.errorCode !== null && AUTH_CODES.has(e.errorCode)) return 'SESSION_AUTH_FAILED';
    return 'SESSION_UNREACHABLE';
  }
  if (has('PSRemotingTransportRedirectException')) return 'SESSION_UNREACHABLE';
  if (has('UnauthorizedAccessException') || has('AuthenticationException')) return 'SESSION_AUTH_FAILED';
  if (has('ParameterBindingException') || /^(AmbiguousParameterSet|NamedParameterNotFound|ParameterArgumentValidationError)\b/.test(fqid)) {
    return 'INVALID_INPUT';
  }
  if (has('CommandNotFoundException')) return 'SESSION_NOT_CONNECTED';
  if (/^HmcSnapin/.test(fqid) || has('PSSnapInException')) return 'SESSION_UNREACHABLE';
  if (/^HmcBasicOverHttp/.test(fqid)) return 'INVALID_INPUT';
  return 'EXCHANGE_ERROR';
}

/** The most specific classification among several errors (transport problems first: they explain the rest). */
export function classify(errors: PsErrorInfo[]): Classified | null {
  if (errors.length === 0) return null;
  const order: ErrorCode[] = [
    'SESSION_LOST',
    'SESSION_AUTH_FAILED',
    'SESSION_UNREACHABLE',
    'SESSION_NOT_CONNECTED',
    'RECIPIENT_NOT_FOUND',
    'RECIPIENT_AMBIGUOUS',
    'WRONG_RECIPIENT_TYPE',
    'INVALID_INPUT',
    'EXCHANGE_ERROR',
  ];
  const scored = errors.map((error) => ({ error, code: classifyOne(error) }));
  scored.sort((a, b) => order.indexOf(a.code) - order.indexOf(b.code));
  return scored[0]!;
}

const NEXT_STEP: Partial<Record<ErrorCode, string>> = {
  RECIPIENT_NOT_FOUND: 'Check the identity (sAMAccountName, UPN, DN, GUID or DOMAIN\\user) and the domain.',
  RECIPIENT_AMBIGUOUS: 'Use a unique identity such as the UPN, DN or GUID.',
  WRONG_RECIPIENT_TYPE: 'Look the recipient up first: it already has another recipient type.',
  SESSION_AUTH_FAILED: 'Check the account, its password and that it is enabled for remote PowerShell; use the server FQDN for Kerberos.',
  SESSION_UNREACHABLE: 'Check the server name, the network path (HTTP 80/443) and that Exchange is running, then reconnect.',
  SESSION_LOST: 'The Exchange session was lost; the console reconnects on the next call.',
  SESSION_NOT_CONNECTED: 'Connect the Exchange session first.',
  INVALID_INPUT: 'Correct the parameters and try again.',
  EXCHANGE_ERROR: 'See the Exchange message for details.',
};

/** An HmcError for a failed envelope: the Exchange message verbatim (secrets redacted), then the next step. */
export function toHmcError(errors: PsErrorInfo[], command: string): HmcError {
  const c = classify(errors);
  if (!c) return new HmcError('EXCHANGE_ERROR', `${command} failed without an error record.`);
  const message = redactText((c.error.message ?? 'no message').trim()).replace(/\s+/g, ' ');
  const next = NEXT_STEP[c.code] ?? '';
  return new HmcError(c.code, `${command}: ${message}${/[.!?]$/.test(message) ? '' : '.'} ${next}`.trim(), {
    command,
    errors: errors.map((e) => ({
      type: e.remoteType ?? e.type,
      fqid: e.fqid,
      category: e.category,
      errorCode: e.errorCode,
      message: e.message === null ? null : redactText(e.message),
    })),
  });
}
