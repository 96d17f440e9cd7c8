/**
 * Schemas of the plan inspector: what `plan.inspect` takes and returns.
 * The model never carries a secret: masked values are the string "********" (see shared/secrets.ts).
 */
import { z } from 'zod';
import { RULE_ACTIONS } from '../rules/decision';

/** Largest document accepted, in bytes (UTF-8 or UTF-16 as given) or characters for text input. */
export const MAX_PLAN_DOCUMENT_BYTES = 20 * 1024 * 1024;

export const PlanKind = z.enum([
  'AccountRequest',
  'ProvisioningPlan',
  'ProvisioningProject',
  'ServiceResult',
  'Application',
  'Map',
  'Rule',
]);
export type PlanKind = z.infer<typeof PlanKind>;

/**
 * A decoded SailPoint value: strings, booleans (<Boolean>), numbers (<Integer>/<Long>),
 * ISO strings (<Date> epoch ms), arrays (<List>, multi-values), objects (<Map>, <Reference>), null (empty).
 */
export const PlanValue = z.json();
export type PlanValue = z.infer<typeof PlanValue>;
export const PlanMap = z.record(z.string(), PlanValue);
export type PlanMap = z.infer<typeof PlanMap>;

/**
 * One document handed to plan.inspect. Text crosses every door as a JS string (`text`). Bytes whose
 * encoding matters (UTF-16LE result files written by Windows PowerShell, files with a BOM) cross as
 * `base64` instead: the core decodes them with the same BOM/UTF-16 detection as the CLI. Exactly one
 * of the two must be given. The 20 MB limit applies to the decoded bytes / the text's length.
 */
export const PlanDocumentInput = z
  .object({
    /** Generous schema bounds; the inspector itself refuses more than 20 MB with INPUT_TOO_LARGE. */
    text: z.string().max(MAX_PLAN_DOCUMENT_BYTES * 2).optional(),
    base64: z.string().max(MAX_PLAN_DOCUMENT_BYTES * 3).optional(),
    /** File name or label shown in messages (never read by the core). */
    name: z.string().max(500).optional(),
  })
  .strict()
  .refine((d) => (d.text === undefined) !== (d.base64 === undefined), {
    message: 'give exactly one of text or base64',
  });
export type PlanDocumentInput = z.infer<typeof PlanDocumentInput>;

export const PlanInspectInput = z
  .object({
    /** The document to inspect: any supported root, optionally after log text ("... Request Object :: <AccountRequest"). */
    document: PlanDocumentInput,
    /** Optional $env:Result (ServiceResult) for the request. */
    result: PlanDocumentInput.optional(),
    /** Optional $env:Application (Application or bare Map) for Exchange hosts. */
    application: PlanDocumentInput.optional(),
    /** Tenant routing domain; when absent the core uses exchange.routingDomain from the settings. */
    routingDomain: z.string().trim().min(1).max(255).optional(),
    /** Return the masked raw XML of each document (the page shows it; the CLI does not need it). */
    includeRaw: z.boolean().default(false),
  })
  .strict();
export type PlanInspectInput = z.input<typeof PlanInspectInput>;

export const AttributeRequestModel = z.object({
  name: z.string(),
  /** Set | Add | Remove (IIQ default Add when omitted). */
  op: z.string(),
  value: PlanValue,
  /** True when the value was replaced by "********". */
  masked: z.boolean(),
  arguments: PlanMap,
});
export type AttributeRequestModel = z.infer<typeof AttributeRequestModel>;

export const AccountRequestModel = z.object({
  application: z.string().nullable(),
  nativeIdentity: z.string().nullable(),
  /** Create | Modify | Delete | Enable | Disable | Lock | Unlock (IIQ default Modify when omitted). */
  op: z.string(),
  opDefaulted: z.boolean(),
  targetIntegration: z.string().nullable(),
  arguments: PlanMap,
  attributeRequests: z.array(AttributeRequestModel),
  /** <ProvisioningResult status="..."/> of an executed request. */
  provisioningResult: z.string().nullable(),
  /** Where it came from: "AccountRequest", "ProvisioningPlan", "ProvisioningPlan[2]", "MasterPlan". */
  origin: z.string(),
});
export type AccountRequestModel = z.infer<typeof AccountRequestModel>;

export const PlanHeader = z.object({
  nativeIdentity: z.string().nullable(),
  targetIntegration: z.string().nullable(),
  trackingId: z.string().nullable(),
  arguments: PlanMap,
  requesters: z.array(z.object({ name: z.string().nullable(), id: z.string().nullable(), class: z.string().nullable() })),
});
export type PlanHeader = z.infer<typeof PlanHeader>;

export const ResultModel = z.object({
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  attributes: PlanMap,
});
export type ResultModel = z.infer<typeof ResultModel>;

export const ApplicationModel = z.object({
  name: z.string().nullable(),
  type: z.string().nullable(),
  connector: z.string().nullable(),
  iqServiceHost: z.string().nullable(),
  iqServicePort: z.number().int().nullable(),
  iqServiceTls: z.boolean().nullable(),
  nativeRules: z.array(z.string()),
  exchangeHosts: z.array(z.string()),
  attributes: PlanMap,
});
export type ApplicationModel = z.infer<typeof ApplicationModel>;

export const RuleModel = z.object({
  name: z.string().nullable(),
  type: z.string().nullable(),
  language: z.string().nullable(),
  /** The ObjectOrientedScript flag as the connector reads it (capital O); null when absent. */
  objectOrientedScript: z.boolean().nullable(),
  extension: z.string().nullable(),
  program: z.string().nullable(),
  /** Seconds; null when absent (IQService then uses 10). */
  timeout: z.number().nullable(),
  disabled: z.boolean().nullable(),
  attributes: PlanMap,
  /** The PowerShell source, with credential-shaped literals masked. */
  source: z.string(),
});
export type RuleModel = z.infer<typeof RuleModel>;

export const CheckStatus = z.enum(['pass', 'fail', 'unknown']);
export const DecisionCheck = z.object({ name: z.string(), status: CheckStatus, evidence: z.string() });
export type DecisionCheck = z.infer<typeof DecisionCheck>;

export const DecisionAction = z.enum(RULE_ACTIONS);
export const Decision = z.object({
  /** Index into accountRequests. */
  request: z.number().int().min(0),
  rule: z.enum(['ConnectorAfterCreate', 'ConnectorAfterModify']),
  action: DecisionAction,
  /** sAMAccountName (after-create) or sAMAccountName/nativeIdentity (after-modify); null when unknown. */
  identity: z.string().nullable(),
  remoteRoutingAddress: z.string().nullable(),
  /** The Exchange host the rule would use first (reachability is not tested here). */
  exchangeHost: z.string().nullable(),
  /** One sentence: why this action. */
  reason: z.string(),
  /** True when the action does not hinge on an unknown check (a failed check, or every check passed). */
  conclusive: z.boolean(),
  checks: z.array(DecisionCheck),
});
export type Decision = z.infer<typeof Decision>;

export const Finding = z.object({
  severity: z.enum(['error', 'warning', 'info']),
  code: z.string(),
  message: z.string(),
  /** Index into accountRequests when the finding is about one request. */
  request: z.number().int().nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const DocumentInfo = z.object({
  role: z.enum(['document', 'result', 'application']),
  kind: PlanKind,
  encoding: z.enum(['utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'text']),
  /** Characters of log text skipped before the XML (0 when the input started with XML). */
  prefixLength: z.number().int(),
  size: z.number().int(),
});
export type DocumentInfo = z.infer<typeof DocumentInfo>;

export const PlanInspection = z.object({
  kind: PlanKind,
  documents: z.array(DocumentInfo),
  plan: PlanHeader.nullable(),
  accountRequests: z.array(AccountRequestModel),
  result: ResultModel.nullable(),
  application: ApplicationModel.nullable(),
  rule: RuleModel.nullable(),
  exchangeHosts: z.array(z.string()),
  routingDomain: z.object({ value: z.string().nullable(), source: z.enum(['request', 'input', 'settings', 'none']) }),
  decisions: z.array(Decision),
  findings: z.array(Finding),
  /** Masked XML of each document (only with includeRaw). */
  raw: z
    .object({ document: z.string(), result: z.string().nullable(), application: z.string().nullable() })
    .nullable(),
});
export type PlanInspection = z.infer<typeof PlanInspection>;
