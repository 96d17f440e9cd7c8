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

/** One line of the audit trail: a `start` before a change is sent, an `end` after it. */
export const AuditRecord = z.object({
  id: z.string(),
  phase: z.enum(['start', 'end']),
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
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditListInput = z
  .object({ limit: z.number().int().min(1).max(10_000).default(100), op: z.string().max(100).optional() })
  .strict();
export const AuditListOutput = z.object({ file: z.string(), records: z.array(AuditRecord) });
