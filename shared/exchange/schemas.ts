/**
 * Exchange session and recipient operations: inputs validated here (pure), outputs keep
 * Exchange's own property names so admins recognise them.
 */
import { z } from 'zod';
import { ErrorCode } from '../errors';
import { ExchangeMode } from '../settings/schema';
import {
  ALIAS_MAX,
  DISPLAY_NAME_MAX,
  IDENTITY_MAX,
  SEARCH_MAX,
  checkAlias,
  checkDisplayName,
  checkDomainController,
  checkIdentity,
  checkSearchText,
  checkSmtpAddress,
} from './validate';

/** The Exchange session as every door shows it (status bar, `hmc status`). */
export const SessionState = z.object({
  state: z.enum(['disconnected', 'connecting', 'connected', 'failed']),
  mode: ExchangeMode,
  host: z.string().nullable(),
  since: z.string().nullable(),
  error: z.string().nullable(),
  /** While connecting: starting the PowerShell process, then opening the session to Exchange. */
  step: z.enum(['powershell', 'exchange']).optional(),
});
export type SessionState = z.infer<typeof SessionState>;

function refineWith(check: (s: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = check(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replace(/\.$/, '') });
  };
}

export const Identity = z.string().max(IDENTITY_MAX * 2).superRefine(refineWith(checkIdentity));
export const SmtpAddress = z.string().max(600).superRefine(refineWith(checkSmtpAddress));
export const Alias = z.string().max(ALIAS_MAX * 2).superRefine(refineWith(checkAlias));
export const DisplayName = z.string().max(DISPLAY_NAME_MAX * 2).superRefine(refineWith(checkDisplayName));
export const DomainController = z.string().max(300).superRefine(refineWith(checkDomainController));

export const SyncState = z.enum(['pending', 'synced', 'unknown']);
export type SyncState = z.infer<typeof SyncState>;

/** A property kept for the console's logic and the JSON output, not listed among a recipient's details. */
const notADetail = { detail: false } as const;

/**
 * The Exchange properties of one AD object, with Exchange's own names, in the order an admin reads
 * them. This object is the one list of a recipient's fields: the service reads them from
 * Exchange's output, the mailbox desk and `hmc mailbox get` show them (those not marked
 * `notADetail`), all by walking its shape.
 */
export const RecipientProperties = z.object({
  Identity: z.string().nullable().meta(notADetail),
  Name: z.string().nullable(),
  DisplayName: z.string().nullable(),
  SamAccountName: z.string().nullable(),
  UserPrincipalName: z.string().nullable(),
  DistinguishedName: z.string().nullable(),
  Guid: z.string().nullable(),
  RecipientType: z.string().nullable().meta(notADetail),
  RecipientTypeDetails: z.string().nullable(),
  Alias: z.string().nullable(),
  PrimarySmtpAddress: z.string().nullable(),
  RemoteRoutingAddress: z.string().nullable(),
  EmailAddresses: z.array(z.string()),
  ExchangeGuid: z.string().nullable(),
  EmailAddressPolicyEnabled: z.boolean().nullable(),
  HiddenFromAddressListsEnabled: z.boolean().nullable(),
  RemoteRecipientType: z.string().nullable().meta(notADetail),
  WhenCreated: z.string().nullable(),
  WhenChanged: z.string().nullable().meta(notADetail),
});
export type RecipientProperty = keyof z.infer<typeof RecipientProperties>;
export const RECIPIENT_PROPERTIES = Object.keys(RecipientProperties.shape) as RecipientProperty[];
/** The properties a recipient's details show, in order. */
export const DETAIL_PROPERTIES = RECIPIENT_PROPERTIES.filter((k) => RecipientProperties.shape[k].meta()?.detail !== false);

/** One AD object as the console shows it: its Exchange properties, plus what the console derives from them. */
export const Recipient = RecipientProperties.extend({
  /** user = plain AD user (can be enabled), remoteMailbox = Remote*Mailbox, other = another recipient type. */
  kind: z.enum(['user', 'remoteMailbox', 'other']),
  /** pending while ExchangeGuid is all zeros (directory sync has not linked the cloud mailbox yet). */
  syncState: SyncState.nullable(),
});
export type Recipient = z.infer<typeof Recipient>;

/** A search hit: the properties that tell recipients apart in a list (Exchange is asked for these only). */
export const RecipientSummary = RecipientProperties.pick({
  Identity: true,
  Name: true,
  DisplayName: true,
  SamAccountName: true,
  UserPrincipalName: true,
  Guid: true,
  RecipientTypeDetails: true,
  PrimarySmtpAddress: true,
});
export type RecipientSummary = z.infer<typeof RecipientSummary>;
export type SummaryProperty = keyof RecipientSummary;
export const SUMMARY_PROPERTIES = Object.keys(RecipientSummary.shape) as SummaryProperty[];

export const ConnectInput = z
  .object({
    /** For Negotiate/Basic: the password of exchange.credentialUser (never stored in settings, logs or audit). */
    password: z.string().min(1).max(1024).optional(),
    /** Keep it in the OS-encrypted store (desktop app only). */
    remember: z.boolean().default(false),
    /** Reconnect even when a session is open. */
    force: z.boolean().default(false),
  })
  .strict();
export const ConnectOutput = z.object({ state: SessionState, warnings: z.array(z.string()) });

export const SearchInput = z
  .object({
    text: z.string().max(SEARCH_MAX * 2).superRefine(refineWith(checkSearchText)),
    /** anr = name fragment (ambiguous name resolution); address = exact e-mail address; auto = address when it contains @. */
    by: z.enum(['auto', 'anr', 'address']).default('auto'),
    limit: z.number().int().min(1).max(500).default(50),
  })
  .strict();
export const SearchOutput = z.object({
  by: z.enum(['anr', 'address']),
  results: z.array(RecipientSummary),
  truncated: z.boolean(),
});

export const GetInput = z.object({ identity: Identity }).strict();

const WhatIf = z.boolean().default(false);
const Override = z.boolean().default(false);

/** The recipient as the admin knows it: the names beside its GUID (checklists, confirmations, audit). */
export const RecipientName = z.object({
  displayName: z.string().nullable(),
  samAccountName: z.string().nullable(),
  userPrincipalName: z.string().nullable(),
  guid: z.string().nullable(),
});
export type RecipientName = z.infer<typeof RecipientName>;

/**
 * The state a change was checked against (the preflight's `expected`): the change refuses with
 * STATE_CHANGED when the recipient no longer matches it. Exactly the fields the changes read or write.
 */
export const ExpectedState = z
  .object({
    Guid: z.string().max(64),
    RecipientTypeDetails: z.string().max(100).nullable(),
    RemoteRoutingAddress: z.string().max(600).nullable(),
    PrimarySmtpAddress: z.string().max(600).nullable(),
    HiddenFromAddressListsEnabled: z.boolean().nullable(),
  })
  .strict();
export type ExpectedState = z.infer<typeof ExpectedState>;
const Expected = ExpectedState.optional();

export const PreflightAction = z.enum(['enable', 'hide', 'unhide', 'set-routing', 'disable']);
export type PreflightAction = z.infer<typeof PreflightAction>;

export const CheckStatus = z.enum(['pass', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** One item of the checklist every change runs first: `fail` blocks the change, `warn` never does. */
export const PreflightCheck = z.object({
  id: z.enum(['identity', 'type', 'routing-domain', 'routing-unique', 'directory-sync', 'disable-removes', 'disable-hidden']),
  status: CheckStatus,
  title: z.string(),
  /** What the check saw, and for a warn or fail what to do. */
  evidence: z.string(),
  /** The error code a change refused by this item carries (fail only). */
  code: ErrorCode.optional(),
});
export type PreflightCheck = z.infer<typeof PreflightCheck>;

export const PreflightInput = z
  .object({
    identity: Identity,
    action: PreflightAction,
    routingAddress: SmtpAddress.optional(),
    /** Accept a routing address outside the configured routing domain (the routing-domain item warns instead). */
    allowForeignRoutingDomain: Override,
  })
  .strict();

export const PreflightOutput = z.object({
  action: PreflightAction,
  /** The recipient it resolved; null when the identity matched none or several. */
  recipient: RecipientName.nullable(),
  checks: z.array(PreflightCheck),
  /** Some item failed: the change would be refused. */
  blocked: z.boolean(),
  /** Give this to the change: it refuses with STATE_CHANGED when the recipient changed meanwhile. */
  expected: ExpectedState.nullable(),
  /** The routing address the change would set (the one given, or the template's), when it sets one. */
  routingAddress: z.string().nullable(),
  /** The exact command the change would run (display only; never executed), when not blocked before it. */
  command: z.string().nullable(),
  /** The ANR matches when the identity was ambiguous. */
  matches: z.array(RecipientName),
});
export type PreflightOutput = z.infer<typeof PreflightOutput>;

export const EnableRemoteInput = z
  .object({
    identity: Identity,
    /** Omitted: alias@<routing domain> from the settings. */
    routingAddress: SmtpAddress.optional(),
    primarySmtpAddress: SmtpAddress.optional(),
    alias: Alias.optional(),
    displayName: DisplayName.optional(),
    domainController: DomainController.optional(),
    /** Accept a routing address outside the configured routing domain pattern. */
    allowForeignRoutingDomain: Override,
    whatIf: WhatIf,
    expected: Expected,
  })
  .strict();

export const SetHiddenInput = z.object({ identity: Identity, hidden: z.boolean(), whatIf: WhatIf, expected: Expected }).strict();

export const SetRoutingInput = z
  .object({ identity: Identity, routingAddress: SmtpAddress, allowForeignRoutingDomain: Override, whatIf: WhatIf, expected: Expected })
  .strict();

export const DisableRemoteInput = z.object({ identity: Identity, whatIf: WhatIf, expected: Expected }).strict();

/** What every change returns: the exact commands (display form), the state read back, Exchange's warnings. */
export const ChangeResult = z.object({
  whatIf: z.boolean(),
  /**
   * The command this call sent, as an admin would type it: with -WhatIf for a preview. Display
   * only, like the other command fields: the console never executes this text.
   */
  command: z.string(),
  /** The change itself, without -WhatIf: what confirming a preview runs (equals `command` for a real run). */
  changeCommand: z.string(),
  before: Recipient.nullable(),
  recipient: Recipient.nullable(),
  warnings: z.array(z.string()),
  /** The checklist the change ran first (its warnings are in the audit record too). */
  preflight: z.array(PreflightCheck).optional(),
});
export type ChangeResult = z.infer<typeof ChangeResult>;

export const SandboxAddUserInput = z
  .object({
    samAccountName: z.string().min(1).max(20).regex(/^[^"/\\[\]:;|=,+*?<>\s\p{Cc}]+$/u, 'may not contain spaces, control characters or " / \\ [ ] : ; | = , + * ? < > (AD sAMAccountName rules)'),
    userPrincipalName: z.string().max(256).superRefine(refineWith(checkSmtpAddress)).optional(),
    name: z.string().max(64).superRefine(refineWith(checkDisplayName)).optional(),
    displayName: DisplayName.optional(),
    firstName: z.string().max(64).superRefine(refineWith(checkDisplayName)).optional(),
    lastName: z.string().max(64).superRefine(refineWith(checkDisplayName)).optional(),
    type: z.enum(['User', 'RemoteUserMailbox', 'UserMailbox', 'MailUser']).default('User'),
  })
  .strict();

export const SandboxResetOutput = z.object({ directoryPath: z.string(), users: z.number().int() });
