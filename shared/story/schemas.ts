/** One user's story: what the rule logs, the console's audit trail and Exchange say about them, joined. */
import { z } from 'zod';
import { Recipient } from '../exchange/schemas';

export const StoryInput = z
  .object({
    /** sAMAccountName (or UPN) of the person, as on the ticket. */
    identity: z.string().trim().min(1).max(256),
    /** Oldest day looked at (yyyy-MM-dd or ISO date-time; default 31 days before `until`). */
    since: z.string().max(40).optional(),
    /** Newest day looked at (yyyy-MM-dd; default today). */
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  })
  .strict();

export const StoryState = z.enum(['ok', 'rule-failed', 'sync-pending', 'no-request', 'fixed-by-console', 'unknown']);
export type StoryState = z.infer<typeof StoryState>;
export const StoryAction = z.enum(['enable', 'hide', 'unhide', 'set-routing', 'disable', 'none']);
export type StoryAction = z.infer<typeof StoryAction>;

/** Where the full record is: the plan inspector (a logged request), the log viewer (an entry), the audit page. */
export const StoryLink = z.object({
  page: z.enum(['plans', 'logs', 'audit', 'mailboxes', 'connectivity']),
  file: z.string().optional(),
  offset: z.number().int().min(0).optional(),
  id: z.string().optional(),
});

export const StoryEvent = z.object({
  /** Local ISO time as the source wrote it (audit: UTC ISO), or null. */
  time: z.string().nullable(),
  kind: z.enum(['request', 'run', 'check', 'change', 'recipient']),
  /** Where it comes from: the rule logs, the console's audit trail, Exchange (read now). */
  source: z.enum(['logs', 'audit', 'exchange', 'connectivity']),
  /** One sentence. */
  title: z.string(),
  /** The facts behind it, one per line (hosts tried, checks, before/after). */
  details: z.array(z.string()),
  outcome: z.enum(['succeeded', 'failed', 'unknown', 'info']),
  link: StoryLink.nullable(),
});
export type StoryEvent = z.infer<typeof StoryEvent>;

export const StoryVerdict = z.object({
  state: StoryState,
  /** What happened and what to do, in one or two sentences. */
  sentence: z.string(),
  next: z.object({ action: StoryAction, label: z.string() }),
});
export type StoryVerdict = z.infer<typeof StoryVerdict>;

export const StoryOutput = z.object({
  identity: z.string(),
  /** The recipient as Exchange shows it now (null when it could not be read; `problems` says why). */
  recipient: Recipient.nullable(),
  /** What the recipient's state means, in a sentence. */
  meaning: z.string(),
  verdict: StoryVerdict,
  /** Oldest first. */
  events: z.array(StoryEvent),
  /** What could not be looked at (a source unreadable, Exchange unreachable), in sentences. */
  problems: z.array(z.string()),
  since: z.string(),
  until: z.string(),
});
export type StoryOutput = z.infer<typeof StoryOutput>;
