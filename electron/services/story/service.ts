/**
 * story.get: one user's story, joined from the rule logs (the incoming plans and the user's rule runs across
 * every enabled source), the console's audit trail and the recipient read live from Exchange. The service
 * gets each part as a function (it never sees the services container); the joining is shared/story/build.ts.
 * A part that cannot be read becomes a sentence in `problems` and the rest of the story still comes.
 */
import type { z } from 'zod';
import { pairRecords, targetOf, type AuditRow } from '../../../shared/audit/records';
import type { CheckRun } from '../../../shared/connectivity/schemas';
import type { AuditListOutput } from '../../../shared/audit/schemas';
import { HmcError, isHmcError } from '../../../shared/errors';
import type { Recipient } from '../../../shared/exchange/schemas';
import { entryMatchesUser } from '../../../shared/logs/parse';
import type { IncomingPlan, LogEntry } from '../../../shared/logs/schemas';
import { formatLocalDate, localDateOf, parseLocalDate } from '../../../shared/logs/pattern';
import type { Settings } from '../../../shared/settings/schema';
import { buildStory } from '../../../shared/story/build';
import type { StoryInput, StoryOutput } from '../../../shared/story/schemas';
import type { Diagnostics } from '../../core/diagnostics';

/** The longest look back the incoming plans allow (days). */
const MAX_DAYS = 31;
/** Most entries of the user's runs read. */
const MAX_RUN_ENTRIES = 20_000;

export interface StoryDeps {
  settings: () => Promise<Settings>;
  recipient: (identity: string) => Promise<Recipient>;
  incomingPlans: (input: { date: string; days: number; limit: number; withoutXml: boolean; user: string }) => Promise<{ plans: IncomingPlan[] }>;
  searchLogs: (input: { sources: string[]; user: string; since?: string; until?: string; limit: number }) => Promise<{ entries: LogEntry[] }>;
  audit: (input: { limit: number }) => Promise<z.output<typeof AuditListOutput>>;
  /** The connectivity history (the checks of the hosts the runs tried join the story). */
  connectivityRuns?: () => Promise<CheckRun[]>;
  diagnostics: Diagnostics;
  clock?: () => Date;
}

function message(e: unknown): string {
  return isHmcError(e) || e instanceof Error ? e.message : String(e);
}

export class StoryService {
  constructor(private readonly deps: StoryDeps) {}

  async get(input: z.output<typeof StoryInput>): Promise<StoryOutput> {
    const now = (this.deps.clock ?? (() => new Date()))();
    const identity = input.identity.trim();
    const until = input.until ?? formatLocalDate(localDateOf(now));
    const untilDay = parseLocalDate(until)!;
    const sinceDay = input.since ? parseLocalDate(input.since.slice(0, 10)) : null;
    if (input.since && !sinceDay) throw new HmcError('INVALID_INPUT', `--since ${input.since} is not a date; use e.g. 2026-12-01.`);
    const untilMs = new Date(untilDay.year, untilDay.month - 1, untilDay.day).getTime();
    const sinceMs = sinceDay ? new Date(sinceDay.year, sinceDay.month - 1, sinceDay.day).getTime() : untilMs - (MAX_DAYS - 1) * 86_400_000;
    if (sinceMs > untilMs) throw new HmcError('INVALID_INPUT', `--since ${input.since} is after ${until}; give an earlier day.`);
    const days = Math.min(MAX_DAYS, Math.round((untilMs - sinceMs) / 86_400_000) + 1);
    const since = formatLocalDate(localDateOf(new Date(sinceMs)));
    const problems: string[] = [];
    const settled = <T>(what: string, p: Promise<T>, fallback: T): Promise<T> =>
      p.catch((e: unknown) => {
        problems.push(`${what} could not be read: ${message(e)}`);
        if (!isHmcError(e)) this.deps.diagnostics.error(`Story: ${what} failed for ${identity}`, e);
        return fallback;
      });

    // Exchange, the logs and the audit trail are asked at once; the recipient never waits for the logs.
    let recipientProblem: string | null = null;
    const [recipient, incoming, runs, audit, settings, checks] = await Promise.all([
      this.deps.recipient(identity).catch((e: unknown) => {
        recipientProblem = message(e);
        return null;
      }),
      settled('The rule logs\' requests', this.deps.incomingPlans({ date: until, days, limit: 1_000, withoutXml: true, user: identity }), { plans: [] as IncomingPlan[] }),
      settled('The rule logs\' runs', this.deps.searchLogs({ sources: ['*'], user: identity, since, until, limit: MAX_RUN_ENTRIES }), { entries: [] as LogEntry[] }),
      settled('The audit trail', this.deps.audit({ limit: 10_000 }), { file: '', records: [] }),
      this.deps.settings(),
      settled('The connectivity history', this.deps.connectivityRuns?.() ?? Promise.resolve([] as CheckRun[]), [] as CheckRun[]),
    ]);
    // Every name the person goes by: the desk names a recipient by its GUID in its changes.
    const r = recipient as Recipient | null;
    const names = new Set([identity, r?.SamAccountName, r?.UserPrincipalName, r?.DistinguishedName, r?.Guid, r?.Identity].filter((x): x is string => !!x).map((x) => x.toLowerCase()));
    const mine = (u: string | null | undefined) => !!u && names.has(u.toLowerCase());
    const plans = incoming.plans.filter((p) => mine(p.user) || mine(p.decision?.identity) || mine(p.nativeIdentity));
    const runEntries = runs.entries.filter((e) => e.run && (mine(e.user) || entryMatchesUser(e.user, '', identity)));
    // A change names its recipient as typed, and (since the desk records them) by all of its names.
    const about = (row: AuditRow) => {
      const t = row.start?.target ?? row.end?.target;
      return mine(targetOf(row)) || mine(t?.samAccountName) || mine(t?.userPrincipalName) || mine(t?.guid);
    };
    const changes: AuditRow[] = pairRecords(audit.records).filter((row) => about(row) && (row.start?.op ?? row.end?.op ?? '').startsWith('mailbox.'));
    return buildStory({
      identity,
      recipient,
      recipientProblem,
      plans,
      runEntries,
      changes,
      connectivity: checks,
      ruleTimeout: settings.rules.timeoutSeconds,
      now,
      problems,
      since,
      until,
    });
  }
}
