import { z } from 'zod';
import { ExchangeMode } from '../settings/schema';
import { SessionState } from '../exchange/schemas';

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
});
export type SystemStatus = z.infer<typeof SystemStatus>;

/** The desktop shell asks the page to open a log file the user handed to the app (Open with, a command line). */
export const SystemOpenLogEvent = z.object({ path: z.string().min(1) });
export type SystemOpenLogEvent = z.infer<typeof SystemOpenLogEvent>;
