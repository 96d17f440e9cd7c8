import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../electron/app/core';

describe('remote mode off Windows', () => {
  it.skipIf(process.platform === 'win32')('says in one sentence that remote needs Windows, instead of a PowerShell parameter error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-remote-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'remote', hosts: ['exch01.corp.example.org'] } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    try {
      const r = await core.router.call('session.connect', { force: true }, { door: 'test' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('SESSION_UNREACHABLE');
        expect(r.error.message).toMatch(/^Remote mode needs Windows/);
      }
      const status = await core.router.invoke('system.status', {}, { door: 'test' });
      expect(status.session.state).toBe('failed');
    } finally {
      await core.dispose();
    }
  });
});
