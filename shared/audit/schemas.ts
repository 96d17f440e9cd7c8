import { z } from 'zod';

/** The recipient as the admin knows it, beside its GUID. */
export const AuditTarget = z.object({
  displayName: z.string().nullable(),
  samAccountName: z.string().nullable(),
  userPrincipalName: z.string().nullable(),
  guid: z.string().nullable(),
});
export type AuditTarget = z.infer<typeof AuditTarget>;

/** One checklist item the change ran first (see mailbox.preflight). */
export const AuditCheck = z.object({ id: z.string(), status: z.enum(['pass', 'warn', 'fail']), title: z.string(), evidence: z.string() });

/** A field the change touched, its value before and after. */
export const AuditFieldChange = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });

/** The process that owns a change: its id and start time (null where the platform cannot tell), so a reused id is another process. */
export const AuditOwner = z.object({ pid: z.number().int(), started: z.string().nullable() });

/** How a change that never got its end record is read back: the recipient and what the change was to do to it. */
export const AuditReadBack = z.object({
  identity: z.string(),
  change: z.object({ kind: z.enum(['enable', 'hide', 'routing', 'disable', 'addUser']), hidden: z.boolean().optional(), routingAddress: z.string().optional() }),
});
export type AuditReadBack = z.infer<typeof AuditReadBack>;

/**
 * One line of the audit trail: a `start` before a change is sent, an `end` after it. A start whose
 * owning process died before its end gets a `reconciled` record (the state read back), shown until
 * an admin writes its `acknowledged` record.
 */
export const AuditRecord = z.object({
  id: z.string(),
  phase: z.enum(['start', 'end', 'reconciled', 'acknowledged']),
  time: z.string(),
  op: z.string(),
  door: z.string(),
  /** Who made the change: the OS account the console runs as, and the machine. */
  actor: z.string().optional(),
  /** The command as it would be typed (values quoted for display; never executed). */
  command: z.string().nullable(),
  input: z.unknown().optional(),
  outcome: z.enum(['ok', 'error', 'unknown', 'applied', 'not-applied']).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** The recipient (start, and end when it was learnt only then): names beside the GUID. */
  target: AuditTarget.optional(),
  /** The checklist the change ran first (start). */
  preflight: z.array(AuditCheck).optional(),
  /** The fields the change touched (end). */
  changes: z.array(AuditFieldChange).optional(),
  owner: AuditOwner.optional(),
  readBack: AuditReadBack.optional(),
  /** A reconciled record's sentence: what was found and what to do. */
  note: z.string().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** An ISO 8601 time with its zone (2026-12-04T09:00:00Z, 2026-12-04T10:00:00+01:00) or a date (2026-12-04, read as UTC). */
const IsoTime = z
  .string()
  .max(40)
  .refine((v) => /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2}))?$/.test(v) && Number.isFinite(Date.parse(v)), {
    message: 'is not an ISO time with a zone, such as 2026-12-04T09:00:00Z or 2026-12-04',
  });

/** Which changes to find: every filter optional, all of them must hold. */
export const AuditFilterInput = z.object({
  /** sAMAccountName, UPN, GUID (whole) or a display-name fragment. */
  user: z.string().max(256).optional(),
  actor: z.string().max(256).optional(),
  op: z.string().max(100).optional(),
  /** ok = done as asked, failed = refused or errored, unfinished = a start without an end (or an outcome nobody settled). */
  outcome: z.enum(['ok', 'failed', 'unfinished']).optional(),
  since: IsoTime.optional(),
  until: IsoTime.optional(),
});

export const AuditListInput = AuditFilterInput.extend({ limit: z.number().int().min(1).max(10_000).default(100) }).strict();
export const AuditListOutput = z.object({ file: z.string(), records: z.array(AuditRecord) });

export const AuditExportInput = AuditFilterInput.strict();
export const AuditExportOutput = z.object({
  /** The CSV text (ISO times; cells that a spreadsheet would read as a formula escaped). */
  csv: z.string(),
  /** How many changes it holds. */
  changes: z.number().int(),
});

/** A change reconciled after its process died, not yet acknowledged: what the desk's banner shows. */
export const AuditReconciled = z.object({
  id: z.string(),
  op: z.string(),
  target: z.string(),
  command: z.string().nullable(),
  started: z.string(),
  outcome: z.enum(['applied', 'not-applied', 'unknown']),
  note: z.string(),
});
export const AuditReconciledOutput = z.object({ changes: z.array(AuditReconciled) });
export const AuditAcknowledgeInput = z.object({ id: z.string().min(1).max(100) }).strict();
export const AuditAcknowledgeOutput = z.object({ acknowledged: z.boolean() });
