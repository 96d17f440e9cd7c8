/**
 * Reconciling the audit trail at start-up. A `start` record without an `end` whose owning process
 * is gone (killed, crashed, the machine restarted) is a change whose outcome nobody recorded: the
 * recipient is read back (through the function the composition root gives, the Exchange service's)
 * and a `reconciled` record says what it shows: applied, not applied or unknown. A change whose
 * owner still runs is left alone. Every front door does this when it starts; a lock beside the
 * trail makes sure one process reconciles a change once, the others skip while it does.
 */
import lockfile from 'proper-lockfile';
import type { AuditReadBack, AuditRecord } from '../../../shared/audit/schemas';
import { pairRecords } from '../../../shared/audit/records';
import type { Diagnostics } from '../../core/diagnostics';
import { ownerGone, type Owner } from './owner';
import type { AuditService } from './service';

export interface ReadBackFinding {
  outcome: 'applied' | 'not-applied' | 'unknown';
  note: string;
}

export interface ReconcileDeps {
  audit: AuditService;
  /** Reads the recipient back and says what the change left (never throws). */
  readBack: (readBack: AuditReadBack) => Promise<ReadBackFinding>;
  diagnostics: Diagnostics;
  /** For tests: whether a change's owner is gone. */
  isGone?: (owner: Owner) => boolean;
}

function orphans(records: AuditRecord[], isGone: (owner: Owner) => boolean): AuditRecord[] {
  return pairRecords(records)
    .filter((row) => row.start && !row.end && !row.reconciled && row.start.owner && isGone(row.start.owner))
    .map((row) => row.start!);
}

const NOT_READABLE = 'The process making this change ended before it finished, and this kind of change cannot be read back: check it by hand.';

/** Reconciles every change whose process died; returns how many it reconciled. */
export async function reconcileAudit(deps: ReconcileDeps): Promise<number> {
  const isGone = deps.isGone ?? ((o: Owner) => ownerGone(o));
  if (orphans(await deps.audit.readAll(), isGone).length === 0) return 0;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(deps.audit.file, { realpath: false, stale: 120_000, lockfilePath: `${deps.audit.file}.reconcile.lock` });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') return 0; // another process is reconciling them now
    throw e;
  }
  let done = 0;
  try {
    // Read again under the lock: another process may have reconciled them meanwhile.
    for (const start of orphans(await deps.audit.readAll(), isGone)) {
      const found = start.readBack ? await deps.readBack(start.readBack) : { outcome: 'unknown' as const, note: NOT_READABLE };
      await deps.audit.reconciled(start, found.outcome, found.note);
      deps.diagnostics.warn('A change whose process ended before it finished was reconciled', { id: start.id, op: start.op, pid: start.owner?.pid, outcome: found.outcome });
      done++;
    }
  } finally {
    await release().catch((e: unknown) => deps.diagnostics.warn(`Releasing the audit reconciliation lock failed: ${(e as Error).message}`));
  }
  return done;
}
