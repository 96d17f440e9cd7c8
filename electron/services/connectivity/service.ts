/**
 * The connectivity capability's service: runs the checks with the current settings and the session
 * engine it is given, keeps the last runs in the history file of the data folder, and turns a run
 * into a JSON or HTML report.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import type { CheckInput, CheckRun, ExportInput, ExportOutput, HistoryInput, HistoryOutput } from '../../../shared/connectivity/schemas';
import { htmlReport, jsonReport, reportFileName } from '../../../shared/connectivity/report';
import { HmcError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import type { AppPaths } from '../../core/paths';
import { ConnectivityHistory } from './history';
import { runConnectivity } from './run';
import type { SessionAvailability } from './session';

export interface ConnectivityServiceDeps {
  settings: () => Promise<Settings>;
  /** Whether a real remote session can be tried with these settings, and the probe that tries it. */
  session: (settings: Settings) => Promise<SessionAvailability>;
  paths: Pick<AppPaths, 'dataDir'>;
  diagnostics: Diagnostics;
  /** HMC_DNS_SERVERS is read from here. */
  env: NodeJS.ProcessEnv;
}

export class ConnectivityService {
  private readonly runs: ConnectivityHistory;

  constructor(private readonly deps: ConnectivityServiceDeps) {
    this.runs = new ConnectivityHistory(join(deps.paths.dataDir, 'connectivity-history.json'), deps.diagnostics);
  }

  async check(input: z.output<typeof CheckInput>): Promise<CheckRun> {
    const settings = await this.deps.settings();
    const run = await runConnectivity(input, settings, await this.deps.session(settings), this.deps.env);
    if (input.record !== false) await this.runs.add(run, settings.connectivity.historySize);
    return run;
  }

  /** The last runs, newest first. */
  async history(input: z.output<typeof HistoryInput>): Promise<HistoryOutput> {
    return { runs: await this.runs.list(input.limit) };
  }

  /** A run of the history (the latest when no id is given) as a report file. */
  async export(input: z.output<typeof ExportInput>): Promise<ExportOutput> {
    const run = await this.runs.get(input.runId);
    if (!run) {
      throw new HmcError(
        'INVALID_INPUT',
        input.runId ? `There is no run ${input.runId.slice(0, 40)} in the history; run the checks again.` : 'There is no run to export yet; run the checks first.',
      );
    }
    return input.format === 'json'
      ? { fileName: reportFileName(run, 'json'), mimeType: 'application/json', content: jsonReport(run) }
      : { fileName: reportFileName(run, 'html'), mimeType: 'text/html', content: htmlReport(run) };
  }
}
