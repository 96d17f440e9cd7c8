/**
 * The system capability's service: one status of the console (version, Exchange mode, the
 * PowerShell found, the session, the settings file and the data folder), for the status bar and
 * `hmc status`. It reads what other capabilities know through the functions it is given.
 */
import type { SessionState } from '../../../shared/exchange/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { readFile } from 'node:fs/promises';
import { release } from 'node:os';
import type { CheckRun } from '../../../shared/connectivity/schemas';
import { diagnosticsReport, reportFileName } from '../../../shared/system/report';
import type { PolicyInfo } from '../../../shared/settings/policy';
import type { DiagnosticsReport, PowerShellInfo, SystemStatus } from '../../../shared/system/schemas';
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
  /** Waits until the diagnostics log holds everything logged so far. */
  flushDiagnostics?: () => Promise<void>;
  /** The latest connectivity run of the history, for the diagnostics report. */
  lastConnectivityRun?: () => Promise<CheckRun | null>;
  /** Values the secret store holds: scrubbed from the report whatever their shape. */
  knownSecrets?: () => Promise<string[]>;
  clock?: () => Date;
  /** The machine-wide policy as last read. */
  policy?: () => PolicyInfo;
}

const NO_POLICY_INFO: PolicyInfo = { file: '(none)', present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } };

/** The diagnostics log and the file it rotated to (`hmc.log` -> `hmc.old.log`), oldest lines first. */
async function diagnosticsLines(path: string): Promise<string[]> {
  const read = async (file: string): Promise<string[]> => {
    try {
      return (await readFile(file, 'utf8')).split('\n').filter((l) => l.length > 0);
    } catch (e) {
      // No log yet (nothing was logged) or no rotated file: the report says the log is empty.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      return [`(the diagnostics log ${file} could not be read: ${(e as Error).message})`];
    }
  };
  const current = await read(path);
  if (current.length >= 200) return current;
  const old = await read(path.replace(/\.log$/, '.old.log'));
  return [...old, ...current];
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
      policy: this.deps.policy?.() ?? NO_POLICY_INFO,
    };
  }

  /** The redacted report Help > About copies and `hmc diagnostics` writes. */
  async diagnostics(): Promise<DiagnosticsReport> {
    const generatedAt = (this.deps.clock?.() ?? new Date()).toISOString();
    await this.deps.flushDiagnostics?.();
    const [status, settings, lines, lastRun, knownSecrets] = await Promise.all([
      this.status(),
      this.deps.settings.get(),
      diagnosticsLines(this.deps.diagnosticsLog),
      this.deps.lastConnectivityRun?.() ?? Promise.resolve(null),
      this.deps.knownSecrets?.() ?? Promise.resolve([]),
    ]);
    const versions: Record<string, string> = {
      'Hybrid Mailbox Console': this.deps.paths.appVersion,
      Node: process.versions.node,
      OS: `${process.platform} ${release()} ${process.arch}`,
    };
    if (process.versions.electron) versions.Electron = process.versions.electron;
    if (process.versions.chrome) versions.Chromium = process.versions.chrome;
    if (status.powershell.found) versions.PowerShell = `${status.powershell.edition} ${status.powershell.version}`;
    const text = diagnosticsReport({ generatedAt, status, versions, settings, diagnosticsLines: lines, lastRun, knownSecrets });
    return { fileName: reportFileName(generatedAt), generatedAt, text };
  }
}
