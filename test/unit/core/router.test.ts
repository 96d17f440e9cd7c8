import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers } from '../../../electron/core/router';
import { HmcError } from '../../../shared/errors';
import { defaultSettings } from '../../../shared/settings/schema';
import type { SystemStatus } from '../../../shared/system/schemas';

const status: SystemStatus = {
  appVersion: '1.2.3',
  exchangeMode: 'sandbox',
  sandbox: true,
  powershell: { found: true, path: '/x/pwsh', edition: 'Core', version: '7.6.9' },
  settings: { path: '/tmp/s.json', problem: null },
  dataDir: '/tmp',
  diagnosticsLog: '/tmp/diagnostics/hmc.log',
  platform: 'linux',
  session: { state: 'disconnected', mode: 'sandbox', host: null, since: null, error: null },
  policy: { file: '(none)', present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } },
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  return {
    'system.status': () => status,
    'settings.get': () => defaultSettings(),
    'settings.update': (s) => s,
    ...overrides,
  } as Handlers;
}

describe('router', () => {
  it('answers a known operation with an ok envelope', async () => {
    const r = createRouter(handlers());
    expect(await r.call('system.status', {}, { door: 'test' })).toEqual({ ok: true, value: status });
  });

  it('refuses an unknown operation with UNKNOWN_OPERATION, including prototype names', async () => {
    const r = createRouter(handlers());
    for (const name of ['nope', 'constructor', '__proto__', 42, null]) {
      const env = await r.call(name, {}, { door: 'test' });
      expect(env.ok).toBe(false);
      if (!env.ok) expect(env.error.code).toBe('UNKNOWN_OPERATION');
    }
  });

  it('validates input before the handler runs and names the bad field', async () => {
    let ran = false;
    const r = createRouter(handlers({ 'settings.update': (s) => ((ran = true), s) }));
    const env = await r.call('settings.update', { exchange: { mode: 'production' } }, { door: 'test' });
    expect(ran).toBe(false);
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('INVALID_INPUT');
      expect(env.error.message).toContain('exchange.mode');
    }
  });

  it('refuses extra input fields on strict operations', async () => {
    const r = createRouter(handlers());
    const env = await r.call('system.status', { sneaky: 1 }, { door: 'test' });
    expect(env.ok).toBe(false);
  });

  it('turns an HmcError into its envelope', async () => {
    const r = createRouter(
      handlers({
        'system.status': () => {
          throw new HmcError('POWERSHELL_MISSING', 'No PowerShell.', { where: 'PATH' });
        },
      }),
    );
    expect(await r.call('system.status', {}, { door: 'test' })).toEqual({
      ok: false,
      error: { code: 'POWERSHELL_MISSING', message: 'No PowerShell.', details: { where: 'PATH' } },
    });
  });

  it('reports an unexpected exception as INTERNAL with secrets redacted', async () => {
    const r = createRouter(
      handlers({
        'system.status': () => {
          throw new Error('connect failed password=Hunter2!');
        },
      }),
    );
    const env = await r.call('system.status', {}, { door: 'test' });
    expect(env.ok).toBe(false);
    if (!env.ok) {
      expect(env.error.code).toBe('INTERNAL');
      expect(env.error.message).not.toContain('Hunter2');
    }
  });

  it('refuses a handler result that breaks the output contract', async () => {
    const r = createRouter(handlers({ 'system.status': () => ({ ...status, exchangeMode: 'weird' }) as unknown as SystemStatus }));
    const env = await r.call('system.status', {}, { door: 'test' });
    expect(env.ok).toBe(false);
    if (!env.ok) expect(env.error.code).toBe('INTERNAL');
  });

  it('invoke() rebuilds the error envelope into an HmcError', async () => {
    const r = createRouter(
      handlers({
        'system.status': () => {
          throw new HmcError('TIMEOUT', 'Too slow.');
        },
      }),
    );
    await expect(r.invoke('system.status', {}, { door: 'test' })).rejects.toMatchObject({ name: 'HmcError', code: 'TIMEOUT' });
  });
});
