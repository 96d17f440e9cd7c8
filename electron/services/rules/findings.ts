/**
 * Findings of a replay: what the run shows that an admin must fix before deploying the rule.
 * Each message says what happened and what to do next.
 */
import type { CapturedMail, ReplayChange, ReplayFinding } from '../../../shared/rules/schemas';
import { ofKind, str, type ReplayEvent } from './events';

export interface FindingInput {
  events: ReplayEvent[];
  killed: boolean;
  timeoutSeconds: number;
  durationMs: number;
  /** Duration of the script itself (from its start event), when known. */
  ruleMs: number | null;
  logTexts: string[];
  mails: Array<CapturedMail & { authWithPlanSecret: boolean }>;
  changes: ReplayChange[];
  secrets: string[];
  /** Request values worth HTML-escaping (names with < > & " '). */
  htmlSensitive: string[];
  knownHosts: string[];
  /** Files the script wrote next to itself under a Windows path name (a .NET call the harness could not map). */
  strays: string[];
  resultFileWritten: boolean;
  generated: boolean;
  /** The process's error output (PowerShell writes an uncaught error there). */
  stderr: string;
}

export function replayFindings(i: FindingInput): ReplayFinding[] {
  const out: ReplayFinding[] = [];
  const add = (severity: ReplayFinding['severity'], code: string, message: string) => out.push({ severity, code, message });

  if (i.killed) {
    add('error', 'TIMEOUT_KILLED', `The script ran past the rule's timeout (${i.timeoutSeconds} s) and was killed, as IQService would kill it: the workflow sees a failure without the script's own report. Bound the session and every cmdlet (New-PSSessionOption -OpenTimeout/-OperationTimeout) inside a budget below the timeout.`);
  } else if (i.ruleMs !== null && i.ruleMs > i.timeoutSeconds * 1000 * 0.8) {
    add('warning', 'NEAR_TIMEOUT', `The script took ${(i.ruleMs / 1000).toFixed(1)} s of its ${i.timeoutSeconds} s timeout; on a slower day IQService kills it. Raise the timeout or bound the Exchange work more tightly.`);
  }

  const reads = ofKind(i.events, 'read').map((e) => str(e.what) ?? '');
  if (reads.length) {
    add('error', 'PLAN_CREDENTIAL_READ', `The script read a secret from the request (${[...new Set(reads)].slice(0, 4).join(', ')}): a credential that travels in the plan is visible in IdentityIQ, its logs and IQService's trace. Use the IQService account's Kerberos identity, or a credential stored on the IQService host (Export-Clixml, DPAPI).`);
  }
  if (i.mails.some((m) => m.authWithPlanSecret)) {
    add('error', 'PLAN_CREDENTIAL_SMTP', 'The script logged in to the SMTP relay with a password taken from the request. Relay as the IQService account (UseDefaultCredentials) or anonymously from the IQService host instead.');
  }
  const leaked = i.secrets.filter((s) => i.logTexts.some((t) => t.includes(s)));
  if (leaked.length) {
    add('error', 'SECRET_IN_LOG', `The script wrote ${leaked.length === 1 ? 'a secret value' : `${leaked.length} secret values`} from the request to its log (for example a password attribute or an encrypted value): anyone who can read the log folder can read it. Log the request with its secret attributes masked.`);
  }
  const mailLeak = i.secrets.filter((s) => i.mails.some((m) => (m.html ?? '').includes(s) || (m.text ?? '').includes(s)));
  if (mailLeak.length) add('error', 'SECRET_IN_MAIL', 'The failure mail carries a secret value from the request; leave secret attributes out of the mail.');

  const foreign = i.changes.filter((c) => !c.named);
  for (const c of foreign.slice(0, 5)) {
    add('error', 'FOREIGN_RECIPIENT', `The script changed ${c.after?.SamAccountName ?? c.before?.SamAccountName ?? c.identity} (${c.cmdlets.join(', ')}), a recipient the request does not name. A rule must touch only the request's own user; check how it builds the identity.`);
  }

  const opens = ofKind(i.events, 'session-open');
  for (const o of opens.filter((e) => e.outcome === 'invalid-uri')) {
    const uri = str(o.uri) ?? '';
    const named = i.knownHosts.filter((h) => uri.toLowerCase().includes(h.toLowerCase()));
    if (named.length > 1 || /\s/.test(uri)) {
      add('error', 'CONNECTION_URI_JOINED', `The script built its connection URI from all ExchHost values joined ("${uri.slice(0, 160)}"), so New-PSSession cannot parse it and no host is ever tried. Build the URI from the one host being tried: "http://$h/PowerShell/".`);
    } else {
      add('error', 'CONNECTION_URI_INVALID', `The script's connection URI "${uri.slice(0, 160)}" is not a valid URI; build it as "http://<host FQDN>/PowerShell/".`);
    }
  }
  const repeated = new Map<string, number>();
  for (const e of ofKind(i.events, 'exchange-call')) {
    const cmdlet = str(e.cmdlet) ?? '';
    if (!/^(Enable|Set|Disable)-RemoteMailbox$/.test(cmdlet)) continue;
    const before = e.before as { User?: { Guid?: unknown } } | undefined;
    const key = `${cmdlet}|${str(before?.User?.Guid) ?? (str(e.identity) ?? '').toLowerCase()}`;
    repeated.set(key, (repeated.get(key) ?? 0) + 1);
  }
  for (const [key, n] of repeated) {
    if (n < 2) continue;
    const cmdlet = key.split('|')[0]!;
    add('error', 'REPEATED_CHANGE', `The script ran ${cmdlet} ${n} times for the same recipient: after a success it does not leave its host loop (or retries a change that worked). Leave the loop after the first host that did the work, and read the recipient first so a second run does nothing.`);
  }
  const removed = new Set(ofKind(i.events, 'session-remove').map((e) => Number(e.session)));
  const leftOpen = opens.filter((e) => e.outcome === 'opened' && !removed.has(Number(e.session)));
  if (leftOpen.length) {
    add('warning', 'SESSION_NOT_REMOVED', `The script left ${leftOpen.length} Exchange session(s) open (${leftOpen.map((e) => str(e.host)).join(', ')}): every run uses up one of the account's remote PowerShell sessions until they expire. Keep the session New-PSSession returns (not Import-PSSession's module) and remove it in a finally block.`);
  }
  if (opens.some((e) => e.outcome === 'opened' && (!e.openTimeoutMs || Number(e.openTimeoutMs) >= 180_000))) {
    add('warning', 'NO_SESSION_TIMEOUT', 'The script opens its Exchange session without an open timeout (the default is 3 minutes): a host that hangs outlives IQService\'s timeout. Pass New-PSSessionOption -OpenTimeout/-OperationTimeout within a budget below the rule\'s timeout.');
  }
  const icmp = ofKind(i.events, 'icmp');
  if (icmp.length) {
    add('warning', 'ICMP_REACHABILITY', `The script tests Exchange hosts with ICMP ping (${[...new Set(icmp.map((e) => str(e.host)))].slice(0, 3).join(', ')}), which firewalls often block although the host works. Test the WinRM (HTTP) port instead: TCP 80, or 443 with https.`);
  }
  for (const s of ofKind(i.events, 'smtp-send').filter((e) => e.enableSsl === true).slice(0, 1)) {
    add('info', 'SMTP_TLS_NOT_REPLAYED', `The script asked for TLS to ${str(s.host) ?? 'its relay'}; the replay's capture on 127.0.0.1 took the mail without TLS, so certificate problems with the real relay do not show here.`);
  }
  const unescaped = i.htmlSensitive.filter((v) => i.mails.some((m) => m.html !== null && m.html.includes(v)));
  if (unescaped.length) {
    add('warning', 'MAIL_HTML_UNESCAPED', `The failure mail pastes request values into HTML unescaped (${unescaped.slice(0, 2).map((v) => JSON.stringify(v)).join(', ')}): a name with < or & breaks the mail and can inject markup. Escape values with [System.Net.WebUtility]::HtmlEncode.`);
  }
  for (const s of i.strays.slice(0, 5)) {
    add('warning', 'UNMAPPED_FILE_IO', `The script wrote "${s}" with a .NET file call the replay cannot map (it appears beside the script under that name here; on IQService it is the real path). Use Add-Content / Out-File, which the replay maps.`);
  }
  if (!i.resultFileWritten && !i.killed) {
    add(i.generated ? 'error' : 'info', 'NO_RESULT_FILE', 'The script wrote nothing to the result file ($args[0]): IQService then reports no errors to IdentityIQ even when the script failed. Write $result.toxml() to $args[0] at the end (and exit non-zero on failure).');
  }
  if (ofKind(i.events, 'rule-start').length && !ofKind(i.events, 'rule-end').length && !i.killed) {
    const said = i.stderr.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ').slice(0, 300);
    add('error', 'UNCAUGHT_ERROR', `The script stopped on an error it did not catch${said ? ` (${said})` : ''}; IQService sees exit code 1 and no report of its own. Catch errors, log them and write them to the result file.`);
  }
  return out;
}
