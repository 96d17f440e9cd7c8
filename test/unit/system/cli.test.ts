/** hmc status (electron/cli/commands/system.ts) over a stand-in core. */
import { describe, expect, it } from 'vitest';
import { runHmc } from '../../support/cli';
import { createRouter } from '../../../electron/core/router';
import type { Core } from '../../../electron/app/core';
import { defaultSettings } from '../../../shared/settings/schema';
import type { SystemStatus } from '../../../shared/system/schemas';

function fakeCore(status: SystemStatus): () => Promise<Core> {
  const router = createRouter({
    'system.status': () => status,
    'settings.get': () => defaultSettings(),
    'settings.update': (s: unknown) => s,
  } as never);
  return async () => ({ router, services: {} as Core['services'], dispose: async () => {} });
}

const status: SystemStatus = {
  appVersion: '0.1.0',
  exchangeMode: 'sandbox',
  sandbox: true,
  powershell: { found: false, reason: 'No PowerShell was found on PATH.', hint: 'Install PowerShell 7.' },
  settings: { path: '/tmp/s.json', problem: null },
  dataDir: '/tmp',
  diagnosticsLog: '/tmp/diagnostics/hmc.log',
  platform: 'linux',
  session: { state: 'disconnected', mode: 'sandbox', host: null, since: null, error: null },
  policy: { file: '(none)', present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } },
};

describe('hmc status', () => {
  it('status --json with no PowerShell: one JSON document, exit 1, how-to on stderr', async () => {
    const t = await runHmc(['status', '--json'], { env: {}, core: fakeCore(status) });
    expect(t.code).toBe(1);
    expect(JSON.parse(t.out)).toEqual(status);
    expect(t.err).toContain('Install PowerShell 7.');
  });

  it('status without --json prints human text on stdout', async () => {
    const found = { ...status, powershell: { found: true as const, path: '/x/pwsh', edition: 'Core', version: '7.6.9' } };
    const t = await runHmc(['status'], { env: {}, core: fakeCore(found) });
    expect(t.code).toBe(0);
    expect(t.out).toContain('PowerShell:    Core 7.6.9 at /x/pwsh');
    expect(t.out).toContain('SANDBOX');
    expect(t.err).toBe('');
  });
});
