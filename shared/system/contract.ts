/** The system capability's operations and events (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import { DiagnosticsReport, SystemOpenLogEvent, SystemStatus } from './schemas';

export const systemOperations = {
  'system.status': op({
    input: Empty,
    output: SystemStatus,
    summary: 'App version, Exchange mode, the PowerShell found and the settings file.',
    mutates: false,
  }),
  'system.diagnostics': op({
    input: Empty,
    output: DiagnosticsReport,
    summary: 'A redacted diagnostics report: versions, status, settings without secrets, the last 200 diagnostics lines, the last connectivity run.',
    mutates: false,
  }),
} as const;

export const systemEvents = {
  /** Emitted by the desktop shell only: a .log file the user opened with the app. */
  'system.openLog': SystemOpenLogEvent,
} as const;
