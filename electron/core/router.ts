/**
 * The one router: maps each operation in the contract to its handler, validates input and
 * output, and turns every outcome into an envelope. IPC, the web host and the CLI all call it.
 */
import type { z } from 'zod';
import {
  operations,
  isOperationName,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '../../shared/contract';
import { HmcError } from '../../shared/errors';
import { fail, ok, type Envelope } from '../../shared/result';
import { redactText } from '../../shared/redact';

export interface CallContext {
  /** Which door the call came through, for the audit trail. */
  door: 'ipc' | 'http' | 'cli' | 'test';
  /** Set when the caller may cancel (e.g. the HTTP client went away). */
  signal?: AbortSignal;
}

export type Handler<N extends OperationName> = (
  input: z.output<(typeof operations)[N]['input']>,
  ctx: CallContext,
) => Promise<OperationOutput<N>> | OperationOutput<N>;

export type Handlers = { [N in OperationName]: Handler<N> };

export interface Router {
  /** Untrusted entry: name and input come from outside and are validated here. */
  call(name: unknown, input: unknown, ctx: CallContext): Promise<Envelope<unknown>>;
  /** Typed entry for in-process callers; throws HmcError on failure. */
  invoke<N extends OperationName>(name: N, input: OperationInput<N>, ctx: CallContext): Promise<OperationOutput<N>>;
}

function issuesToMessage(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The input is not valid.';
  const where = first.path.length ? first.path.join('.') : 'input';
  return `Invalid ${where}: ${first.message}.`;
}

export function toErrorEnvelope(e: unknown): Envelope<never> {
  if (e instanceof HmcError) return fail(e.toInfo());
  const message = e instanceof Error ? e.message : String(e);
  return fail({
    code: 'INTERNAL',
    message: `Unexpected internal error: ${redactText(message)}. Try again; if it repeats, report it with the app's diagnostics.`,
  });
}

export function createRouter(handlers: Handlers): Router {
  async function call(name: unknown, input: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    if (!isOperationName(name)) {
      return fail({
        code: 'UNKNOWN_OPERATION',
        message: `There is no operation named ${JSON.stringify(String(name)).slice(0, 80)}; see "hmc --help" for the list.`,
      });
    }
    const spec = operations[name];
    const parsed = spec.input.safeParse(input ?? {});
    if (!parsed.success) {
      return fail({
        code: 'INVALID_INPUT',
        message: issuesToMessage(parsed.error),
        details: { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) },
      });
    }
    try {
      const handler = handlers[name] as (i: unknown, c: CallContext) => unknown;
      const value = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(value);
      if (!checked.success) {
        return fail({
          code: 'INTERNAL',
          message: `The ${name} operation produced a result that does not match its contract (${issuesToMessage(checked.error)}). This is a bug; please report it.`,
        });
      }
      return ok(checked.data);
    } catch (e) {
      return toErrorEnvelope(e);
    }
  }

  return {
    call,
    async invoke(name, input, ctx) {
      const envelope = await call(name, input, ctx);
      if (envelope.ok) return envelope.value as OperationOutput<typeof name>;
      throw HmcError.fromInfo(envelope.error);
    },
  };
}
