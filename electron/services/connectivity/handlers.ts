import { join } from 'node:path';
import { HmcError } from '../../../shared/errors';
import { htmlReport, jsonReport, reportFileName } from '../../../shared/connectivity/report';
import type { Handlers } from '../../core/router';
import type { Services } from '../../app/services';
import { ConnectivityHistory } from './history';
import { runConnectivity } from './service';
import { sessionAvailability } from './engine';

export function connectivityHandlers(s: Services): Pick<Handlers, 'connectivity.check' | 'connectivity.history' | 'connectivity.export'> {
  const history = new ConnectivityHistory(join(s.paths.dataDir, 'connectivity-history.json'));
  return {
    'connectivity.check': async (input) => {
      const settings = await s.settings.get();
      const run = await runConnectivity(input, settings, await sessionAvailability(s, settings), s.env);
      if (input.record !== false) await history.add(run, settings.connectivity.historySize);
      return run;
    },
    'connectivity.history': async (input) => ({ runs: await history.list(input.limit) }),
    'connectivity.export': async (input) => {
      const run = await history.get(input.runId);
      if (!run) {
        throw new HmcError('INVALID_INPUT', input.runId ? `There is no run ${input.runId.slice(0, 40)} in the history; run the checks again.` : 'There is no run to export yet; run the checks first.');
      }
      return input.format === 'json'
        ? { fileName: reportFileName(run, 'json'), mimeType: 'application/json', content: jsonReport(run) }
        : { fileName: reportFileName(run, 'html'), mimeType: 'text/html', content: htmlReport(run) };
    },
  };
}
