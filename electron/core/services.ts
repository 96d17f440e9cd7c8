/**
 * The services container: one instance of each capability's service, shared by every door.
 * Services never import 'electron'; the desktop shell injects what only Electron can give
 * (e.g. the safeStorage-backed secret store).
 */
import type { SessionState } from '../../shared/schemas/system';
import { PowerShellLocator } from '../services/powershell/locate';
import { SettingsStore } from '../services/settings/store';
import { AuditLog } from '../services/audit/log';
import { ExchangeService } from '../services/exchange/service';
import { MemorySecretStore, type SecretStore } from '../services/secrets/store';
import { join } from 'node:path';
import { EventBus } from './events';
import { resolvePaths, type AppPaths } from './paths';

export interface Services {
  /** The environment the core was created with (process.env unless a door or test gave its own). */
  env: NodeJS.ProcessEnv;
  paths: AppPaths;
  settings: SettingsStore;
  events: EventBus;
  powershell: PowerShellLocator;
  /** Credentials: Electron safeStorage in the desktop app, memory for the web host and the CLI. */
  secrets: SecretStore;
  /** Append-only trail of changes. */
  audit: AuditLog;
  /** The PowerShell host, the Exchange session and the recipient operations. */
  exchange: ExchangeService;
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
}

export async function createServices(opts: ServiceOptions = {}): Promise<Services> {
  const env = opts.env ?? process.env;
  const paths = resolvePaths(env);
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
  const services: Services = {
    env,
    paths,
    settings,
    events,
    powershell,
    secrets,
    audit,
    exchange,
    sessionState: () => exchange.status(),
    onDispose(fn) {
      disposers.push(fn);
    },
    async dispose() {
      for (const fn of disposers.reverse()) {
        try {
          await fn();
        } catch {
          // keep shutting down the rest
        }
      }
    },
  };
  return services;
}
