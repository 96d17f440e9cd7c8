/**
 * The services container: one instance of each capability's service, shared by every door.
 * Services never import 'electron'; the desktop shell injects what only Electron can give
 * (e.g. the safeStorage-backed secret store).
 */
import type { SessionState } from '../../shared/schemas/system';
import { PowerShellLocator } from '../services/powershell/locate';
import { SettingsStore } from '../services/settings/store';
import { EventBus } from './events';
import { resolvePaths, type AppPaths } from './paths';

export interface Services {
  paths: AppPaths;
  settings: SettingsStore;
  events: EventBus;
  powershell: PowerShellLocator;
  sessionState(): SessionState;
  /** Called on shutdown in reverse order of registration. */
  onDispose(fn: () => Promise<void> | void): void;
  dispose(): Promise<void>;
}

export interface ServiceOptions {
  env?: NodeJS.ProcessEnv;
  /** Use the sandbox Exchange whatever the settings say (CLI --sandbox, tests). */
  forceSandbox?: boolean;
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
  const services: Services = {
    paths,
    settings,
    events,
    powershell: new PowerShellLocator(paths.toolsDir, env),
    sessionState: () => ({
      state: 'disconnected',
      mode: settings.snapshot().settings.exchange.mode,
      host: null,
      since: null,
      error: null,
    }),
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
