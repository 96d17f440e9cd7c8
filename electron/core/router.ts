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
import type { OperationTable } from '../../shared/operation';
import { HmcError } from '../../shared/errors';
import { fail, ok, type Envelope } from '../../shared/result';
import { redactText } from '../../shared/secrets';
import { Caller, type Door } from './callers';
import { NO_DIAGNOSTICS, type Diagnostics } from './diagnostics';

/** What a door tells the router about a call. */
export interface CallOptions {
  /** Which door the call came through, for the audit trail. */
  door: Door;
  /** Set when the caller may cancel (e.g. the HTTP client went away). */
  signal?: AbortSignal;
  /** Who is calling; resources opened for it end when it goes. The router's own caller otherwise. */
  caller?: Caller;
}

/** What a handler is given: the call's options, with the caller always known. */
export interface CallContext extends CallOptions {
  caller: Caller;
}

/** The handlers of one slice of the contract, typed from its schemas (input after parsing). */
export type HandlersFor<T extends OperationTable> = {
  [N in keyof T]: (
    input: z.output<T[N]['input']>,
    ctx: CallContext,
  ) => Promise<z.output<T[N]['output']>> | z.output<T[N]['output']>;
};

export type Handlers = HandlersFor<typeof operations>;

export interface Router {
  /** Untrusted entry: name and input come from outside and are validated here. */
  call(name: unknown, input: unknown, options: CallOptions): Promise<Envelope<unknown>>;
  /** Typed entry for in-process callers; throws HmcError on failure. */
  invoke<N extends OperationName>(name: N, input: OperationInput<N>, options: CallOptions): Promise<OperationOutput<N>>;
}

function issuesToMessage(error: z.ZodError): string {
  const first = error.issues[0];
  if (!first) return 'The input is not valid.';
  const where = first.path.length ? first.path.join('.') : 'input';
  return `Invalid ${where}: ${first.message}.`;
}

/**
 * The envelope for anything thrown. An HmcError travels as it is; anything else is a bug: it is
 * written to the diagnostics log (with its stack) and reported as INTERNAL, pointing at that log.
 */
export function toErrorEnvelope(e: unknown, diagnostics: Diagnostics = NO_DIAGNOSTICS, where = 'a call'): Envelope<never> {
  if (e instanceof HmcError) return fail(e.toInfo());
  const message = e instanceof Error ? e.message : String(e);
  diagnostics.error(`INTERNAL error in ${where}`, e);
  const see = diagnostics === NO_DIAGNOSTICS ? "report it with the app's diagnostics" : `the details are in the diagnostics log (${diagnostics.path})`;
  return fail({
    code: 'INTERNAL',
    message: `Unexpected internal error: ${redactText(message)}. Try again; if it repeats, ${see}.`,
  });
}

export interface RouterOptions {
  diagnostics?: Diagnostics;
  /** The caller of calls whose door names none (the CLI, tests): ends with the core. */
  defaultCaller?: Caller;
}

export function createRouter(handlers: Handlers, opts: RouterOptions = {}): Router {
  const diagnostics = opts.diagnostics ?? NO_DIAGNOSTICS;
  const defaultCaller = opts.defaultCaller ?? new Caller('core', 'test', diagnostics);
  async function call(name: unknown, input: unknown, options: CallOptions): Promise<Envelope<unknown>> {
    const ctx: CallContext = { ...options, caller: options.caller ?? defaultCaller };
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
        diagnostics.error(`The ${name} operation produced a result that does not match its contract`, undefined, {
          issues: checked.error.issues.slice(0, 5).map((i) => ({ path: i.path.map(String), message: i.message })),
        });
        return fail({
          code: 'INTERNAL',
          message: `The ${name} operation produced a result that does not match its contract (${issuesToMessage(checked.error)}). This is a bug; please report it with the diagnostics log (${diagnostics.path}).`,
        });
      }
      return ok(checked.data);
    } catch (e) {
      return toErrorEnvelope(e, diagnostics, name);
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
