import { z } from 'zod';

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
});
export type AuditRecord = z.infer<typeof AuditRecord>;

export const AuditListInput = z
  .object({ limit: z.number().int().min(1).max(10_000).default(100), op: z.string().max(100).optional() })
  .strict();
export const AuditListOutput = z.object({ file: z.string(), records: z.array(AuditRecord) });
