/**
 * Connectivity checks: every layer (DNS, TCP, TLS, HTTP /PowerShell/, session, SMTP, IQService, ICMP)
 * to every host, with a verdict per host naming the first layer that fails.
 *
 * The per-host result is a superset of `hmc check --json`'s shape
 * (`{ host, verdict, firstFailure, layers: [{ layer, status, latencyMs, detail }] }`): the extra fields
 * (`role`, `target`, `durationMs`, per-layer `steps`) feed the page's step tree and re-run buttons.
 */
import { z } from 'zod';

export const Port = z.number().int().min(1).max(65_535);

export const LAYERS = ['dns', 'tcp', 'tls', 'http', 'session', 'smtp', 'iqservice', 'icmp'] as const;
export const LayerName = z.enum(LAYERS);
export type LayerName = z.infer<typeof LayerName>;

export const LayerStatus = z.enum(['pass', 'fail', 'warn', 'skipped']);
export type LayerStatus = z.infer<typeof LayerStatus>;

/** A step adds `info` for facts that are neither good nor bad (addresses, headers). */
export const StepStatus = z.enum(['pass', 'fail', 'warn', 'skipped', 'info']);
export type StepStatus = z.infer<typeof StepStatus>;

export const Verdict = z.enum(['ok', 'degraded', 'failed']);
export type Verdict = z.infer<typeof Verdict>;

export const StepValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const CheckStep = z.object({
  /** e.g. "forward lookup", "TCP 80", "certificate", "GET http://exch01:80/PowerShell/". */
  name: z.string(),
  status: StepStatus,
  latencyMs: z.number().nullable(),
  detail: z.string(),
  /** Facts for the step tree: addresses, certificate fields, response headers. */
  data: z.record(z.string(), StepValue).optional(),
});
export type CheckStep = z.infer<typeof CheckStep>;

export const LayerResult = z.object({
  layer: LayerName,
  status: LayerStatus,
  latencyMs: z.number().nullable(),
  /** One line: what was found (or why the layer was skipped). */
  detail: z.string(),
  steps: z.array(CheckStep),
});
export type LayerResult = z.infer<typeof LayerResult>;

export const HostRole = z.enum(['exchange', 'smtp', 'iqservice']);
export type HostRole = z.infer<typeof HostRole>;

export const CheckTarget = z.object({
  role: HostRole,
  /** Host name or IP address as configured (no port). */
  name: z.string(),
  /** exchange: the /PowerShell/ HTTP port; smtp: the SMTP port; iqservice: the plain port (null = disabled). */
  port: Port.nullable(),
  /** exchange: the TLS port; iqservice: the TLS port (null = none configured). */
  tlsPort: Port.nullable(),
});
export type CheckTarget = z.infer<typeof CheckTarget>;

export const HostResult = z.object({
  /** The host as shown: the name, plus ":port" when a non-default port was given. */
  host: z.string(),
  verdict: Verdict,
  firstFailure: z.object({ layer: LayerName, hint: z.string() }).nullable(),
  layers: z.array(LayerResult),
  role: HostRole,
  target: CheckTarget,
  durationMs: z.number(),
});
export type HostResult = z.infer<typeof HostResult>;

export const CheckRun = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  timeoutMs: z.number(),
  deadlineMs: z.number(),
  /** True when the overall deadline cut some checks short. */
  deadlineHit: z.boolean(),
  /** Where the Exchange hosts came from. */
  source: z.enum(['settings', 'typed', 'application']),
  /** Remarks about the run itself (e.g. how an Application document was read). */
  notes: z.array(z.string()),
  hosts: z.array(HostResult),
});
export type CheckRun = z.infer<typeof CheckRun>;

/** "exch01", "exch01:8080", "10.0.0.5", "[fe80::1]:80", or an object with explicit ports. */
export const HostSpec = z.union([
  z.string().min(1).max(300),
  z
    .object({
      host: z.string().min(1).max(255),
      httpPort: Port.optional(),
      tlsPort: Port.optional(),
    })
    .strict(),
]);
export type HostSpec = z.infer<typeof HostSpec>;

export const CheckInput = z
  .object({
    /** Typed hosts; when absent (and no Application), the hosts from settings. */
    hosts: z.array(HostSpec).max(200).optional(),
    /** Text of an Application document (or its bare $env:Application Map): its ExchHost list is checked. */
    applicationXml: z.string().max(5_000_000).optional(),
    /** TLS port for hosts that do not give their own; default from settings (443). */
    tlsPort: Port.optional(),
    /** SMTP relay to check: "HOST[:PORT]", or true for the notification server in settings. */
    smtp: z.union([z.literal(true), z.string().min(1).max(300)]).optional(),
    /** IQService host to check: "HOST[:PORT]" (plain port), or true for the one in settings. */
    iqservice: z.union([z.literal(true), z.string().min(1).max(300)]).optional(),
    /** Per-check timeout; default from settings. */
    timeoutMs: z.number().int().min(50).max(120_000).optional(),
    /** Overall deadline for the whole run; default from settings. */
    deadlineMs: z.number().int().min(100).max(600_000).optional(),
    /** ICMP ping via the system's ping command; default from settings. */
    ping: z.boolean().optional(),
    /** Also probe the WinRM ports 5985/5986; default from settings. */
    winRmPorts: z.boolean().optional(),
    /** Try a real remote session through the Exchange engine (when one is configured); default true. */
    session: z.boolean().optional(),
    /** Keep the run in the history (default true). */
    record: z.boolean().optional(),
  })
  .strict();
export type CheckInput = z.infer<typeof CheckInput>;

export const HistoryInput = z.object({ limit: z.number().int().min(1).max(500).optional() }).strict();
export const HistoryOutput = z.object({ runs: z.array(CheckRun) });
export type HistoryOutput = z.infer<typeof HistoryOutput>;

export const ExportInput = z
  .object({
    /** A run id from the history; absent = the latest run. */
    runId: z.string().max(100).optional(),
    format: z.enum(['json', 'html']),
  })
  .strict();
export const ExportOutput = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  content: z.string(),
});
export type ExportOutput = z.infer<typeof ExportOutput>;
