/**
 * One user's story (pure): the provisioning requests the rule logs hold for them (with the plan inspector's
 * decision), each rule run (hosts, failures by layer, duration), the console's changes (audit) and the
 * recipient in Exchange now, in time order, and the verdict: what happened and what to do next.
 */
import type { CheckRun } from '../connectivity/schemas';
import type { AuditRow } from '../audit/records';
import type { Recipient } from '../exchange/schemas';
import type { IncomingPlan, LogEntry } from '../logs/schemas';
import { failurePhrase, summariseRuns, type RunSummary } from './runs';
import type { StoryAction, StoryEvent, StoryOutput, StoryVerdict } from './schemas';

export interface StoryParts {
  identity: string;
  recipient: Recipient | null;
  /** Why the recipient could not be read (a sentence), when it could not. */
  recipientProblem: string | null;
  /** The incoming plans of the person (already picked out). */
  plans: readonly IncomingPlan[];
  /** The entries of the person's rule runs. */
  runEntries: readonly LogEntry[];
  /** The console's changes to the person (already picked out). */
  changes: readonly AuditRow[];
  /** The connectivity history (any order): the check of each host the runs tried, nearest in time to the failure, joins the story. */
  connectivity?: readonly CheckRun[];
  /** The rule's timeout in seconds (IQService aborts the script then), when known. */
  ruleTimeout: number | null;
  now: Date;
  problems: string[];
  since: string;
  until: string;
}

const ACTION_OF: Record<string, StoryAction> = {
  'enable-remote-mailbox': 'enable',
  'hide-from-address-lists': 'hide',
  'unhide-from-address-lists': 'unhide',
};
const SHOULD: Record<string, string> = {
  enable: 'enabled a remote mailbox',
  hide: 'hidden the mailbox from the address lists',
  unhide: 'shown the mailbox in the address lists again',
};
const DID: Record<string, string> = {
  enable: 'enabled a remote mailbox',
  hide: 'hid the mailbox from the address lists',
  unhide: 'showed the mailbox in the address lists again',
};
const LABEL: Record<StoryAction, string> = {
  enable: 'Enable the remote mailbox',
  hide: 'Hide from address lists',
  unhide: 'Show in address lists',
  'set-routing': 'Repair the routing address',
  disable: 'Disable the remote mailbox',
  none: 'Nothing to do',
};
const CHANGE_ACTION: Record<string, StoryAction> = {
  'mailbox.enableRemote': 'enable',
  'mailbox.setRoutingAddress': 'set-routing',
  'mailbox.disableRemote': 'disable',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A UTC instant as local wall-clock ISO (the logs' form), so audit records sort among log entries. */
export function localIso(instant: string): string {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function when(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : 'an unknown time';
}

function changeAction(row: AuditRow): StoryAction | null {
  const op = row.start?.op ?? row.end?.op ?? '';
  if (op === 'mailbox.setHidden') {
    const input = row.start?.input as { hidden?: unknown } | undefined;
    return input?.hidden === false ? 'unhide' : 'hide';
  }
  return CHANGE_ACTION[op] ?? null;
}

function changeSucceeded(row: AuditRow): boolean {
  return row.end?.outcome === 'ok' || row.end?.outcome === 'applied';
}

function planAction(p: IncomingPlan): StoryAction | null {
  return p.decision ? (ACTION_OF[p.decision.action] ?? null) : null;
}

function ageDays(r: Recipient, now: Date): number | null {
  const t = r.WhenCreated ? Date.parse(r.WhenCreated) : NaN;
  return Number.isFinite(t) ? Math.floor((now.getTime() - t) / 86_400_000) : null;
}

/** What the recipient's state means, in a sentence. */
export function recipientMeaning(r: Recipient | null, problem: string | null, now: Date): string {
  if (!r) return problem ?? 'Exchange was not asked.';
  const age = ageDays(r, now);
  if (r.kind === 'user') {
    const sync = age === null ? '' : age >= 1 ? `; directory sync is not the reason: the account is ${age} day${age === 1 ? '' : 's'} old` : '; the account is less than a day old, so directory sync may not have caught up yet';
    return `Plain AD user: no remote mailbox${sync}.`;
  }
  if (r.kind === 'remoteMailbox') {
    const hidden = r.HiddenFromAddressListsEnabled ? ', hidden from the address lists' : '';
    if (r.syncState === 'pending') return `Remote mailbox${hidden}, waiting for directory sync: the cloud mailbox is not linked yet (ExchangeGuid is empty).`;
    return `Remote mailbox${hidden}, routed to ${r.RemoteRoutingAddress ?? '(no routing address)'}.`;
  }
  return `${r.RecipientTypeDetails ?? 'Another recipient type'}: not a remote mailbox the console manages.`;
}

function requestEvent(p: IncomingPlan): StoryEvent {
  const action = planAction(p);
  const what = `${p.flow ?? 'Provisioning'} ${(p.operation ?? 'request').toLowerCase()} request`;
  const should = action ? `: the rule should have ${SHOULD[action]}` : p.decision ? ': the rule should do nothing' : '';
  const details = [p.decision?.reason, p.application ? `Application: ${p.application}` : null, p.nativeIdentity ? `Account: ${p.nativeIdentity}` : null, p.problem].filter((x): x is string => !!x);
  return { time: p.time, kind: 'request', source: 'logs', title: `${what}${should}.`, details, outcome: 'info', link: { page: 'plans', file: p.file, offset: p.offset, id: p.id } };
}

function runEvent(run: RunSummary, timeout: number | null): StoryEvent {
  const took = run.seconds === null ? '' : ` in ${run.seconds} s`;
  const over = timeout !== null && run.seconds !== null ? (run.seconds >= timeout ? ` (at or over the rule's ${timeout} s timeout)` : ` (timeout ${timeout} s)`) : '';
  const rule = run.rule ?? 'Rule';
  const title =
    run.outcome === 'failed' ? `${rule} run: ${failurePhrase(run)}${took}${over}.` : run.outcome === 'succeeded' ? `${rule} run succeeded${took}${over}.` : `${rule} run without a success or failure line${took}.`;
  const details = [run.hosts.length ? `Hosts tried: ${run.hosts.join(', ')}` : 'No Exchange host named', ...run.failures.map((f) => `${f.host}: ${f.reason} (${f.layer})`), ...(run.evidence ? [`Last word: ${run.evidence.slice(0, 300)}`] : [])];
  return { time: run.start, kind: 'run', source: 'logs', title, details, outcome: run.outcome, link: { page: 'logs', file: run.file, offset: run.offset } };
}

function changeEvent(row: AuditRow): StoryEvent {
  const rec = row.start ?? row.end!;
  const ok = changeSucceeded(row);
  const outcome = row.end ? (ok ? 'succeeded' : row.end.outcome === 'unknown' ? 'unknown' : 'failed') : 'unknown';
  const verb = ok ? 'made' : row.end ? 'tried' : 'started';
  const show = (v: unknown) => (v === null || v === undefined || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v));
  const details = [
    rec.command ? `Command: ${rec.command}` : null,
    row.end?.outcome ? `Outcome: ${row.end.outcome}` : 'No end record',
    row.end?.error ? `Error: ${row.end.error.message}` : null,
    // The fields the change touched, as read before and after it.
    ...(row.end?.changes ?? []).map((c) => `${c.field}: ${show(c.before)} -> ${show(c.after)}`),
  ].filter((x): x is string => !!x);
  return {
    time: localIso(rec.time),
    kind: 'change',
    source: 'audit',
    title: `${rec.actor ?? 'Someone'} ${verb} ${rec.op} from the console (${rec.door}).`,
    details,
    outcome,
    link: { page: 'audit', id: row.id },
  };
}

/** A host as the logs and the checks may both name it: the short name of a DNS name (mx-hyb01), an address whole. */
function hostKey(h: string): string {
  const bare = h.toLowerCase().trim().replace(/^\[|\]$/g, '').replace(/^([^:]+):\d+$/, '$1');
  return /^[\d.]+$/.test(bare) || bare.includes(':') ? bare : bare.split('.')[0]!;
}

/**
 * For each Exchange host the person's runs tried, the connectivity check of that host nearest in time to
 * the last failed run (or the last run): what the network said about the host when the rule failed.
 */
export function checkEvents(runs: readonly RunSummary[], history: readonly CheckRun[]): StoryEvent[] {
  if (!history.length || !runs.length) return [];
  const failed = runs.filter((r) => r.outcome === 'failed');
  const anchorRun = failed[failed.length - 1] ?? runs[runs.length - 1]!;
  const anchor = anchorRun.start ? new Date(anchorRun.start).getTime() : Date.now();
  const hosts = [...new Set(runs.flatMap((r) => [...r.hosts, ...r.failures.map((f) => f.host)]).map(hostKey))];
  const out: StoryEvent[] = [];
  for (const key of hosts) {
    let best: { run: CheckRun; host: CheckRun['hosts'][number]; gap: number } | null = null;
    for (const run of history) {
      const host = run.hosts.find((h) => hostKey(h.host) === key);
      if (!host) continue;
      const gap = Math.abs(new Date(run.startedAt).getTime() - anchor);
      if (!best || gap < best.gap) best = { run, host, gap };
    }
    if (!best) continue;
    const { run, host } = best;
    const failure = host.firstFailure ? ` at ${host.firstFailure.layer}: ${host.firstFailure.hint}` : '';
    out.push({
      time: localIso(run.startedAt),
      kind: 'check',
      source: 'connectivity',
      title: `Connectivity check of ${host.host}: ${host.verdict}${failure}.`,
      details: host.layers.map((l) => `${l.layer}: ${l.status}${l.detail ? ` (${l.detail})` : ''}`),
      outcome: host.verdict === 'ok' ? 'succeeded' : host.verdict === 'failed' ? 'failed' : 'unknown',
      link: { page: 'connectivity', id: run.id },
    });
  }
  return out;
}

/** The verdict from the joined facts. */
export function verdictOf(p: StoryParts, runs: RunSummary[]): StoryVerdict {
  const r = p.recipient;
  const v = (state: StoryVerdict['state'], sentence: string, action: StoryAction): StoryVerdict => ({ state, sentence, next: { action, label: LABEL[action] } });
  const plans = [...p.plans].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''));
  const last = plans[plans.length - 1] ?? null;
  const wanted = last ? planAction(last) : null;
  const failedRuns = runs.filter((x) => x.outcome === 'failed');
  const lastFailed = failedRuns[failedRuns.length - 1] ?? null;
  const fixes = p.changes.filter((c) => changeSucceeded(c) && changeAction(c) !== null);
  const lastFix = fixes.map((c) => ({ c, t: localIso((c.end ?? c.start)!.time) })).sort((a, b) => a.t.localeCompare(b.t)).pop() ?? null;
  if (!r) return v('unknown', `${p.identity}'s recipient could not be read: ${p.recipientProblem ?? 'Exchange was not asked'}. Check the session, then look again.`, 'none');
  const failure = lastFailed ? `${failurePhrase(lastFailed)} at ${when(lastFailed.start)}` : last?.outcome === 'failed' ? `the rule failed at ${when(last.evidenceTime ?? last.time)} (${last.evidence})` : null;
  if (lastFix && failure && (!lastFailed?.start || lastFix.t >= lastFailed.start)) {
    const who = lastFix.c.start?.actor ?? lastFix.c.end?.actor ?? 'someone';
    return v('fixed-by-console', `${capital(failure)}; ${who} fixed it from the console at ${when(lastFix.t)} (${lastFix.c.start?.op ?? 'a change'}). ${recipientMeaning(r, null, p.now)}`, 'none');
  }
  if (r.kind === 'remoteMailbox') {
    if (wanted === 'hide' && !r.HiddenFromAddressListsEnabled) return v('rule-failed', `The leaver request asked to hide the mailbox, but it is still in the address lists${failure ? `: ${failure}` : ''}. Hide it now?`, 'hide');
    if (wanted === 'unhide' && r.HiddenFromAddressListsEnabled) return v('rule-failed', `The rehire request asked to show the mailbox again, but it is still hidden${failure ? `: ${failure}` : ''}. Show it now?`, 'unhide');
    // Sync matters for a new mailbox; a leaver's hidden mailbox is as the request asked whatever the sync.
    if (r.syncState === 'pending' && wanted !== 'hide' && wanted !== 'unhide') return v('sync-pending', `The remote mailbox exists, but directory sync has not linked the cloud mailbox yet (ExchangeGuid is empty). Wait for the next sync cycle (about 30 minutes) and look again; nothing needs changing.`, 'none');
    if (last && wanted) return v('ok', `Provisioned as the request of ${when(last.time)} asked: the rule ${DID[wanted]} and Exchange shows it.`, 'none');
    return v('ok', `${p.identity} has a remote mailbox; no provisioning request in the logs asks for anything else.`, 'none');
  }
  if (r.kind === 'other') return v('unknown', `${p.identity} is a ${r.RecipientTypeDetails ?? 'recipient of another type'}, not a remote mailbox; the console does not change it. Look at it in Exchange.`, 'none');
  // A plain AD user: no mailbox.
  if (!last) return v('no-request', `No provisioning request for ${p.identity} was found in the rule logs from ${p.since} to ${p.until}; IdentityIQ may not have sent one. Check the request in IdentityIQ, or enable the remote mailbox now?`, 'enable');
  if (wanted !== 'enable') return v('unknown', `The last request for ${p.identity} (${when(last.time)}) did not ask for a mailbox (${last.decision?.reason ?? 'no decision'}). Enable the remote mailbox now if the person needs one?`, 'enable');
  if (failure) return v('rule-failed', `${capital(failure)}. Enable the remote mailbox now?`, 'enable');
  if (last.outcome === 'succeeded') return v('unknown', `The log says the rule enabled the mailbox at ${when(last.evidenceTime ?? last.time)}, but Exchange shows a plain AD user. Enable the remote mailbox now?`, 'enable');
  return v('unknown', `The request of ${when(last.time)} asked for a remote mailbox, and the log shows no outcome for it. Enable the remote mailbox now?`, 'enable');
}

function capital(s: string): string {
  return s ? s[0]!.toUpperCase() + s.slice(1) : s;
}

export function buildStory(p: StoryParts): StoryOutput {
  const runs = summariseRuns(p.runEntries);
  const events: StoryEvent[] = [
    ...p.plans.map(requestEvent),
    ...runs.map((x) => runEvent(x, p.ruleTimeout)),
    ...checkEvents(runs, p.connectivity ?? []),
    ...p.changes.map(changeEvent),
  ];
  const meaning = recipientMeaning(p.recipient, p.recipientProblem, p.now);
  events.push({
    time: localIso(p.now.toISOString()),
    kind: 'recipient',
    source: 'exchange',
    title: `Exchange now: ${meaning}`,
    details: p.recipient ? [`RecipientTypeDetails: ${p.recipient.RecipientTypeDetails ?? '-'}`, `WhenCreated: ${p.recipient.WhenCreated ?? '-'}`] : [],
    outcome: 'info',
    link: p.recipient ? { page: 'mailboxes', id: p.identity } : null,
  });
  // Oldest first; at one time, a request before its run, a run before a change.
  const rank = { request: 0, run: 1, check: 2, change: 3, recipient: 4 } as const;
  events.sort((a, b) => (a.time ?? '').localeCompare(b.time ?? '') || rank[a.kind] - rank[b.kind]);
  return { identity: p.identity, recipient: p.recipient, meaning, verdict: verdictOf(p, runs), events, problems: p.problems, since: p.since, until: p.until };
}
