import type { Handlers } from '../../core/router';
import type { Services } from '../../app/services';

export function systemHandlers(s: Services): Pick<Handlers, 'system.status' | 'settings.get' | 'settings.update'> {
  return {
    'system.status': async () => {
      const settings = await s.settings.get();
      const powershell = await s.powershell.get(settings.powershell.path);
      return {
        appVersion: s.paths.appVersion,
        exchangeMode: settings.exchange.mode,
        sandbox: settings.exchange.mode === 'sandbox',
        powershell,
        settings: { path: s.paths.settingsFile, problem: s.settings.getProblem() },
        dataDir: s.paths.dataDir,
        diagnosticsLog: s.diagnostics.path,
        platform: process.platform,
        session: s.sessionState(),
      };
    },
    'settings.get': () => s.settings.get(),
    'settings.update': async (input) => {
      const saved = await s.settings.save(input);
      s.powershell.invalidate();
      // The mode may have changed: every window's status bar and sandbox banner re-reads the status.
      s.events.emit('session.status', s.sessionState());
      return saved;
    },
  };
}
