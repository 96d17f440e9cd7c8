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
} as const;

export const events = {
  'session.status': SessionState,
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
