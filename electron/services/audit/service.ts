/**
 * The audit capability: the append-only trail of changes, JSON lines in <data>/audit/audit.jsonl.
 * One `start` record before a change is sent and one `end` record after (its outcome and error),
 * each write fsync'ed, so a crash mid-change leaves a start without an end, never a change without
 * a start. Inputs are stored with secrets removed and free text redacted. One instance, created in
 * the composition root, owns the file; writes are serialised.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import { MASK, isSecretName, redactText } from '../../../shared/secrets';
import type { FieldChange } from '../../../shared/audit/diff';
import { stringify } from 'csv-stringify/sync';
import { CSV_COLUMNS, csvRow, entryOf, rowPasses, type AuditEntry, type AuditFilter } from '../../../shared/audit/filter';
import { pairRecords, targetOf, type AuditRow } from '../../../shared/audit/records';
import { AuditRecord, type AuditExportOutput, type AuditListInput, type AuditListOutput, type AuditReadBack, type AuditReconciledOutput, type AuditTarget } from '../../../shared/audit/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import { currentOwner, type Owner } from './owner';

export type AuditOutcome = NonNullable<AuditRecord['outcome']>;

export function redactInput(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactInput(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? MASK : redactInput(v, depth + 1);
    return out;
  }
  return value;
}

/** The OS account and machine the console runs as (Windows: the identity Kerberos uses too). */
export function currentActor(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    // userInfo() throws when the account has no name or home (a container's numeric uid): the machine still tells where.
    return `unknown@${hostname()}`;
  }
}

/** What a start record carries beside the command: the recipient as the admin knows it, the checklist run first. */
export interface AuditStartExtra {
  target?: AuditTarget;
  /** How the change is read back should its process die before the end record (reconciliation). */
  readBack?: AuditReadBack;
  preflight?: Array<{ id: string; status: 'pass' | 'warn' | 'fail'; title: string; evidence: string }>;
}

/** What an end record carries beside the outcome: the fields the change touched (and the target, when learnt late). */
export interface AuditEndExtra {
  target?: AuditTarget;
  changes?: FieldChange[];
}

export interface AuditDeps {
  /** The JSON-lines file. */
  file: string;
  diagnostics: Diagnostics;
  /** Who is recorded as making the changes (tests); the OS account otherwise. */
  actor?: string;
}

export class AuditService {
  readonly file: string;
  /** Who makes the changes this console records. */
  readonly actor: string;
  private readonly diagnostics: Diagnostics;
  /** This process, recorded on every start record. */
  readonly owner: Owner;
  private tail: Promise<unknown> = Promise.resolve();
  /** The start-up reconciliation, which listings wait for (so they show what it found). */
  private reconciling: Promise<unknown> = Promise.resolve();

  constructor(deps: AuditDeps) {
    this.file = deps.file;
    this.diagnostics = deps.diagnostics;
    this.actor = deps.actor ?? currentActor();
    this.owner = currentOwner();
  }

  /** Listings wait for `run` (the composition root's reconciliation of changes whose process died). */
  waitFor(run: Promise<unknown>): void {
    this.reconciling = run.catch(() => undefined);
  }

  private append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const run = this.tail.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const fh = await open(this.file, 'a', 0o600);
      try {
        await fh.write(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
    // The caller gets this write's failure through `run`; the queue itself goes on with the next write.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Writes the `start` record; a change is sent only once this is on disk. Returns the change's id. */
  async begin(op: string, door: string, input: unknown, command: string | null, extra: AuditStartExtra = {}): Promise<string> {
    const id = randomUUID();
    await this.append({
      id,
      phase: 'start',
      time: new Date().toISOString(),
      op,
      door,
      actor: this.actor,
      command: command === null ? null : redactText(command),
      input: redactInput(input),
      ...(extra.target ? { target: extra.target } : {}),
      ...(extra.preflight ? { preflight: extra.preflight.map((c) => ({ id: c.id, status: c.status, title: c.title, evidence: redactText(c.evidence) })) } : {}),
      owner: this.owner,
      ...(extra.readBack ? { readBack: extra.readBack } : {}),
    });
    return id;
  }

  /** What a change whose process died was found to have done (written once, by whichever process reconciles it). */
  async reconciled(start: AuditRecord, outcome: 'applied' | 'not-applied' | 'unknown', note: string): Promise<void> {
    await this.append({ id: start.id, phase: 'reconciled', time: new Date().toISOString(), op: start.op, door: start.door, actor: this.actor, command: null, outcome, note: redactText(note) });
  }

  /** An admin saw a reconciled change; the desk stops showing it. False when there is no such reconciled change. */
  async acknowledge(id: string, door: string): Promise<boolean> {
    const rows = pairRecords(await this.readAll());
    const row = rows.find((r) => r.id === id);
    if (!row?.reconciled || row.acknowledged) return false;
    await this.append({ id, phase: 'acknowledged', time: new Date().toISOString(), op: row.reconciled.op, door, actor: this.actor, command: null });
    return true;
  }

  /** Every record, oldest first (an absent trail is empty). */
  async readAll(): Promise<AuditRecord[]> {
    const text = await this.readText();
    const out: AuditRecord[] = [];
    let unreadable = 0;
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const r = AuditRecord.safeParse(parseLine(line));
      if (r.success) out.push(r.data);
      else unreadable++;
    }
    if (unreadable > 0) this.diagnostics.warn('Audit trail lines that do not parse were skipped', { file: this.file, lines: unreadable });
    return out;
  }

  private async readText(): Promise<string> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
      this.diagnostics.error('The audit trail could not be read', e, { file: this.file });
      throw new HmcError(
        'FILE_UNREADABLE',
        `The audit trail ${this.file} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); check that the console's account may read it. Details are in the diagnostics log (${this.diagnostics.path}).`,
      );
    }
  }

  async end(id: string, op: string, door: string, outcome: AuditOutcome, error?: { code: string; message: string }, extra: AuditEndExtra = {}): Promise<void> {
    await this.append({
      id,
      phase: 'end',
      time: new Date().toISOString(),
      op,
      door,
      actor: this.actor,
      command: null,
      outcome,
      ...(error ? { error: { code: error.code, message: redactText(error.message) } } : {}),
      ...(extra.target ? { target: extra.target } : {}),
      ...(extra.changes ? { changes: extra.changes.map((c) => ({ field: c.field, before: redactInput(c.before), after: redactInput(c.after) })) } : {}),
    });
  }

  /** The changes the filter finds, newest first (a change's start and end are matched together). */
  private async rows(filter: AuditFilter): Promise<AuditRow[]> {
    const records = (await this.readAll()).reverse();
    return pairRecords(records).filter((row) => rowPasses(row, filter));
  }

  /** Newest first: the records of the changes the filter finds, up to `limit` records. */
  async list(input: z.output<typeof AuditListInput>): Promise<z.output<typeof AuditListOutput>> {
    const { limit, ...filter } = input;
    await this.reconciling;
    const out: AuditRecord[] = [];
    for (const row of await this.rows(filter)) {
      // Newest first within the change as well: its reconciled record or end (when written) before its start.
      for (const r of [row.reconciled ?? null, row.end, row.start]) if (r && out.length < limit) out.push(r);
      if (out.length >= limit) break;
    }
    return { file: this.file, records: out };
  }

  /** The changes the filter finds as flat entries, newest first (`hmc audit list --json`). */
  async entries(filter: AuditFilter): Promise<AuditEntry[]> {
    await this.reconciling;
    return (await this.rows(filter)).map(entryOf);
  }

  /** The changes the filter finds as CSV: a header, one row per change, every cell spreadsheet-safe. */
  async exportCsv(filter: AuditFilter): Promise<z.output<typeof AuditExportOutput>> {
    const entries = await this.entries(filter);
    const csv = stringify([[...CSV_COLUMNS], ...entries.map(csvRow)], { record_delimiter: 'windows' });
    return { csv, changes: entries.length };
  }

  /** The reconciled changes not yet acknowledged, newest first: what the desk's banner shows. */
  async reconciledChanges(): Promise<z.output<typeof AuditReconciledOutput>> {
    await this.reconciling;
    const rows = pairRecords((await this.readAll()).reverse());
    const changes = [];
    for (const row of rows) {
      const r = row.reconciled;
      if (!r || row.acknowledged || row.end || !row.start || !r.outcome || r.outcome === 'ok' || r.outcome === 'error') continue;
      // The person as the admin knows them when the desk recorded their names, else the identity as given.
      const names = row.start.target;
      const who = names?.displayName && names.samAccountName ? `${names.displayName} (${names.samAccountName})` : (names?.samAccountName ?? targetOf(row));
      changes.push({ id: row.id, op: row.start.op, target: who, command: row.start.command, started: row.start.time, outcome: r.outcome, note: r.note ?? '' });
    }
    return { changes };
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // Not JSON (a torn write): the schema check that follows reports it as unreadable.
    return undefined;
  }
}
