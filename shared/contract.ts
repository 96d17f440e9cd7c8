/**
 * The contract: every operation and every event stream the console core offers, with zod
 * schemas for input and output. Types are inferred from the schemas, so types and runtime
 * checks cannot drift. All three front doors (IPC, HTTP, CLI) go through this table.
 *
 * To add an operation: see docs/architecture.md, "Adding an operation".
 */
import { z } from 'zod';
import { Settings } from './settings';
import { SessionState, SystemStatus } from './schemas/system';
import { PlanInspectInput, PlanInspection } from './schemas/plans';
import * as L from './schemas/logs';
import * as C from './schemas/connectivity';
import * as X from './schemas/exchange';
import { AuditListInput, AuditListOutput } from './schemas/audit';

interface OperationSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I;
  output: O;
  /** One line for `hmc --help` and docs. */
  summary: string;
  /** Changes something outside the console: confirm on a terminal, audit. */
  mutates: boolean;
}

function op<I extends z.ZodType, O extends z.ZodType>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}

const Empty = z.object({}).strict();

export const operations = {
  'system.status': op({
    input: Empty,
    output: SystemStatus,
    summary: 'App version, Exchange mode, the PowerShell found and the settings file.',
    mutates: false,
  }),
  'settings.get': op({
    input: Empty,
    output: Settings,
    summary: 'The current settings.',
    mutates: false,
  }),
  'settings.update': op({
    input: Settings,
    output: Settings,
    summary: 'Validate and save the settings.',
    mutates: false,
  }),
  // Plan inspector (issue 3). Documents cross as text, or as base64 bytes when their encoding
  // matters (UTF-16LE files from Windows PowerShell): see PlanDocumentInput in schemas/plans.ts.
  'plan.inspect': op({
    input: PlanInspectInput,
    output: PlanInspection,
    summary: 'Decode IdentityIQ/IQService XML (plan, request, result, application, rule), mask secrets and explain what the mailbox rules would do.',
    mutates: false,
  }),
  'mailbox.get': op({
    input: X.GetInput,
    output: X.Recipient,
    summary: 'The state of one identity: plain AD user, remote mailbox or another recipient type.',
    mutates: false,
  }),
  'mailbox.enableRemote': op({
    input: X.EnableRemoteInput,
    output: X.ChangeResult,
    summary: 'Enable-RemoteMailbox: mail-enable a user for a cloud mailbox (what-if available).',
    mutates: true,
  }),
  'mailbox.setHidden': op({
    input: X.SetHiddenInput,
    output: X.ChangeResult,
    summary: 'Hide or unhide a remote mailbox from address lists.',
    mutates: true,
  }),
  'mailbox.setRoutingAddress': op({
    input: X.SetRoutingInput,
    output: X.ChangeResult,
    summary: 'Repair the RemoteRoutingAddress of a remote mailbox.',
    mutates: true,
  }),
  'mailbox.disableRemote': op({
    input: X.DisableRemoteInput,
    output: X.ChangeResult,
    summary: 'Disable-RemoteMailbox: offboard (the AD user stays).',
    mutates: true,
  }),
  'recipient.search': op({
    input: X.SearchInput,
    output: X.SearchOutput,
    summary: 'Find recipients by name fragment (ANR) or exact e-mail address.',
    mutates: false,
  }),
  'session.connect': op({
    input: X.ConnectInput,
    output: X.ConnectOutput,
    summary: 'Open the Exchange session for the configured mode (remote, snapin or sandbox).',
    mutates: false,
  }),
  'session.disconnect': op({
    input: Empty,
    output: SessionState,
    summary: 'Close the Exchange session (Remove-PSSession in remote mode).',
    mutates: false,
  }),
  'session.status': op({
    input: Empty,
    output: SessionState,
    summary: 'The state of the Exchange session.',
    mutates: false,
  }),
  'sandbox.reset': op({
    input: Empty,
    output: X.SandboxResetOutput,
    summary: 'Reset the sandbox Exchange directory to its seed users.',
    mutates: true,
  }),
  'sandbox.addUser': op({
    input: X.SandboxAddUserInput,
    output: X.Recipient,
    summary: 'Add a user to the sandbox Exchange directory (demos and tests).',
    mutates: true,
  }),
  'audit.list': op({
    input: AuditListInput,
    output: AuditListOutput,
    summary: 'The audit trail of changes, newest first.',
    mutates: false,
  }),
  'connectivity.check': op({
    input: C.CheckInput,
    output: C.CheckRun,
    summary: 'Check every layer (DNS, TCP, TLS, /PowerShell/, session, SMTP, IQService, ping) of each host, in parallel.',
    mutates: false,
  }),
  'connectivity.history': op({
    input: C.HistoryInput,
    output: C.HistoryOutput,
    summary: 'The last runs of connectivity checks, newest first.',
    mutates: false,
  }),
  'connectivity.export': op({
    input: C.ExportInput,
    output: C.ExportOutput,
    summary: 'A run of connectivity checks as a JSON or HTML report.',
    mutates: false,
  }),
  'logs.sources': op({
    input: Empty,
    output: L.LogsSourcesOutput,
    summary: 'The configured log sources with their files, newest first.',
    mutates: false,
  }),
  'logs.open': op({
    input: L.LogsOpenInput,
    output: L.LogsOpenOutput,
    summary: 'Open a log file (or a source\'s file for a day): its last entries at once, the index in the background.',
    mutates: false,
  }),
  'logs.read': op({
    input: L.LogsReadInput,
    output: L.LogsReadOutput,
    summary: 'A range of entries of an opened log by index, optionally filtered.',
    mutates: false,
  }),
  'logs.histogram': op({
    input: L.LogsHistogramInput,
    output: L.LogsHistogramOutput,
    summary: 'Errors and warnings over time in an opened log.',
    mutates: false,
  }),
  'logs.find': op({
    input: L.LogsFindInput,
    output: L.LogsFindOutput,
    summary: 'The next or previous entry of a level (error by default) in an opened log.',
    mutates: false,
  }),
  'logs.close': op({
    input: z.object({ id: z.string() }).strict(),
    output: z.object({ closed: z.boolean() }),
    summary: 'Close an opened log and drop its index.',
    mutates: false,
  }),
  'logs.follow': op({
    input: L.LogsFollowInput,
    output: L.LogsFollowOutput,
    summary: 'Follow a log file or source live: new entries arrive as logs.entries events.',
    mutates: false,
  }),
  'logs.unfollow': op({
    input: L.LogsFollowControlInput,
    output: z.object({ followId: z.string(), state: z.enum(['following', 'paused', 'stopped']) }),
    summary: 'Pause, resume or stop following a log.',
    mutates: false,
  }),
  'logs.search': op({
    input: L.LogsSearchInput,
    output: L.LogsSearchOutput,
    summary: 'Search a source\'s files or a path glob, newest first, returning whole entries.',
    mutates: false,
  }),
  'logs.parse': op({
    input: L.LogsParseInput,
    output: L.LogsParseOutput,
    summary: 'Parse one log file into entries in file order.',
    mutates: false,
  }),
  'logs.failures': op({
    input: L.LogsFailuresInput,
    output: L.LogsFailuresOutput,
    summary: 'Users with failures on a day (today by default), or all failures for one user.',
    mutates: false,
  }),
  'logs.incomingPlans': op({
    input: L.LogsIncomingPlansInput,
    output: L.LogsIncomingPlansOutput,
    summary: 'The request/result XML pairs the rules logged (today, or the last N days), decoded and explained, with what the log shows happened.',
    mutates: false,
  }),
} as const;

export const events = {
  'session.status': SessionState,
  'logs.entries': L.LogsEntriesEvent,
  'logs.alerts': L.LogsAlertsEvent,
} as const;

export type Operations = typeof operations;
export type OperationName = keyof Operations;
export type OperationInput<N extends OperationName> = z.input<Operations[N]['input']>;
export type OperationOutput<N extends OperationName> = z.output<Operations[N]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]>;

export const OPERATION_NAMES = Object.keys(operations) as OperationName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isOperationName(name: unknown): name is OperationName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(operations, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
