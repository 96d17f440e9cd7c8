/** The audit capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { AuditListInput, AuditListOutput } from './schemas';

export const auditOperations = {
  'audit.list': op({
    input: AuditListInput,
    output: AuditListOutput,
    summary: 'The audit trail of changes, newest first.',
    mutates: false,
  }),
} as const;
