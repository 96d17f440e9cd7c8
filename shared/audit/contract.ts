/** The audit capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { z } from 'zod';
import { AuditAcknowledgeInput, AuditAcknowledgeOutput, AuditExportInput, AuditExportOutput, AuditListInput, AuditListOutput, AuditReconciledOutput } from './schemas';

export const auditOperations = {
  'audit.list': op({
    input: AuditListInput,
    output: AuditListOutput,
    summary: 'The audit trail of changes, newest first: by user (any of their names), actor, operation, outcome and time range.',
    mutates: false,
  }),
  'audit.export': op({
    input: AuditExportInput,
    output: AuditExportOutput,
    summary: 'The changes a filter finds, as CSV (one row per change, ISO times, formula-like cells escaped).',
    mutates: false,
  }),
  'audit.reconciled': op({
    input: z.object({}).strict(),
    output: AuditReconciledOutput,
    summary: 'Changes whose process died before they ended, as read back afterwards, until acknowledged.',
    mutates: false,
  }),
  'audit.acknowledge': op({
    input: AuditAcknowledgeInput,
    output: AuditAcknowledgeOutput,
    summary: 'Marks a reconciled change as seen: the desk stops showing it.',
    mutates: true,
  }),
} as const;
