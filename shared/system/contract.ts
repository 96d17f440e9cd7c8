/** The system capability's operations (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import { SystemStatus } from './schemas';

export const systemOperations = {
  'system.status': op({
    input: Empty,
    output: SystemStatus,
    summary: 'App version, Exchange mode, the PowerShell found and the settings file.',
    mutates: false,
  }),
} as const;
