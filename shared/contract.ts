/**
 * The contract: every operation and every event stream the console core offers, joined from the
 * capabilities' own slices (`shared/<capability>/contract.ts`). Types are inferred from the zod
 * schemas, so types and runtime checks cannot drift. All three front doors (IPC, HTTP, CLI) go
 * through this table.
 *
 * To add an operation or a capability: see docs/architecture.md.
 */
import type { z } from 'zod';
import type { OperationTable } from './operation';
import { systemEvents, systemOperations } from './system/contract';
import { settingsOperations } from './settings/contract';
import { planOperations } from './plans/contract';
import { exchangeEvents, exchangeOperations } from './exchange/contract';
import { auditOperations } from './audit/contract';
import { connectivityOperations } from './connectivity/contract';
import { logsEvents, logsOperations } from './logs/contract';
import { notifyEvents, notifyOperations } from './notify/contract';
import { ruleOperations } from './rules/contract';
import { storyOperations } from './story/contract';

export { op, type OperationSpec } from './operation';

export const operations = {
  ...systemOperations,
  ...settingsOperations,
  ...planOperations,
  ...exchangeOperations,
  ...auditOperations,
  ...connectivityOperations,
  ...logsOperations,
  ...notifyOperations,
  ...ruleOperations,
  ...storyOperations,
} as const satisfies OperationTable;

export const events = {
  ...systemEvents,
  ...exchangeEvents,
  ...logsEvents,
  ...notifyEvents,
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
