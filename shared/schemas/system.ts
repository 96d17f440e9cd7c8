import { z } from 'zod';
import { ExchangeMode } from '../settings';

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

export const SessionState = z.object({
  state: z.enum(['disconnected', 'connecting', 'connected', 'failed']),
  mode: ExchangeMode,
  host: z.string().nullable(),
  since: z.string().nullable(),
  error: z.string().nullable(),
});
export type SessionState = z.infer<typeof SessionState>;

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
  platform: z.string(),
  session: SessionState,
});
export type SystemStatus = z.infer<typeof SystemStatus>;
