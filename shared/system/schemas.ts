import { z } from 'zod';
import { ExchangeMode } from '../settings/schema';
import { SessionState } from '../exchange/schemas';
import { PolicyInfo } from '../settings/policy';

export const PowerShellInfo = z.discriminatedUnion('found', [
  z.object({
    found: z.literal(true),
    path: z.string(),
    edition: z.string(),
    version: z.string(),
  }),
  z.object({
    found: z.literal(false),
    /** One sentence: why none was found. */
    reason: z.string(),
    /** One sentence: how to get one. */
    hint: z.string(),
  }),
]);
export type PowerShellInfo = z.infer<typeof PowerShellInfo>;

export const SystemStatus = z.object({
  appVersion: z.string(),
  exchangeMode: ExchangeMode,
  sandbox: z.boolean(),
  powershell: PowerShellInfo,
  settings: z.object({
    path: z.string(),
    /** Set when the file was invalid: it was kept aside and defaults are in use. */
    problem: z.string().nullable(),
  }),
  dataDir: z.string(),
  /** The app's own diagnostics log (redacted): where INTERNAL errors are explained. */
  diagnosticsLog: z.string(),
  platform: z.string(),
  session: SessionState,
  /** The machine-wide policy: what it pins and turns off, and its problem when the file is broken. */
  policy: PolicyInfo,
});
export type SystemStatus = z.infer<typeof SystemStatus>;

/** A redacted report for a support ticket: Help > About's "copy diagnostics" and `hmc diagnostics`. */
export const DiagnosticsReport = z.object({
  fileName: z.string(),
  generatedAt: z.string(),
  /** Plain text; every line has been through the secret redaction. */
  text: z.string(),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReport>;

/** The desktop shell asks the page to open a log file the user handed to the app (Open with, a command line). */
export const SystemOpenLogEvent = z.object({ path: z.string().min(1) });
export type SystemOpenLogEvent = z.infer<typeof SystemOpenLogEvent>;
