/**
 * The services container: one instance of each capability's service, shared by every door.
 * Services never import 'electron'; the desktop shell injects what only Electron can give
 * (e.g. the safeStorage-backed secret store).
 */
import type { SessionState } from '../../shared/exchange/schemas';
import { PowerShellLocator } from '../services/powershell/locate';
import { SettingsStore } from '../services/settings/store';
import { AuditLog } from '../services/audit/log';
import { ExchangeService } from '../services/exchange/service';
import { RuleService } from '../services/rules/service';
import { MemorySecretStore, type SecretStore } from '../services/secrets/store';
import { join } from 'node:path';
import { EventBus } from '../core/events';
import { resolvePaths, type AppPaths } from '../core/paths';
import { createDiagnostics, type Diagnostics } from '../core/diagnostics';
import { Caller } from '../core/callers';

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
  audit: AuditLog;
  /** The PowerShell host, the Exchange session and the recipient operations. */
  exchange: ExchangeService;
  /** The Rule kit: generated native rules and the replay harness. */
  rules: RuleService;
  sessionState(): SessionState;
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
}

export async function createServices(opts: ServiceOptions = {}): Promise<Services> {
  const env = opts.env ?? process.env;
  const paths = resolvePaths(env);
  const diagnostics = opts.diagnostics ?? createDiagnostics(paths.dataDir);
  const processCaller = new Caller(`process-${process.pid}`, 'cli', diagnostics);
  const settings = new SettingsStore(
    paths.settingsFile,
    opts.forceSandbox ? (s) => ({ ...s, exchange: { ...s.exchange, mode: 'sandbox' } }) : undefined,
  );
  await settings.load();
  const disposers: Array<() => Promise<void> | void> = [];
  const events = new EventBus();
  const powershell = new PowerShellLocator(paths.toolsDir, env);
  const secrets = opts.secrets ?? new MemorySecretStore();
  const audit = new AuditLog(join(paths.dataDir, 'audit', 'audit.jsonl'));
  const exchange = new ExchangeService({ paths, settings, events, powershell, secrets, audit, env });
  disposers.push(() => exchange.dispose());
  const rules = new RuleService({ paths, settings, powershell, exchange, diagnostics, audit, env });
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
    rules,
    sessionState: () => exchange.status(),
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
