/**
 * The settings file's schema (pure: the file I/O lives in electron/services/settings).
 * Every field has a default, so `{}` parses into complete settings; `version` drives upgrades.
 */
import { z } from 'zod';
import { isDnsServerEntry } from '../connectivity/dns-servers';
import { NotifySettings } from '../notify/schemas';

export const SETTINGS_VERSION = 2;

export const ExchangeMode = z.enum(['sandbox', 'remote', 'snapin']);
export type ExchangeMode = z.infer<typeof ExchangeMode>;

export const ExchangeSettings = z.object({
  /** Explicit: the app never guesses a production mode. */
  mode: ExchangeMode.default('sandbox'),
  /** Exchange server FQDNs, in failover order (remote mode). */
  hosts: z.array(z.string().min(1).max(255)).default([]),
  authentication: z.enum(['Kerberos', 'Negotiate', 'Basic']).default('Kerberos'),
  useHttps: z.boolean().default(false),
  /** Tenant routing domain, e.g. contoso.mail.onmicrosoft.com; null = not configured yet. */
  routingDomain: z.string().max(255).nullable().default(null),
  /** Routing addresses must match this pattern unless the admin overrides per call. */
  routingDomainPattern: z.string().max(255).default('*.mail.onmicrosoft.com'),
  /** Credential user name for Negotiate/Basic (the secret lives in the secret store, never here). */
  credentialUser: z.string().max(256).nullable().default(null),
  /** JSON directory file the sandbox Exchange works on; null = inside the data folder. */
  sandboxDirectory: z.string().nullable().default(null),
  /** Seconds a new remote mailbox stays "sync pending" in the sandbox. */
  sandboxSyncDelaySeconds: z.number().int().min(0).max(86_400).default(30),
  /** Minutes between directory-sync runs (Entra Connect's default is 30): an account younger than this may not exist in the cloud yet. */
  directorySyncMinutes: z.number().int().min(1).max(1_440).default(30),
  callTimeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
});

export const PowerShellSettings = z.object({
  /** Explicit executable; null = discover (PATH, then the project's tools folder). */
  path: z.string().nullable().default(null),
});

export const LogSource = z.object({
  name: z.string().min(1).max(100),
  folder: z.string().min(1),
  /** File name with date tokens {yyyy} {MM} {dd}, or a plain file name. */
  pattern: z.string().min(1),
  enabled: z.boolean().default(true),
});
export type LogSource = z.infer<typeof LogSource>;

/** The naming styles met in the field (reference rule and SailPoint's template) plus IQService's own trace. */
export const DEFAULT_LOG_SOURCES: LogSource[] = [
  { name: 'After-create (dated)', folder: 'C:\\ExchangeLogs\\AfterCreateLogs', pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', enabled: true },
  { name: 'After-modify (dated)', folder: 'C:\\ExchangeLogs\\AfterModifyLogs', pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterModify.log', enabled: true },
  { name: 'After-create (template)', folder: 'C:\\SailPoint\\Scripts\\Logs', pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log', enabled: true },
  { name: 'After-modify (template)', folder: 'C:\\SailPoint\\Scripts\\Logs', pattern: 'ConnectorAfterModify_{yyyy}{MM}{dd}.log', enabled: true },
  { name: 'IQService trace', folder: 'C:\\SailPoint\\IQService', pattern: 'IQTrace.log', enabled: true },
];

export const LogSettings = z.object({
  sources: z.array(LogSource).default(() => DEFAULT_LOG_SOURCES.map((s) => ({ ...s }))),
  /** Poll interval (ms) of the follow fallback when file-system notifications are missing (e.g. on shares). */
  pollMs: z.number().int().min(50).max(60_000).default(500),
});

export const ConnectivitySettings = z.object({
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  tlsPort: z.number().int().min(1).max(65_535).default(443),
  checkWinRmPorts: z.boolean().default(false),
  /** PEM files of the organisation's internal CAs, trusted in addition to Node's bundle. */
  extraCaFiles: z.array(z.string()).default([]),
  iqServiceHost: z.string().nullable().default(null),
  iqServicePort: z.number().int().min(1).max(65_535).default(5050),
  iqServiceTlsPort: z.number().int().min(1).max(65_535).nullable().default(null),
  /** Overall deadline for one run of checks (every host, every layer). */
  deadlineMs: z.number().int().min(1_000).max(600_000).default(20_000),
  /** ICMP ping via the system's ping command (reported apart; never a failure when TCP passes). */
  ping: z.boolean().default(true),
  /** A certificate expiring within this many days makes the host "degraded". */
  certWarnDays: z.number().int().min(0).max(3_650).default(30),
  /** How many past runs the history keeps (in the data folder). */
  historySize: z.number().int().min(1).max(500).default(30),
  /**
   * DNS servers the checks ask instead of the system resolver (IP or IP:port, `[v6]:port`); empty =
   * the system resolver and hosts file. Env HMC_DNS_SERVERS (comma-separated) overrides it.
   */
  dnsServers: z
    .array(z.string().trim().refine(isDnsServerEntry, { message: 'Each DNS server must be an IP address or IP:port, e.g. 10.0.0.53 or 10.0.0.53:53.' }))
    .max(8)
    .default([]),
});

/**
 * The Rule kit: what the generated ConnectorAfterCreate / ConnectorAfterModify rules do.
 * Exchange hosts (failover order) and the tenant routing domain come from `exchange.hosts` and
 * `exchange.routingDomain`; the SMTP relay and recipients from `notify`. Cross-field limits (the budget
 * below the timeout) are checked when a rule is generated, with a sentence saying what to change.
 */
export const RuleSettings = z.object({
  /** The remote routing address: {sAMAccountName} and {routingDomain} (exchange.routingDomain). */
  routingTemplate: z.string().min(3).max(255).default('{sAMAccountName}@{routingDomain}'),
  /** The AD application's name as the AccountRequest gives it; null = any (IQService runs the rule only where nativeRules names it). */
  adApplication: z.string().min(1).max(255).nullable().default(null),
  /** Log folder on the IQService host: the rules write AfterCreateLogs\yyyy-MM-dd.ConnectorAfterCreate.log (and AfterModifyLogs) below it. */
  logFolder: z.string().min(3).max(240).default('C:\\ExchangeLogs'),
  /** IQService's timeout for the script (the Rule XML's timeout), seconds. */
  timeoutSeconds: z.number().int().min(5).max(3_600).default(300),
  /** All Exchange work (port checks, session, cmdlets) ends within this budget, below the timeout. */
  budgetSeconds: z.number().int().min(2).max(3_600).default(240),
  /** New-PSSessionOption -OpenTimeout / -OperationTimeout, each clamped to what is left of the budget. */
  openTimeoutSeconds: z.number().int().min(1).max(600).default(30),
  operationTimeoutSeconds: z.number().int().min(1).max(600).default(60),
  /** kerberos: the IQService account's own identity; dpapi: a PSCredential saved with Export-Clixml on the IQService host. Never one from the plan. */
  credential: z.enum(['kerberos', 'dpapi']).default('kerberos'),
  credentialPath: z.string().min(3).max(240).default('C:\\SailPoint\\IQService\\hmc-exchange-credential.xml'),
  /** smtp: the rule mails the team on failure (notify.*, values HTML-escaped); watcher: the console's watcher reads the RESULT lines instead. */
  mail: z.enum(['watcher', 'smtp']).default('watcher'),
  /** Pass the ServiceResult's createdOnServer as -DomainController (avoids replication lag). */
  useCreatedOnServer: z.boolean().default(true),
  afterCreateName: z.string().min(1).max(200).default('HMC - AfterCreate - Enable RemoteMailbox'),
  afterModifyName: z.string().min(1).max(200).default('HMC - AfterModify - Address lists'),
});
export type RuleSettings = z.infer<typeof RuleSettings>;

export const UiSettings = z.object({
  theme: z.enum(['system', 'light', 'dark']).default('system'),
});

export const Settings = z.object({
  version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  exchange: ExchangeSettings.prefault({}),
  powershell: PowerShellSettings.prefault({}),
  logs: LogSettings.prefault({}),
  connectivity: ConnectivitySettings.prefault({}),
  notify: NotifySettings.prefault({}),
  rules: RuleSettings.prefault({}),
  ui: UiSettings.prefault({}),
});
export type Settings = z.infer<typeof Settings>;

export function defaultSettings(): Settings {
  return Settings.parse({});
}
