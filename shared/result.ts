/**
 * The envelope every operation result crosses a boundary in:
 * `{ ok: true, value }` or `{ ok: false, error: { code, message, details? } }`.
 */
import { z } from 'zod';
import { ErrorInfo, HmcError } from './errors';

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export const EnvelopeShape = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: ErrorInfo }),
]);

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(error: ErrorInfo): Envelope<never> {
  return { ok: false, error };
}

/** Rebuilds an envelope received from another process into the value, or throws the HmcError. */
export function unwrap<T>(raw: unknown): T {
  const parsed = EnvelopeShape.safeParse(raw);
  if (!parsed.success) {
    throw new HmcError('INTERNAL', 'The answer from the console core was not a result envelope.', {
      issues: parsed.error.issues.map((i) => i.message),
    });
  }
  if (parsed.data.ok) return parsed.data.value as T;
  throw HmcError.fromInfo(parsed.data.error);
}
