/**
 * The wire protocol between the console and its PowerShell process (see electron/powershell/HmcHost).
 * A call is ONE line: `Invoke-HmcCall -Request '<base64>'`, the base64 being UTF-8 JSON whose
 * strings are themselves base64 ({ s: b64 }), so no value is ever PowerShell source and no string
 * can be reinterpreted (ConvertFrom-Json turns date-like strings into DateTime in PowerShell 7).
 * The answer is one stdout line `HMC1:<base64 of UTF-8 JSON envelope>`.
 */
import { z } from 'zod';

export type WireScalar = string | number | boolean | null;
export type WireInput = WireScalar | undefined | WireInput[] | { [key: string]: WireInput };

export type WireNode = number | boolean | null | { s: string } | { o: Record<string, WireNode> } | WireNode[];

const COMMAND_NAME = /^[A-Za-z]+-[A-Za-z0-9]+$/;
const PARAM_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

export function encodeWire(value: WireInput, path = 'params'): WireNode {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(value)) {
      throw new Error(`${path} holds an unpaired surrogate and cannot travel as UTF-8`);
    }
    return { s: b64(value) };
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is not a finite number`);
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((v, i) => encodeWire(v, `${path}[${i}]`));
  const o: Record<string, WireNode> = {};
  for (const [k, v] of Object.entries(value)) {
    if (!PARAM_NAME.test(k)) throw new Error(`${path} has a key that is not a plain name`);
    if (v === undefined) continue;
    o[k] = encodeWire(v, `${path}.${k}`);
  }
  return { o };
}

export interface PsRequest {
  command: string;
  params?: Record<string, WireInput>;
  /** Top-level output properties to keep (all when empty). */
  select?: string[];
}

/** The exact line written to PowerShell's stdin: fixed text plus base64 (alphabet A-Z a-z 0-9 + / =). */
export function buildCommandLine(req: PsRequest): string {
  if (!COMMAND_NAME.test(req.command)) throw new Error('command name must be a plain Verb-Noun');
  for (const s of req.select ?? []) if (!PARAM_NAME.test(s)) throw new Error('select holds a name that is not plain');
  const payload = JSON.stringify({ command: req.command, params: encodeWire(req.params ?? {}), select: req.select ?? [] });
  const encoded = b64(payload);
  return `Invoke-HmcCall -Request '${encoded}'`;
}

export const PsErrorInfo = z.object({
  type: z.string().nullable(),
  message: z.string().nullable(),
  fqid: z.string().nullable(),
  category: z.string().nullable(),
  reason: z.string().nullable(),
  remoteType: z.string().nullable(),
  errorCode: z.number().nullable(),
  target: z.string().nullable(),
});
export type PsErrorInfo = z.infer<typeof PsErrorInfo>;

export const PsEnvelope = z.object({
  v: z.literal(1),
  ok: z.boolean(),
  value: z.array(z.unknown()).nullable(),
  errors: z.array(PsErrorInfo),
  warnings: z.array(z.string()),
});
export type PsEnvelope = z.infer<typeof PsEnvelope>;

/** Finds the envelope in a call's stdout (other host output, e.g. What-if lines, is ignored). */
export function parseEnvelope(stdout: string): PsEnvelope | null {
  const matches = [...stdout.matchAll(/HMC1:([A-Za-z0-9+/]*={0,2})/g)];
  const last = matches[matches.length - 1];
  if (!last) return null;
  try {
    const parsed = PsEnvelope.safeParse(JSON.parse(Buffer.from(last[1]!, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    // Not base64 JSON: no envelope, which the host reports (POWERSHELL_FAILED, and the diagnostics log).
    return null;
  }
}
