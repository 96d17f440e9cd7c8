/**
 * Finding changes in the audit trail (pure): by user (any name the admin knows them by), actor,
 * operation, outcome class and time range, over paired rows; and one flat entry per change, the
 * shape `hmc audit list --json` prints and the CSV export writes.
 */
import type { AuditRow } from './records';
import type { AuditRecord, AuditTarget } from './schemas';

/** ok = done as asked; failed = refused or errored; unfinished = a start without an end, or an outcome nobody could settle. */
export type OutcomeClass = 'ok' | 'failed' | 'unfinished';

export interface AuditFilter {
  /** sAMAccountName, UPN, GUID or the identity given (whole, any case), or a display-name fragment. */
  user?: string;
  /** A fragment of the actor (account@machine). */
  actor?: string;
  /** The operation, exactly (mailbox.setHidden). */
  op?: string;
  outcome?: OutcomeClass;
  /** ISO times: the change started at or after `since`, at or before `until`. */
  since?: string;
  until?: string;
}

export function outcomeClass(row: AuditRow): OutcomeClass {
  // A change without an end record is unfinished, also once it was reconciled after its process
  // died: the read-back state is in `reconciled`, and the admin decides what to do with it.
  const o = row.end?.outcome;
  if (!row.end || o === undefined || o === 'unknown') return 'unfinished';
  return o === 'ok' || o === 'applied' ? 'ok' : 'failed';
}

/** The recipient of a change: the names recorded with it (start, else end). */
export function targetNames(row: AuditRow): AuditTarget | null {
  return row.start?.target ?? row.end?.target ?? null;
}

function givenIdentity(row: AuditRow): string | null {
  const input = row.start?.input;
  if (input && typeof input === 'object') {
    const i = input as Record<string, unknown>;
    for (const k of ['identity', 'samAccountName']) if (typeof i[k] === 'string') return i[k] as string;
  }
  return null;
}

function userMatches(row: AuditRow, user: string): boolean {
  const u = user.trim().toLowerCase();
  if (!u) return true;
  const t = targetNames(row);
  const whole = [t?.samAccountName, t?.userPrincipalName, t?.guid, givenIdentity(row)].filter((v): v is string => Boolean(v)).map((v) => v.toLowerCase());
  if (whole.includes(u)) return true;
  return Boolean(t?.displayName && t.displayName.toLowerCase().includes(u));
}

function startedAt(row: AuditRow): number {
  return Date.parse((row.start ?? row.end ?? row.reconciled)!.time);
}

export function rowPasses(row: AuditRow, f: AuditFilter): boolean {
  if (f.user && !userMatches(row, f.user)) return false;
  const first = row.start ?? row.end ?? row.reconciled;
  if (!first) return false;
  if (f.actor && !(first.actor ?? '').toLowerCase().includes(f.actor.trim().toLowerCase())) return false;
  if (f.op && first.op !== f.op) return false;
  if (f.outcome && outcomeClass(row) !== f.outcome) return false;
  if (f.since && startedAt(row) < Date.parse(f.since)) return false;
  if (f.until && startedAt(row) > Date.parse(f.until)) return false;
  return true;
}

/** One change as a flat object: what scripts and spreadsheets read. Times are ISO. */
export interface AuditEntry {
  id: string;
  started: string | null;
  ended: string | null;
  op: string;
  outcome: OutcomeClass;
  /** The end record's own outcome (ok, error, applied, not-applied, unknown), null without one. */
  result: string | null;
  displayName: string | null;
  samAccountName: string | null;
  userPrincipalName: string | null;
  guid: string | null;
  /** The identity as the admin typed it. */
  identity: string | null;
  actor: string | null;
  door: string;
  command: string | null;
  warnings: string[];
  changes: Array<{ field: string; before: unknown; after: unknown }>;
  error: { code: string; message: string } | null;
  /** For a change whose process died before its end: what was read back afterwards, and what to do. */
  reconciled: { time: string; outcome: string | null; note: string } | null;
}

export function entryOf(row: AuditRow): AuditEntry {
  const first = (row.start ?? row.end ?? row.reconciled) as AuditRecord;
  const t = targetNames(row);
  return {
    id: row.id,
    started: row.start?.time ?? null,
    ended: row.end?.time ?? null,
    op: first.op,
    outcome: outcomeClass(row),
    result: row.end?.outcome ?? null,
    displayName: t?.displayName ?? null,
    samAccountName: t?.samAccountName ?? null,
    userPrincipalName: t?.userPrincipalName ?? null,
    guid: t?.guid ?? null,
    identity: givenIdentity(row),
    actor: first.actor ?? null,
    door: first.door,
    command: row.start?.command ?? null,
    warnings: (row.start?.preflight ?? []).filter((c) => c.status !== 'pass').map((c) => `${c.title}: ${c.evidence}`),
    changes: row.end?.changes ?? [],
    error: row.end?.error ?? null,
    reconciled: row.reconciled ? { time: row.reconciled.time, outcome: row.reconciled.outcome ?? null, note: row.reconciled.note ?? '' } : null,
  };
}

/**
 * A spreadsheet reads a cell starting with = + - @ (or a tab or CR before them) as a formula: such a
 * cell gets a leading apostrophe, so a crafted display name stays text.
 */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export const CSV_COLUMNS = [
  'started',
  'ended',
  'operation',
  'outcome',
  'displayName',
  'samAccountName',
  'userPrincipalName',
  'guid',
  'actor',
  'door',
  'command',
  'changes',
  'warnings',
  'errorCode',
  'errorMessage',
] as const;

/** The CSV row of an entry, every cell made spreadsheet-safe. */
export function csvRow(e: AuditEntry): string[] {
  const cells = [
    e.started ?? '',
    e.ended ?? '',
    e.op,
    e.outcome,
    e.displayName ?? '',
    e.samAccountName ?? e.identity ?? '',
    e.userPrincipalName ?? '',
    e.guid ?? '',
    e.actor ?? '',
    e.door,
    e.command ?? '',
    e.changes.map((c) => `${c.field}: ${valueText(c.before)} -> ${valueText(c.after)}`).join('; '),
    e.warnings.join('; '),
    e.error?.code ?? '',
    e.error?.message ?? '',
  ];
  return cells.map(spreadsheetSafe);
}
