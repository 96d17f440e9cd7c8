/** What the Logs page shows, typed from the contract's outputs. */
import type { OperationOutput } from '../../shared/contract';
import type { LogEntry } from '../../shared/logs/schemas';

export type Opened = OperationOutput<'logs.open'>;
export type Sources = OperationOutput<'logs.sources'>['sources'];
export type Bucket = OperationOutput<'logs.histogram'>['buckets'][number];
export type FailureUser = OperationOutput<'logs.failures'>['users'][number];

/** Entries found outside the opened file: a merged search, or one user's failures. */
export interface Results {
  title: string;
  entries: LogEntry[];
  merged?: boolean;
}
