/**
 * The services container: one instance of each capability's service, shared by every door.
 * Services never import 'electron'; the desktop shell injects what only Electron can give
 * (e.g. the safeStorage-backed secret store).
 */
import type { SessionState } from '../../shared/exchange/schemas';
import { PowerShellLocator } from '../services/powershell/locate';
import { SettingsStore } from '../services/settings/store';
import { AuditService } from '../services/audit/service';
import { reconcileAudit } from '../services/audit/reconcile';
import { ExchangeService } from '../services/exchange/service';
import { RuleService } from '../services/rules/service';
import { MemorySecretStore, type SecretStore } from '../services/secrets/store';
import { join } from 'node:path';
import { EventBus } from '../core/events';
import { resolvePaths, type AppPaths } from '../core/paths';
import { createDiagnostics, type Diagnostics } from '../core/diagnostics';
import { Caller } from '../core/callers';
import { PlanService } from '../services/plans/service';
import { InspectPool } from '../services/plans/pool';
import { ConnectivityService } from '../services/connectivity/service';
import { sessionAvailability } from '../services/connectivity/engine';
import { SettingsService } from '../services/settings/service';
import { PolicySource, defaultPolicyFile } from '../services/settings/policy';
import { applyPolicy, policyRefusal } from '../../shared/settings/policy';
import { SystemService } from '../services/system/service';
import { NotifyService, type NotifyDeps } from '../services/notify/service';
import { FileSecretStore, OWNER_ONLY, dpapiProtector } from '../services/secrets/file-store';
import { ConnectivityHistory } from '../services/connectivity/history';
import { HmcError } from '../../shared/errors';
import { LogService } from '../services/logs/service';
import { PathAuthorities } from '../core/authority';
import { StoryService } from '../services/story/service';

export interface Services {
  /** The environment the core was created with (process.env unless a door or test gave its own). */
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  /** The app's own diagnostics log (redacted, size-capped) in the data folder. */
  diagnostics: Diagnostics;
  /** The caller of calls whose door names none (CLI, tests); it ends when the core is disposed. */
  processCaller: Caller;
  settings: SettingsStore;
  events: EventBus;
  powershell: PowerShellLocator;
  /** Credentials: Electron safeStorage in the desktop app, memory for the web host and the CLI. */
  secrets: SecretStore;
  /** Append-only trail of changes. */
  audit: AuditService;
  /** The PowerShell host, the Exchange session and the recipient operations. */
  exchange: ExchangeService;
  /** Failure mail, the outbox and the alert watcher. */
  notify: NotifyService;
  /** The log viewer: sources, opened files, follows, search, failures, alerts, incoming plans. */
  logs: LogService;
  /** The Rule kit: generated native rules and the replay harness. */
  rules: RuleService;
  /** One user's story across the rule logs, the audit trail and Exchange. */
  story: StoryService;
  sessionState(): SessionState;
  plans: PlanService;
  connectivity: ConnectivityService;
  /** Who chooses a path setting or a log file, per door (registered by the door: dialog, terminal, command line). */
  authorities: PathAuthorities;
  /** settings.get / settings.update over the settings store. */
  settingsService: SettingsService;
  system: SystemService;
  /** Called on shutdown in reverse order of registration. */
  onDispose(fn: () => Promise<void> | void): void;
  dispose(): Promise<void>;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** Use the sandbox Exchange whatever the settings say (CLI --sandbox, tests). */
  forceSandbox?: boolean;
  /** Injected by the desktop shell (safeStorage); memory-only otherwise. */
  secrets?: SecretStore;
  /** Tests may give their own; otherwise the data folder's diagnostics log. */
  diagnostics?: Diagnostics;
  /** Tests and the benchmark shorten the notify retries and polls. */
  notifyTiming?: Pick<NotifyDeps, 'backoffMs' | 'auditPollMs' | 'sweepMs' | 'clock'>;
}

export async function createServices(opts: ServiceOptions = {}): Promise<Services> {
  const env = opts.env ?? process.env;
  const paths = resolvePaths(env);
  const diagnostics = opts.diagnostics ?? createDiagnostics(paths.dataDir);
  for (const problem of paths.problems) diagnostics.warn(problem);
  const processCaller = new Caller(`process-${process.pid}`, 'cli', diagnostics);
  const policy = new PolicySource(defaultPolicyFile(env), diagnostics);
  await policy.load();
  // What every caller sees: the user's settings, the machine policy's pinned values over them, and
  // the sandbox forced over both when a door asked for it.
  const settings = new SettingsStore(
    paths.settingsFile,
    (s) => {
      const pinned = applyPolicy(s, policy.current());
      return opts.forceSandbox ? { ...pinned, exchange: { ...pinned.exchange, mode: 'sandbox' } } : pinned;
    },
    diagnostics,
  );
  await settings.load();
  const disposers: Array<() => Promise<void> | void> = [];
  const events = new EventBus();
  const powershell = new PowerShellLocator(paths.toolsDir, env, diagnostics);
  const secrets = opts.secrets ?? new MemorySecretStore();
  const audit = new AuditService({ file: join(paths.dataDir, 'audit', 'audit.jsonl'), diagnostics });
  const exchange = new ExchangeService({
    paths,
    settings,
    events,
    powershell,
    secrets,
    audit,
    diagnostics,
    env,
    policyRefusal: (action) => policyRefusal(policy.current(), action, policy.file),
  });
  disposers.push(() => exchange.dispose());
  // Changes whose process died before their end record: read back now, in the background (listings wait for it).
  const reconciling = reconcileAudit({ audit, readBack: (rb) => exchange.reconcileReadBack(rb), diagnostics }).catch((e: unknown) =>
    diagnostics.error('Reconciling the audit trail failed', e),
  );
  audit.waitFor(reconciling);
  disposers.push(() => reconciling.then(() => undefined));
  const sessionState = () => exchange.status();
  const findPowerShell = (path: string | null) => powershell.get(path);
  const plans = new PlanService({ settings: () => settings.get(), pool: new InspectPool({ appRoot: paths.appRoot, diagnostics }) });
  const connectivity = new ConnectivityService({
    settings: () => settings.get(),
    session: (current) => sessionAvailability({ paths, secrets, powershell: findPowerShell, diagnostics }, current),
    paths,
    diagnostics,
    env,
  });
  const settingsService = new SettingsService({ store: settings, events, sessionState, invalidatePowerShell: () => powershell.invalidate(), policy });
  const system = new SystemService({
    paths,
    diagnosticsLog: diagnostics.path,
    settings: settingsService,
    powershell: findPowerShell,
    sessionState,
    flushDiagnostics: () => diagnostics.flush(),
    lastConnectivityRun: async () => (await connectivity.history({ limit: 1 })).runs[0] ?? null,
    knownSecrets: async () => (await secrets.values?.()) ?? [],
    policy: () => policy.info(),
  });
  // Headless secrets (hmc secret set smtp): DPAPI through PowerShell on Windows, an owner-only file elsewhere.
  const headless = new FileSecretStore(
    join(paths.dataDir, 'headless-secrets.json'),
    process.platform === 'win32'
      ? dpapiProtector(async () => {
          const ps = await powershell.get((await settings.get()).powershell.path);
          if (!ps.found) throw new HmcError('POWERSHELL_MISSING', `${ps.reason} DPAPI needs it: ${ps.hint}`);
          return ps.path;
        })
      : OWNER_ONLY,
  );
  const notify = new NotifyService({
    settings: () => settings.get(),
    events,
    secrets,
    headless,
    diagnostics,
    dataDir: paths.dataDir,
    auditFile: audit.file,
    appVersion: paths.appVersion,
    connectivityRuns: () => new ConnectivityHistory(join(paths.dataDir, 'connectivity-history.json'), diagnostics).list(10),
    // The story is made after notify (it reads the logs service); the mail asks it when a failure names a user.
    storyFor: async (user) => {
      const s = await story.get({ identity: user });
      const recent = s.events.slice(-8).map((e) => `${e.time ?? '?'}  ${e.title}`);
      return { verdict: `${s.verdict.state}: ${s.verdict.sentence}`, details: recent.join('\n') };
    },
    ...opts.notifyTiming,
  });
  disposers.push(() => notify.dispose());
  const logs = new LogService({ settings: () => settings.get(), events, diagnostics });
  disposers.push(() => logs.dispose());
  const rules = new RuleService({ paths, settings, powershell, exchange, diagnostics, audit, env, allowLogFile: (p) => logs.access.grantWritten(p) });
  const story = new StoryService({
    settings: () => settings.get(),
    recipient: (identity) => exchange.get(identity),
    incomingPlans: (input) => logs.incomingPlans(input),
    searchLogs: (input) => logs.search(input),
    audit: (input) => audit.list(input),
    // Read from the file each time (as notify does): runs of another process (`hmc check` on a terminal) count too.
    connectivityRuns: () => new ConnectivityHistory(join(paths.dataDir, 'connectivity-history.json'), diagnostics).list(50),
    diagnostics,
  });
  const services: Services = {
    env,
    paths,
    diagnostics,
    processCaller,
    settings,
    events,
    powershell,
    secrets,
    audit,
    exchange,
    sessionState,
    plans,
    connectivity,
    authorities: new PathAuthorities(),
    settingsService,
    system,
    notify,
    logs,
    rules,
    story,
    onDispose(fn) {
      disposers.push(fn);
    },
    async dispose() {
      // What callers hold (follows, opened files) goes first, then the services, newest first.
      await processCaller.end();
      for (const fn of disposers.reverse()) {
        try {
          await fn();
        } catch (e) {
          // Keep shutting down the rest; say what failed.
          diagnostics.error('A service failed to shut down', e);
        }
      }
      await diagnostics.flush();
    },
  };
  return services;
}
