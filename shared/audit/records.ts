/** Reading the audit trail (pure): a change's start and end records paired, its target and duration. */
import type { AuditRecord } from './schemas';

/**
 * One change: its start record and its end record (null while running, or when the end was never
 * written), and, for a change whose process died, its reconciled record and whether it was acknowledged.
 */
export interface AuditRow {
  id: string;
  start: AuditRecord | null;
  end: AuditRecord | null;
  reconciled?: AuditRecord | null;
  acknowledged?: boolean;
}

/** Pairs start and end records by id, keeping the newest-first order of the records given. */
export function pairRecords(records: AuditRecord[]): AuditRow[] {
  const rows = new Map<string, AuditRow>();
  for (const r of records) {
    const row = rows.get(r.id) ?? { id: r.id, start: null, end: null };
    if (r.phase === 'start') row.start = r;
    else if (r.phase === 'end') row.end = r;
    else if (r.phase === 'reconciled') row.reconciled = r;
    else row.acknowledged = true;
    rows.set(r.id, row);
  }
  return [...rows.values()];
}

/** Whether a row's outcome is the one asked for; `unfinished`: a change without an end record. */
export function rowHasOutcome(row: AuditRow, outcome: string): boolean {
  if (outcome === 'unfinished') return row.start !== null && row.end === null;
  return row.end?.outcome === outcome;
}

/** The recipient a change was about, as the admin gave it (the command may name its GUID). */
export function targetOf(row: AuditRow): string {
  const input = row.start?.input;
  if (input && typeof input === 'object') {
    const i = input as Record<string, unknown>;
    for (const k of ['identity', 'sam', 'samAccountName']) if (typeof i[k] === 'string') return i[k] as string;
  }
  return '';
}

/** How long the change took ("2.4 s"), or '' while it has no end. */
export function durationText(row: AuditRow): string {
  if (!row.start || !row.end) return '';
  const ms = Date.parse(row.end.time) - Date.parse(row.start.time);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '';
}

/** Whether a row matches the filter text (operation, command, input, error; any case). */
export function rowMatches(row: AuditRow, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  return !needle || JSON.stringify([row.start?.op, row.start?.command, row.start?.input, row.end?.error]).toLowerCase().includes(needle);
}
