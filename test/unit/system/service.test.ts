import { describe, expect, it } from 'vitest';
import { SystemService } from '../../../electron/services/system/service';
import { defaultSettings } from '../../../shared/settings/schema';
import type { SessionState } from '../../../shared/exchange/schemas';

describe('system service', () => {
  it('joins version, mode, the PowerShell for the configured path, the settings file and the session', async () => {
    const settings = defaultSettings();
    settings.powershell.path = '/opt/pwsh';
    const asked: Array<string | null> = [];
    const session: SessionState = { state: 'disconnected', mode: 'sandbox', host: null, since: null, error: null };
    const system = new SystemService({
      paths: { appRoot: '/app', dataDir: '/data', settingsFile: '/data/settings.json', toolsDir: '/app/.tools', appVersion: '9.9.9', problems: [] },
      diagnosticsLog: '/data/diagnostics/hmc.log',
      settings: { get: async () => settings, problem: () => 'The settings field "x" is invalid.' },
      powershell: async (path) => {
        asked.push(path);
        return { found: true, path: path ?? '?', edition: 'Core', version: '7.6.9' };
      },
      sessionState: () => session,
      platform: 'linux',
    });
    expect(await system.status()).toEqual({
      appVersion: '9.9.9',
      exchangeMode: 'sandbox',
      sandbox: true,
      powershell: { found: true, path: '/opt/pwsh', edition: 'Core', version: '7.6.9' },
      settings: { path: '/data/settings.json', problem: 'The settings field "x" is invalid.' },
      dataDir: '/data',
      diagnosticsLog: '/data/diagnostics/hmc.log',
      platform: 'linux',
      session,
    });
    expect(asked).toEqual(['/opt/pwsh']);
  });
});
