/**
 * The configuration a generated rule carries: built from the console's settings, checked, then
 * embedded in the script as base64 of UTF-8 JSON and decoded at run time with ConvertFrom-Json, so
 * no settings value (a host name, a template with quotes, $(), backticks or newlines) is ever
 * PowerShell source.
 */
import { HmcError } from '../errors';
import type { Settings } from '../settings/schema';
import { DECISION_TABLE, RULE_NAME, checkRoutingTemplate, type RuleDecisionSpec, type RuleKind, type RuleName } from './decision';

export const RULE_CONFIG_VERSION = 1;
/** The template version: a script from another version is not "ours" any more (the console asks before replaying it). */
export const RULE_TEMPLATE_VERSION = 1;
/** IQService must leave the script this much time after the budget (start-up, logging, the failure mail). */
export const MIN_TIMEOUT_MARGIN_SECONDS = 5;
export const COMFORTABLE_MARGIN_SECONDS = 20;

export interface RuleConfig {
  v: number;
  kind: RuleKind;
  rule: RuleName;
  ruleName: string;
  hosts: string[];
  scheme: 'http' | 'https';
  port: number;
  routingDomain: string | null;
  routingTemplate: string;
  adApplication: string | null;
  /** Windows folder of this rule's daily log, created when missing. */
  logFolder: string;
  /** File name; {date} is yyyy-MM-dd. */
  logFile: string;
  timeoutSeconds: number;
  budgetSeconds: number;
  openTimeoutSeconds: number;
  operationTimeoutSeconds: number;
  credential: { mode: 'kerberos'; path: null } | { mode: 'dpapi'; path: string };
  mail: { mode: 'watcher' } | { mode: 'smtp'; host: string; port: number; from: string; to: string[]; useTls: boolean };
  useCreatedOnServer: boolean;
  /** Names whose values the rule never logs (regular expression, case-insensitive). */
  secretPattern: string;
  decision: RuleDecisionSpec;
}

export interface BuiltConfig {
  config: RuleConfig;
  warnings: string[];
}

export const LOG_SUBFOLDER: Record<RuleKind, string> = { 'after-create': 'AfterCreateLogs', 'after-modify': 'AfterModifyLogs' };

function joinWindows(folder: string, name: string): string {
  return `${folder.replace(/[\\/]+$/, '')}\\${name}`;
}

/** The rule's configuration from the settings, or INVALID_INPUT naming the setting to change. */
export function buildRuleConfig(kind: RuleKind, settings: Settings): BuiltConfig {
  const r = settings.rules;
  const ex = settings.exchange;
  const warnings: string[] = [];
  const problem = (m: string): never => {
    throw new HmcError('INVALID_INPUT', m);
  };
  const template = checkRoutingTemplate(r.routingTemplate);
  if (template) problem(`${template} Change rules.routingTemplate.`);
  if (r.budgetSeconds + MIN_TIMEOUT_MARGIN_SECONDS > r.timeoutSeconds) {
    problem(
      `The rule's timeout (${r.timeoutSeconds} s) must exceed its budget (${r.budgetSeconds} s) by at least ${MIN_TIMEOUT_MARGIN_SECONDS} s, or IQService kills the script before it can log and report; raise rules.timeoutSeconds or lower rules.budgetSeconds.`,
    );
  }
  if (r.timeoutSeconds - r.budgetSeconds < COMFORTABLE_MARGIN_SECONDS) {
    warnings.push(`Only ${r.timeoutSeconds - r.budgetSeconds} s between the budget and IQService's timeout: start-up, logging and the failure mail must fit in it. ${COMFORTABLE_MARGIN_SECONDS} s or more is safer.`);
  }
  if (r.openTimeoutSeconds > r.budgetSeconds || r.operationTimeoutSeconds > r.budgetSeconds) {
    problem(`The session open timeout (${r.openTimeoutSeconds} s) and the cmdlet timeout (${r.operationTimeoutSeconds} s) must fit in the budget (${r.budgetSeconds} s); lower rules.openTimeoutSeconds / rules.operationTimeoutSeconds or raise rules.budgetSeconds.`);
  }
  if (!/^([A-Za-z]:\\|\\\\)/.test(r.logFolder)) problem(`The log folder ${JSON.stringify(r.logFolder)} is not an absolute Windows path (C:\\... or \\\\server\\share); correct rules.logFolder.`);
  if (r.credential === 'dpapi' && !/^([A-Za-z]:\\|\\\\)/.test(r.credentialPath)) {
    problem(`The credential file ${JSON.stringify(r.credentialPath)} is not an absolute Windows path; correct rules.credentialPath.`);
  }
  let mail: RuleConfig['mail'] = { mode: 'watcher' };
  if (r.mail === 'smtp') {
    const n = settings.notify;
    if (!n.smtpHost || !n.from || n.to.length === 0) {
      problem('The rule is set to mail failures (rules.mail = smtp), but the SMTP relay, sender or recipients are missing; fill in notify.smtpHost, notify.from and notify.to, or set rules.mail to watcher.');
    }
    if (n.tls === 'implicit') {
      problem('The rule mails through System.Net.Mail.SmtpClient, which speaks STARTTLS but not implicit TLS; give the relay a STARTTLS port (notify.tls = starttls), or set rules.mail to watcher.');
    }
    mail = { mode: 'smtp', host: n.smtpHost!, port: n.smtpPort, from: n.from!, to: [...n.to], useTls: n.tls !== 'none' };
  }
  if (ex.hosts.length === 0) warnings.push("No Exchange host is configured (exchange.hosts): the rule will use the ExchHost list of IQService's $env:Application.");
  if (kind === 'after-create' && !ex.routingDomain) {
    warnings.push('No tenant routing domain is configured (exchange.routingDomain): the rule uses the domain of a remoteRoutingAddress attribute when the request has one, and otherwise lets Exchange pick the address.');
  }
  const rule = RULE_NAME[kind];
  return {
    config: {
      v: RULE_CONFIG_VERSION,
      kind,
      rule,
      ruleName: kind === 'after-create' ? r.afterCreateName : r.afterModifyName,
      hosts: [...ex.hosts],
      scheme: ex.useHttps ? 'https' : 'http',
      port: ex.useHttps ? 443 : 80,
      routingDomain: ex.routingDomain,
      routingTemplate: r.routingTemplate,
      adApplication: r.adApplication,
      logFolder: joinWindows(r.logFolder, LOG_SUBFOLDER[kind]),
      logFile: `{date}.${rule}.log`,
      timeoutSeconds: r.timeoutSeconds,
      budgetSeconds: r.budgetSeconds,
      openTimeoutSeconds: r.openTimeoutSeconds,
      operationTimeoutSeconds: r.operationTimeoutSeconds,
      credential: r.credential === 'dpapi' ? { mode: 'dpapi', path: r.credentialPath } : { mode: 'kerberos', path: null },
      mail,
      useCreatedOnServer: r.useCreatedOnServer,
      secretPattern: 'password|passwd|pwd|secret|credential|token',
      decision: DECISION_TABLE[rule],
    },
    warnings,
  };
}

// ---------------------------------------------------------------- base64 of UTF-8 (no Buffer in shared/)

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    out += ALPHABET[a >> 2]! + ALPHABET[((a & 3) << 4) | ((b ?? 0) >> 4)]!;
    out += b === undefined ? '=' : ALPHABET[((b & 15) << 2) | ((c ?? 0) >> 6)]!;
    out += c === undefined ? '=' : ALPHABET[c & 63]!;
  }
  return out;
}

export function base64ToUtf8(b64: string): string {
  const clean = b64.replace(/[^A-Za-z0-9+/]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 4) {
    const n = [0, 1, 2, 3].map((k) => (i + k < clean.length ? ALPHABET.indexOf(clean[i + k]!) : -1));
    bytes.push((n[0]! << 2) | (n[1]! >> 4));
    if (n[2]! >= 0) bytes.push(((n[1]! & 15) << 4) | (n[2]! >> 2));
    if (n[3]! >= 0) bytes.push(((n[2]! & 3) << 6) | n[3]!);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
