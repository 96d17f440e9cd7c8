import { z } from 'zod';

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
  owner: AuditOwner.optional(),
  readBack: AuditReadBack.optional(),
  /** A reconciled record's sentence: what was found and what to do. */
  note: z.string().optional(),
});
export type AuditRecord = z.infer<typeof AuditRecord>;

/** `unfinished`: changes without an end record (still running elsewhere, or reconciled after their process died). */
export const AuditOutcomeFilter = z.enum(['ok', 'error', 'unknown', 'applied', 'not-applied', 'unfinished']);

export const AuditListInput = z
  .object({ limit: z.number().int().min(1).max(10_000).default(100), op: z.string().max(100).optional(), outcome: AuditOutcomeFilter.optional() })
  .strict();
export const AuditListOutput = z.object({ file: z.string(), records: z.array(AuditRecord) });

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
