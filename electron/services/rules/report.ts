/**
 * The replay's report, from what the run left behind: the events file, the files under the replay's
 * C: drive, the result file, the captured mails, and the plan inspector's decision for the request.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PlanInspection } from '../../../shared/plans/schemas';
import { inspectPlan } from '../../../shared/plans';
import { parseResultLine, type RuleResultLine } from '../../../shared/rules/result-line';
import type { RuleAction, RuleKind, RuleName } from '../../../shared/rules/decision';
import type { CapturedMail, ReplayChange, ReplayFinding, ReplayReport } from '../../../shared/rules/schemas';
import type { CapturedMessage } from './capture';
import { ofKind, readEvents, recipientOf, str, type ReplayEvent } from './events';
import { replayFindings } from './findings';
import { parseMail } from './mime';
import type { RawReplay } from './replay';

const LOG_TAIL = 256 * 1024;

export interface ReportContext {
  id: string;
  folder: string;
  kind: RuleKind;
  rule: RuleName;
  generated: boolean;
  timeoutSeconds: number;
  hosts: string[];
  inspection: PlanInspection;
  names: Set<string>;
  secrets: string[];
  messages: CapturedMessage[];
  staticFindings: ReplayFinding[];
  /** Files the harness itself put on the replay's C: (not the script's output). */
  harnessFiles: string[];
}

function decodeFile(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function windowsPathOf(driveRoot: string, p: string): string {
  return `C:\\${relative(driveRoot, p).split(sep).join('\\')}`;
}

function takenAction(line: RuleResultLine | null, events: ReplayEvent[]): { action: RuleAction; source: 'result-line' | 'exchange-calls' } {
  if (line) return { action: line.action, source: 'result-line' };
  const calls = ofKind(events, 'exchange-call');
  if (calls.some((c) => c.cmdlet === 'Enable-RemoteMailbox')) return { action: 'enable-remote-mailbox', source: 'exchange-calls' };
  const hidden = calls.find((c) => c.cmdlet === 'Set-RemoteMailbox' && c.params && typeof c.params === 'object' && 'HiddenFromAddressListsEnabled' in (c.params as object));
  if (hidden) {
    const v = String((hidden.params as Record<string, unknown>).HiddenFromAddressListsEnabled).toLowerCase();
    return { action: v === 'true' ? 'hide-from-address-lists' : 'unhide-from-address-lists', source: 'exchange-calls' };
  }
  return { action: 'none', source: 'exchange-calls' };
}

function changesOf(events: ReplayEvent[], names: Set<string>): ReplayChange[] {
  const byKey = new Map<string, ReplayChange>();
  for (const e of ofKind(events, 'exchange-call')) {
    const cmdlet = str(e.cmdlet) ?? '';
    if (!/^(Enable|Set|Disable)-RemoteMailbox$/.test(cmdlet)) continue;
    const before = recipientOf(e.before);
    const after = recipientOf(e.after);
    const identity = str(e.identity) ?? '';
    const key = before?.Guid ?? after?.Guid ?? identity.toLowerCase();
    const who = after ?? before;
    const named = who
      ? [who.SamAccountName, who.DistinguishedName, who.Name, who.UserPrincipalName].some((n) => !!n && names.has(n.toLowerCase()))
      : names.has(identity.toLowerCase());
    const existing = byKey.get(key);
    if (existing) {
      existing.cmdlets.push(cmdlet);
      existing.after = after ?? existing.after;
    } else {
      byKey.set(key, { key, identity, cmdlets: [cmdlet], before, after, named });
    }
  }
  return [...byKey.values()];
}

export async function buildReport(raw: RawReplay, ctx: ReportContext): Promise<ReplayReport> {
  const events = await readEvents(raw.eventsFile);
  const harness = new Set([raw.scriptFile, raw.resultFile, join(raw.iqserviceDir, 'Utils.dll'), ...ctx.harnessFiles]);
  const logs: ReplayReport['logs'] = [];
  const strays: string[] = [];
  for (const p of await filesUnder(raw.driveRoot)) {
    if (harness.has(p)) continue;
    const name = p.slice(p.lastIndexOf(sep) + 1);
    if (/\\|^[A-Za-z]:/.test(name)) strays.push(name);
    const size = (await stat(p)).size;
    const bytes = await readFile(p);
    const text = decodeFile(size > LOG_TAIL ? bytes.subarray(size - LOG_TAIL) : bytes);
    logs.push({ windowsPath: windowsPathOf(raw.driveRoot, p), path: p, bytes: size, text, truncated: size > LOG_TAIL });
  }
  let resultLine: RuleResultLine | null = null;
  for (const l of logs) for (const line of l.text.split(/\r?\n/)) resultLine = parseResultLine(line) ?? resultLine;

  let result: ReplayReport['result'] = null;
  const resultBytes = await readFile(raw.resultFile).catch(() => null);
  if (resultBytes) {
    let errors: string[];
    try {
      errors = inspectPlan({ document: new Uint8Array(resultBytes) }).result?.errors ?? [];
    } catch (e) {
      errors = [`The result file is not a ServiceResult IQService can read: ${(e as Error).message}`];
    }
    result = { text: decodeFile(resultBytes).slice(0, LOG_TAIL), errors };
  }

  const sends = ofKind(events, 'smtp-send');
  const mails: Array<CapturedMail & { authWithPlanSecret: boolean }> = ctx.messages.map((m, i) => {
    const p = parseMail(m.raw);
    const s = sends[i];
    return {
      ...p,
      to: p.to.length ? p.to : m.envelopeTo,
      from: p.from ?? m.envelopeFrom,
      requested: s ? { host: str(s.host), port: typeof s.port === 'number' ? s.port : null, tls: s.enableSsl === true, user: m.authUser ?? str(s.credentialUser) } : null,
      authWithPlanSecret: m.authWithPlanSecret,
    };
  });

  const changes = changesOf(events, ctx.names);
  const removed = new Set(ofKind(events, 'session-remove').map((e) => Number(e.session)));
  const decision = ctx.inspection.decisions.find((d) => d.rule === ctx.rule)!;
  const taken = takenAction(resultLine, events);
  const htmlSensitive = ctx.inspection.accountRequests
    .flatMap((r) => [r.nativeIdentity, ...r.attributeRequests.filter((a) => !a.masked).map((a) => (typeof a.value === 'string' ? a.value : null))])
    .filter((v): v is string => !!v && /[<>&"']/.test(v));
  const seeded = ofKind(events, 'seeded')[0];

  const findings = [
    ...ctx.staticFindings,
    ...replayFindings({
      events,
      killed: raw.killed,
      timeoutSeconds: ctx.timeoutSeconds,
      durationMs: raw.durationMs,
      ruleMs: raw.ruleMs,
      logTexts: logs.map((l) => l.text),
      mails,
      changes,
      secrets: ctx.secrets,
      htmlSensitive,
      knownHosts: ctx.hosts,
      strays,
      resultFileWritten: resultBytes !== null,
      generated: ctx.generated,
      stderr: raw.stderr,
    }),
  ];
  if (taken.action !== decision.action) {
    findings.push({
      severity: ctx.generated ? 'error' : 'warning',
      code: 'DECISION_DIFFERS',
      message: `The script's decision (${taken.action}) differs from the console's rules (${decision.action}: ${decision.reason.slice(0, 200)}). Check its conditions against the request.`,
    });
  }
  if (raw.harnessFailed) findings.unshift({ severity: 'error', code: 'HARNESS_FAILED', message: `${raw.harnessFailed} ${raw.stderr.split('\n').find((l) => l.trim())?.slice(0, 300) ?? ''}`.trim() });

  return {
    id: ctx.id,
    folder: ctx.folder,
    kind: ctx.kind,
    rule: ctx.rule,
    script: ctx.generated ? 'generated' : 'given',
    startedAt: raw.startedAt.toISOString(),
    durationMs: raw.ruleMs ?? raw.durationMs,
    timeoutSeconds: ctx.timeoutSeconds,
    killed: raw.killed,
    exitCode: raw.exitCode,
    ranToEnd: !raw.killed && !raw.harnessFailed,
    hosts: ctx.hosts,
    decision: {
      expected: { action: decision.action, identity: decision.identity, remoteRoutingAddress: decision.remoteRoutingAddress, reason: decision.reason, conclusive: decision.conclusive },
      taken,
      agrees: taken.action === decision.action,
    },
    resultLine,
    logs,
    result,
    mails: mails.map(({ authWithPlanSecret: _a, ...m }) => m),
    changes,
    calls: ofKind(events, 'exchange-call').map((e) => ({
      cmdlet: str(e.calledAs) ?? str(e.cmdlet) ?? '',
      host: str(e.host),
      identity: str(e.identity),
      params: Object.fromEntries(Object.entries((e.params as Record<string, unknown>) ?? {}).map(([k, v]) => [k, String(v)])),
      outcome: str(e.outcome) ?? 'unknown',
      error: e.error && typeof e.error === 'object' ? (str((e.error as { message?: unknown }).message) ?? null) : null,
    })),
    sessions: ofKind(events, 'session-open').map((e) => ({
      uri: str(e.uri) ?? '',
      host: str(e.host),
      outcome: str(e.outcome) ?? 'unknown',
      authentication: str(e.authentication),
      credentialUser: str(e.credentialUser),
      openTimeoutMs: typeof e.openTimeoutMs === 'number' ? e.openTimeoutMs : null,
      operationTimeoutMs: typeof e.operationTimeoutMs === 'number' ? e.operationTimeoutMs : null,
      removed: e.outcome === 'opened' && removed.has(Number(e.session)),
    })),
    seeded: seeded ? { added: seeded.added === true, recipient: recipientOf(seeded.state) } : null,
    findings,
    stdout: raw.stdout,
    stderr: raw.stderr,
  };
}
