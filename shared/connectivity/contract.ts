/** The connectivity capability's operations (joined into shared/contract.ts). */
import { op } from '../operation';
import * as C from './schemas';

export const connectivityOperations = {
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
} as const;
