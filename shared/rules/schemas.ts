/**
 * Schemas of the Rule kit: generate the native rules, inspect a script, replay a rule.
 */
import { z } from 'zod';
import { Recipient } from '../exchange/schemas';
import { PlanDocumentInput } from '../plans/schemas';
import { RULE_ACTIONS } from './decision';
import { RuleResultLine } from './result-line';

export const RuleKindSchema = z.enum(['after-create', 'after-modify']);
export const RuleNameSchema = z.enum(['ConnectorAfterCreate', 'ConnectorAfterModify']);
export const RuleActionSchema = z.enum(RULE_ACTIONS);

export const RuleFileSchema = z.object({ name: z.string(), mimeType: z.string(), content: z.string() });

export const GenerateInput = z.object({ kind: RuleKindSchema }).strict();
export const GeneratedRule = z.object({
  kind: RuleKindSchema,
  rule: RuleNameSchema,
  ruleName: z.string(),
  script: z.string(),
  ruleXml: z.string(),
  snippet: z.string(),
  /** Script, Rule XML (the only .xml file) and the application snippet, as they are saved. */
  files: z.array(RuleFileSchema),
  warnings: z.array(z.string()),
  /** What the script carries, for people (no secrets exist in it). */
  summary: z.object({
    hosts: z.array(z.string()),
    routingDomain: z.string().nullable(),
    routingTemplate: z.string(),
    logFile: z.string(),
    timeoutSeconds: z.number().int(),
    budgetSeconds: z.number().int(),
    credential: z.enum(['kerberos', 'dpapi']),
    mail: z.enum(['watcher', 'smtp']),
  }),
});
export type GeneratedRule = z.infer<typeof GeneratedRule>;

export const ReplayFinding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
});
export type ReplayFinding = z.infer<typeof ReplayFinding>;

export const InspectScriptInput = z.object({ script: PlanDocumentInput }).strict();
export const ScriptInspection = z.object({
  /** Exactly what the console generates for the configuration the script carries. */
  generated: z.boolean(),
  kind: RuleKindSchema.nullable(),
  /** A Rule XML was given: its Source is the script. */
  source: z.enum(['script', 'rule-xml']),
  ruleName: z.string().nullable(),
  /** The Rule XML's timeout (seconds), when one was given. */
  timeoutSeconds: z.number().nullable(),
  lines: z.number().int(),
  /** What reading the text shows before running it (.NET calls the harness cannot map, and so on). */
  findings: z.array(ReplayFinding),
});
export type ScriptInspection = z.infer<typeof ScriptInspection>;

export const HostFault = z.enum(['ok', 'down', 'kerberos', 'slow']);
export type HostFault = z.infer<typeof HostFault>;

export const ReplayFaults = z
  .object({
    /** Per Exchange host name: down (refused), kerberos (authentication refused), slow (the session opens late). */
    hosts: z.record(z.string().min(1).max(255), HostFault).default({}),
    /** How long a slow host takes to open a session (default: longer than any open timeout). */
    sessionOpenDelayMs: z.number().int().min(0).max(3_600_000).default(600_000),
    /** Every Exchange cmdlet takes this long (more than the session's OperationTimeout: it times out). */
    cmdletDelayMs: z.number().int().min(0).max(3_600_000).default(0),
    cmdletDelayNames: z.array(z.string().max(60)).max(20).default([]),
    /** Seconds a new remote mailbox stays "sync pending" (default: exchange.sandboxSyncDelaySeconds). */
    syncDelaySeconds: z.number().int().min(0).max(86_400).optional(),
    /** The sandbox's own fault: the next N cmdlet calls fail with a WinRM transport error mid-session. */
    transportFailures: z.number().int().min(0).max(100).default(0),
  })
  .strict();
export type ReplayFaults = z.infer<typeof ReplayFaults>;

export const ReplayInput = z
  .object({
    /** Replay the rule the console generates from the settings for this kind ... */
    kind: RuleKindSchema.optional(),
    /** ... or a script (or a Rule XML holding one) the admin gives. */
    script: PlanDocumentInput.optional(),
    /**
     * The admin confirmed running a script the console did not generate: it runs as they do, with the
     * console's rights (the replay is not a security sandbox).
     */
    trustScript: z.boolean().default(false),
    request: PlanDocumentInput,
    result: PlanDocumentInput.optional(),
    application: PlanDocumentInput.optional(),
    /** Add the request's user to the sandbox first when it is missing. */
    seed: z.boolean().default(false),
    /** IQService's timeout for a given script (default: its Rule XML's, else rules.timeoutSeconds). */
    timeoutSeconds: z.number().int().min(1).max(3_600).optional(),
    faults: ReplayFaults.prefault({}),
  })
  .strict()
  .refine((i) => (i.kind === undefined) !== (i.script === undefined), { message: 'give exactly one of kind or script' });
export type ReplayInput = z.input<typeof ReplayInput>;

export const ReplayDecision = z.object({
  action: RuleActionSchema,
  identity: z.string().nullable(),
  remoteRoutingAddress: z.string().nullable(),
  reason: z.string(),
  conclusive: z.boolean(),
});

export const ReplayChange = z.object({
  /** The recipient's GUID (or the identity given when it was not found). */
  key: z.string(),
  identity: z.string(),
  cmdlets: z.array(z.string()),
  before: Recipient.nullable(),
  after: Recipient.nullable(),
  /** The request named this recipient (its sAMAccountName, DN, name or UPN). */
  named: z.boolean(),
});
export type ReplayChange = z.infer<typeof ReplayChange>;

export const ReplayCall = z.object({
  cmdlet: z.string(),
  host: z.string().nullable(),
  identity: z.string().nullable(),
  params: z.record(z.string(), z.string()),
  outcome: z.string(),
  error: z.string().nullable(),
});

export const ReplaySession = z.object({
  uri: z.string(),
  host: z.string().nullable(),
  outcome: z.string(),
  authentication: z.string().nullable(),
  /** The user of -Credential (never the password); null: the process's own identity (Kerberos). */
  credentialUser: z.string().nullable(),
  openTimeoutMs: z.number().nullable(),
  operationTimeoutMs: z.number().nullable(),
  removed: z.boolean(),
});

export const CapturedMail = z.object({
  from: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string().nullable(),
  date: z.string().nullable(),
  text: z.string().nullable(),
  html: z.string().nullable(),
  /** The relay and TLS the script asked for (the capture on 127.0.0.1 is what it reached). */
  requested: z.object({ host: z.string().nullable(), port: z.number().nullable(), tls: z.boolean(), user: z.string().nullable() }).nullable(),
});
export type CapturedMail = z.infer<typeof CapturedMail>;

export const ReplayLogFile = z.object({
  /** The path the script wrote (C:\...). */
  windowsPath: z.string(),
  /** Where it is on this machine (open it in the log viewer). */
  path: z.string(),
  bytes: z.number().int(),
  /** The text (the last 256 KB when longer). */
  text: z.string(),
  truncated: z.boolean(),
});

export const ReplayReport = z.object({
  id: z.string(),
  folder: z.string(),
  kind: RuleKindSchema,
  rule: RuleNameSchema,
  script: z.enum(['generated', 'given']),
  startedAt: z.string(),
  durationMs: z.number().int(),
  timeoutSeconds: z.number(),
  /** Killed at the timeout, as IQService would. */
  killed: z.boolean(),
  exitCode: z.number().int().nullable(),
  /** The script ran to its end (not killed, the harness itself did not fail). */
  ranToEnd: z.boolean(),
  /** The sandbox stood behind these host names. */
  hosts: z.array(z.string()),
  decision: z.object({
    /** What the console's rules decide for this request (the plan inspector's explainer). */
    expected: ReplayDecision,
    /** What the script did: its RESULT line, else what its Exchange calls show. */
    taken: z.object({ action: RuleActionSchema, source: z.enum(['result-line', 'exchange-calls']) }),
    agrees: z.boolean(),
  }),
  resultLine: RuleResultLine.nullable(),
  logs: z.array(ReplayLogFile),
  /** What the script wrote to the result file IQService reads ($args[0]). */
  result: z.object({ text: z.string(), errors: z.array(z.string()) }).nullable(),
  mails: z.array(CapturedMail),
  changes: z.array(ReplayChange),
  calls: z.array(ReplayCall),
  sessions: z.array(ReplaySession),
  seeded: z.object({ added: z.boolean(), recipient: Recipient.nullable() }).nullable(),
  findings: z.array(ReplayFinding),
  /** The script's console output (capped), for what the log does not say. */
  stdout: z.string(),
  stderr: z.string(),
});
export type ReplayReport = z.infer<typeof ReplayReport>;
