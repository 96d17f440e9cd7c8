/**
 * The closed list of error codes that cross every boundary (IPC, HTTP, CLI),
 * and the Error subclass they are rebuilt into on the calling side.
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'INPUT_TOO_LARGE',
  'XML_MALFORMED',
  'XML_ENTITIES_REFUSED',
  'XML_UNKNOWN_ROOT',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'RECIPIENT_NOT_FOUND',
  'WRONG_RECIPIENT_TYPE',
  'RECIPIENT_AMBIGUOUS',
  /** The recipient no longer matches the state the change was checked against (someone else changed it). */
  'STATE_CHANGED',
  'SESSION_AUTH_FAILED',
  'SESSION_UNREACHABLE',
  'SESSION_LOST',
  'SESSION_NOT_CONNECTED',
  'EXCHANGE_ERROR',
  'TIMEOUT',
  'OUTCOME_UNKNOWN',
  'POWERSHELL_MISSING',
  'POWERSHELL_FAILED',
  'SECRET_STORE_UNAVAILABLE',
  'SETTINGS_INVALID',
  /** The machine-wide policy pins a setting or turns an action off. */
  'POLICY_DISALLOWED',
  'UNKNOWN_OPERATION',
  'UNAUTHORIZED',
  'CANCELLED',
  'PATH_NOT_ALLOWED',
  'INTERNAL',
  /** The renderer's own: the web host that served the page does not answer (stopped, or the network dropped). */
  'CONSOLE_UNREACHABLE',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorInfo = z.object({
  code: ErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

/** An error with a code from the closed list. Messages say what went wrong and what to do next. */
export class HmcError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'HmcError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromInfo(info: ErrorInfo): HmcError {
    return new HmcError(info.code, info.message, info.details);
  }
}

export function isHmcError(e: unknown): e is HmcError {
  return e instanceof HmcError;
}

/** Exit-code class used by the CLI: 2 for bad usage or bad input, 1 for an operation that failed. */
export const INPUT_ERROR_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'INPUT_TOO_LARGE',
  'XML_MALFORMED',
  'XML_ENTITIES_REFUSED',
  'XML_UNKNOWN_ROOT',
  'FILE_NOT_FOUND',
  'FILE_UNREADABLE',
  'UNKNOWN_OPERATION',
  'PATH_NOT_ALLOWED',
]);
