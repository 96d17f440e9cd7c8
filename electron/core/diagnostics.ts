/**
 * The app's own diagnostics log: one file in the data folder (`diagnostics/hmc.log`), written
 * asynchronously, capped in size and rotated (the previous file is kept as `hmc.old.log`), with
 * secrets redacted before anything is written.
 *
 * Built on electron-log's file transport (`electron-log/node`): it is made for exactly this (an
 * Electron main process) and runs unchanged in plain Node (the CLI and the web host), has size
 * rotation built in, batches its writes asynchronously and lets a hook rewrite each message before
 * it reaches a transport, which is where redaction happens. Services never import electron; this
 * entry of electron-log does not either.
 */
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { LogFunctions, NodeLogger } from 'electron-log';
import electronLog from 'electron-log/node';
import { redactKnown } from '../../shared/secrets';

export type DiagnosticFields = Record<string, unknown>;

export interface Diagnostics {
  /** The log file, for messages that point at it ("details are in ..."). */
  readonly path: string;
  info(message: string, fields?: DiagnosticFields): void;
  warn(message: string, fields?: DiagnosticFields): void;
  /** `error` may be anything thrown; its message and stack are redacted like the rest. */
  error(message: string, error?: unknown, fields?: DiagnosticFields): void;
  /** Waits until everything logged so far is on disk (shutdown, tests). */
  flush(): Promise<void>;
}

export interface DiagnosticsOptions {
  /** Rotate when the file passes this size (bytes). */
  maxBytes?: number;
  /** Secret values the console knows (passwords typed this session): never written, whatever their shape. */
  knownSecrets?: () => Iterable<string>;
}

export const DIAGNOSTICS_MAX_BYTES = 5 * 1024 * 1024;

export function diagnosticsPath(dataDir: string): string {
  return join(dataDir, 'diagnostics', 'hmc.log');
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
}

function render(message: string, fields: DiagnosticFields | undefined): string {
  if (!fields || Object.keys(fields).length === 0) return message;
  let json: string;
  try {
    json = JSON.stringify(fields);
  } catch {
    json = '{"fields":"not serialisable"}';
  }
  return `${message} ${json}`;
}

export function createDiagnostics(dataDir: string, opts: DiagnosticsOptions = {}): Diagnostics {
  const path = diagnosticsPath(dataDir);
  const logger: NodeLogger = electronLog.create({ logId: `hmc-${randomUUID()}` });
  logger.transports.console.level = false;
  const file = logger.transports.file;
  file.resolvePathFn = () => path;
  file.maxSize = opts.maxBytes ?? DIAGNOSTICS_MAX_BYTES;
  file.sync = false;
  file.level = 'info';
  file.format = '{iso} [{level}]{scope} {text}';
  logger.variables.iso = '';
  logger.hooks.push((message) => {
    const known = [...(opts.knownSecrets?.() ?? [])];
    message.data = message.data.map((d) => (typeof d === 'string' ? redactKnown(d, known) : d));
    (message.variables as Record<string, unknown>).iso = message.date.toISOString();
    return message;
  });
  const write = (fn: LogFunctions['info'], text: string) => {
    try {
      fn(text);
    } catch {
      // The diagnostics log is the last resort: failing to write it must not fail the operation.
    }
  };
  return {
    path,
    info: (message, fields) => write(logger.info, render(message, fields)),
    warn: (message, fields) => write(logger.warn, render(message, fields)),
    error: (message, error, fields) =>
      write(logger.error, render(error === undefined ? message : `${message}: ${describe(error)}`, fields)),
    async flush() {
      const f = file.getFile() as unknown as { hasActiveAsyncWriting: boolean; asyncWriteQueue: unknown[] };
      while (f.hasActiveAsyncWriting || f.asyncWriteQueue.length > 0) {
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  };
}

/** For code that runs without a data folder (pure unit tests): writes nothing. */
export const NO_DIAGNOSTICS: Diagnostics = {
  path: '(none)',
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  flush: async () => undefined,
};
