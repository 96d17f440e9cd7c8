/**
 * The system capability's service: one status of the console (version, Exchange mode, the
 * PowerShell found, the session, the settings file and the data folder), for the status bar and
 * `hmc status`. It reads what other capabilities know through the functions it is given.
 */
import type { SessionState } from '../../../shared/exchange/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { PowerShellInfo, SystemStatus } from '../../../shared/system/schemas';
import type { AppPaths } from '../../core/paths';

export interface SystemServiceDeps {
  paths: AppPaths;
  /** The diagnostics log's path, where INTERNAL errors are explained. */
  diagnosticsLog: string;
  settings: {
    get(): Promise<Settings>;
    /** Set when the settings file was invalid and defaults are in use. */
    problem(): string | null;
  };
  /** The PowerShell the console would use (an explicit path, or null to discover one). */
  powershell: (explicitPath: string | null) => Promise<PowerShellInfo>;
  sessionState: () => SessionState;
  platform?: NodeJS.Platform;
}

export class SystemService {
  constructor(private readonly deps: SystemServiceDeps) {}

  async status(): Promise<SystemStatus> {
    const { paths, settings } = this.deps;
    const current = await settings.get();
    const powershell = await this.deps.powershell(current.powershell.path);
    return {
      appVersion: paths.appVersion,
      exchangeMode: current.exchange.mode,
      sandbox: current.exchange.mode === 'sandbox',
      powershell,
      settings: { path: paths.settingsFile, problem: settings.problem() },
      dataDir: paths.dataDir,
      diagnosticsLog: this.deps.diagnosticsLog,
      platform: this.deps.platform ?? process.platform,
      session: this.deps.sessionState(),
    };
  }
}
