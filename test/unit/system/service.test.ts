import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      policy: { file: '(none)', present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } },
    });
    expect(asked).toEqual(['/opt/pwsh']);
  });
});

describe('the diagnostics report', () => {
  const known = 'K3pt-In-The-Store!';
  const secrets = [known, 'Hunter2Secret', '2:q0Zk3pR9xW1vTnL8sY4bAg==', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXZhbHVl'];

  async function report(lines: string[], dir: string) {
    const log = join(dir, 'diagnostics', 'hmc.log');
    mkdirSync(join(dir, 'diagnostics'), { recursive: true });
    writeFileSync(log, lines.join('\n') + '\n');
    const settings = defaultSettings();
    settings.exchange.credentialUser = 'svc-hmc';
    // A field under a secret name holds a value: the report masks it whatever it looks like.
    const withSecretMember = { ...settings, extra: { smtpPassword: 'plain-looking-value' } };
    const system = new SystemService({
      paths: { appRoot: '/app', dataDir: dir, settingsFile: join(dir, 'settings.json'), toolsDir: '/app/.tools', appVersion: '9.9.9', problems: [] },
      diagnosticsLog: log,
      settings: { get: async () => withSecretMember as typeof settings, problem: () => null },
      powershell: async () => ({ found: true, path: '/opt/pwsh', edition: 'Core', version: '7.6.9' }),
      sessionState: () => ({ state: 'failed', mode: 'remote', host: 'exch01', since: null, error: `Logon failed for -Password ${secrets[1]}` }),
      lastConnectivityRun: async () => null,
      knownSecrets: async () => [known],
      clock: () => new Date('2026-12-04T10:00:00.000Z'),
      platform: 'linux',
    });
    return system.diagnostics();
  }

  it('keeps the last 200 diagnostics lines, the settings and the versions, and no secret of any shape', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmc-diag-'));
    const lines = Array.from({ length: 250 }, (_, i) => `2026-12-04T09:00:00.000Z [info] line ${i}`);
    lines.push(`2026-12-04T09:59:00.000Z [warn] retry with password=${secrets[1]} and known ${known}`);
    lines.push(`2026-12-04T09:59:01.000Z [warn] plan value ${secrets[2]}, Authorization: Bearer ${secrets[3]}`);
    const r = await report(lines, dir);
    expect(r.fileName).toBe('hmc-diagnostics-2026-12-04T10-00-00Z.txt');
    expect(r.text).toContain('line 52\n');
    expect(r.text).not.toContain('line 51\n');
    expect(r.text).toContain('PowerShell: Core 7.6.9');
    // A name with "credential" in it is treated as secret, even the user name beside the password.
    expect(r.text).toContain('"credentialUser": "********"');
    expect(r.text).toContain('"smtpPassword": "********"');
    expect(r.text).toContain('(no connectivity run yet)');
    for (const s of [...secrets, 'plain-looking-value']) expect(r.text).not.toContain(s);
    expect(r.text.split('\n').filter((l) => l.includes(' [info] line ')).length).toBe(198);
  });

  it('says the log is empty rather than failing when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmc-diag-'));
    const r = await report([], dir);
    expect(r.text).toContain('== Last 200 diagnostics lines ==');
  });
});
