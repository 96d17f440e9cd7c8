/** The plans capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import { PlanInspectInput, PlanInspection } from './schemas';

export const planOperations = {
  // Documents cross as text, or as base64 bytes when their encoding
  // matters (UTF-16LE files from Windows PowerShell): see PlanDocumentInput in ./schemas.ts.
  'plan.inspect': op({
    input: PlanInspectInput,
    output: PlanInspection,
    summary: 'Decode IdentityIQ/IQService XML (plan, request, result, application, rule), mask secrets and explain what the mailbox rules would do.',
    mutates: false,
  }),
} as const;
