/** The audit capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { AuditExportInput, AuditExportOutput, AuditListInput, AuditListOutput } from './schemas';

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
} as const;
