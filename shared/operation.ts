/**
 * The building block of the contract: one operation's input and output schemas, its summary and
 * whether it changes anything. Each capability lists its operations in `shared/<capability>/contract.ts`
 * with `op(...)`; `shared/contract.ts` joins them into the one table every door uses.
 */
import { z } from 'zod';

export interface OperationSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** One line for `hmc --help` and docs. */
  summary: string;
  /** Changes something outside the console: confirm on a terminal, audit. */
  mutates: boolean;
}

export function op<I extends z.ZodType, O extends z.ZodType>(spec: OperationSpec<I, O>): OperationSpec<I, O> {
  return spec;
}

/** The input of an operation that takes nothing. */
export const Empty = z.object({}).strict();

/** A capability's slice of the contract: its operations by name. */
export type OperationTable = Record<string, OperationSpec>;
