/** The audit capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { z } from 'zod';
import { AuditAcknowledgeInput, AuditAcknowledgeOutput, AuditListInput, AuditListOutput, AuditReconciledOutput } from './schemas';

export const auditOperations = {
  'audit.list': op({
    input: AuditListInput,
    output: AuditListOutput,
    summary: 'The audit trail of changes, newest first.',
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
