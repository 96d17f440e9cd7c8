/**
 * The one machine-readable line each generated rule run ends with, after the usual
 * `yyyy-MM-dd HH:mm:ss:: ` prefix the log viewer reads:
 *
 *   2025-03-03 09:14:09:: RESULT :: {"rule":"ConnectorAfterCreate","user":"aobrien","action":"enable-remote-mailbox",
 *     "host":"exch01.corp.example.org","outcome":"changed","errorClass":null,"durationMs":2140}
 *
 * (one line in the file). The JSON keeps values with spaces, quotes or non-ASCII letters intact.
 */
import { z } from 'zod';
import { RULE_ACTIONS } from './decision';

export const RESULT_MARKER = 'RESULT :: ';

export const RuleOutcome = z.enum(['changed', 'unchanged', 'skipped', 'failed']);
export type RuleOutcome = z.infer<typeof RuleOutcome>;

/** What went wrong, as a class the console can act on (never message text). */
export const RuleErrorClass = z.enum([
  'unreachable',
  'auth',
  'timeout',
  'budget',
  'not-found',
  'wrong-type',
  'not-applied',
  'exchange',
  'config',
  'input',
  'internal',
]);
export type RuleErrorClass = z.infer<typeof RuleErrorClass>;

export const RuleResultLine = z.object({
  rule: z.enum(['ConnectorAfterCreate', 'ConnectorAfterModify']),
  user: z.string().nullable(),
  action: z.enum(RULE_ACTIONS),
  host: z.string().nullable(),
  outcome: RuleOutcome,
  errorClass: RuleErrorClass.nullable(),
  durationMs: z.number().int().min(0),
  /** One sentence for people (secrets never logged). */
  message: z.string().nullable().optional(),
});
export type RuleResultLine = z.infer<typeof RuleResultLine>;

/**
 * The RESULT line in a log entry's text (with or without the timestamp prefix), or null when the
 * text is not one or its JSON does not parse.
 */
export function parseResultLine(text: string): RuleResultLine | null {
  const at = text.indexOf(RESULT_MARKER);
  if (at < 0) return null;
  const before = text.slice(0, at);
  // Only the entry's head counts: "2025-03-03 09:14:09:: RESULT :: {...}" or "RESULT :: {...}".
  if (before.trim() !== '' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,7})? ?::\s*$/.test(before)) return null;
  const json = text.slice(at + RESULT_MARKER.length).split(/\r?\n/, 1)[0]!.trim();
  try {
    const parsed = RuleResultLine.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not JSON: a free-text line that happens to start with "RESULT ::" is not ours.
    return null;
  }
}

/** Whether the run the line ends succeeded in the log viewer's terms. */
export function resultSucceeded(r: RuleResultLine): boolean {
  return r.outcome !== 'failed';
}
