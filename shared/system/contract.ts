/** The system capability's operations and events (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import { SystemStatus, SystemOpenLogEvent } from './schemas';

export const systemOperations = {
  'system.status': op({
    input: Empty,
    output: SystemStatus,
    summary: 'App version, Exchange mode, the PowerShell found and the settings file.',
    mutates: false,
  }),
} as const;

export const systemEvents = {
  /** Emitted by the desktop shell only: a .log file the user opened with the app. */
  'system.openLog': SystemOpenLogEvent,
} as const;
