/**
 * The session layer through the real PowerShell engine (pwsh 7 from .tools): when it can be tried,
 * and what a failed New-PSSession comes back as (PowerShell on Linux has no WSMan client, so the
 * attempt against the loopback /PowerShell/ server fails: the probe must classify it, not crash or hang).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { engineProbe, sessionAvailability, type SessionEngineDeps } from '../../../electron/services/connectivity/engine';
import { defaultSettings } from '../../../shared/settings/schema';
import { ERROR_CODES } from '../../../shared/errors';
import { httpServer, type Running } from './servers';

let core: Core;
let server: Running;

/** What the composition root gives the engine, taken from this test's core. */
function engine(): SessionEngineDeps {
  const s = core.services;
  return { paths: s.paths, secrets: s.secrets, powershell: (path) => s.powershell.get(path), diagnostics: s.diagnostics };
}

beforeAll(async () => {
  core = await createCore({ env: { ...process.env, HMC_HOME: mkdtempSync(join(tmpdir(), 'hmc-sess-')) } });
  server = await httpServer({ kind: 'challenge', schemes: ['Negotiate', 'Kerberos'] });
});

afterAll(async () => {
  await server.close();
  await core.dispose();
});

describe('session layer', () => {
  it('says why no session is tried', async () => {
    const s = defaultSettings();
    expect((await sessionAvailability(engine(), s)).probe).toBeNull();
    s.exchange.mode = 'remote';
    const linux = await sessionAvailability(engine(), s, 'linux');
    expect(linux.probe).toBeNull();
    if (!linux.probe) expect(linux.reason).toMatch(/needs Windows/);
    expect((await sessionAvailability(engine(), s, 'win32')).probe).not.toBeNull();
  });

  it('a real attempt through the engine comes back classified', async () => {
    const status = await core.router.invoke('system.status', {}, { door: 'test' });
    expect(status.powershell.found).toBe(true);
    if (!status.powershell.found) return;
    const s = defaultSettings();
    s.exchange.mode = 'remote';
    const probe = engineProbe(engine(), s, status.powershell.path);
    const attempt = await probe.tryHost(`localhost:${server.port}`, 30_000, new AbortController().signal);
    expect(attempt.ok).toBe(false);
    if (!attempt.ok) {
      expect(ERROR_CODES).toContain(attempt.code);
      expect(attempt.message, attempt.message).toMatch(/^Connect-HmcRemote: \S/);
    }
  });
});
