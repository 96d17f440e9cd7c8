import { mkdtempSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { candidatePaths, locatePowerShell } from '../../../electron/services/powershell/locate';

describe('PowerShell discovery', () => {
  it('looks on PATH first, then in the tools folder', () => {
    const c = candidatePaths({ explicitPath: null, toolsDir: '/t', env: { PATH: '/a:/b' }, platform: 'linux' });
    expect(c).toEqual(['/a/pwsh', '/b/pwsh', '/t/pwsh/pwsh']);
  });

  it('on Windows tries pwsh.exe before powershell.exe', () => {
    const c = candidatePaths({ explicitPath: null, toolsDir: 'C:\\t', env: { PATH: 'C:\\a' }, platform: 'win32' });
    expect(c[0]).toMatch(/pwsh\.exe$/);
    expect(c[1]).toMatch(/powershell\.exe$/);
  });

  it('gives a reason and a hint when none exists', async () => {
    const info = await locatePowerShell({ explicitPath: null, toolsDir: '/nonexistent', env: { PATH: '/nonexistent-bin' } });
    expect(info.found).toBe(false);
    if (!info.found) {
      expect(info.reason).toMatch(/No PowerShell was found/);
      expect(info.hint).toMatch(/setup:pwsh/);
    }
  });

  it('says so when the configured path is wrong', async () => {
    const info = await locatePowerShell({ explicitPath: '/nope/pwsh', toolsDir: '/x', env: {} });
    expect(info.found).toBe(false);
    if (!info.found) expect(info.reason).toContain('/nope/pwsh');
  });

  it('reports an executable that is not a working PowerShell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmc-fakepwsh-'));
    mkdirSync(join(dir, 'bin'));
    const fake = join(dir, 'bin', 'pwsh');
    writeFileSync(fake, '#!/bin/sh\nexit 3\n');
    chmodSync(fake, 0o755);
    const info = await locatePowerShell({ explicitPath: null, toolsDir: '/x', env: { PATH: join(dir, 'bin') } });
    expect(info.found).toBe(false);
    if (!info.found) expect(info.reason).toContain('did not run');
  });
});

describe('probe timeout', () => {
  it('kills the whole process tree of a launcher that hangs (a .NET-tool pwsh runs PowerShell as a child)', async () => {
    const { probe } = await import('../../../electron/services/powershell/locate');
    const { existsSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'hmc-hang-'));
    const marker = join(dir, 'child-survived');
    const launcher = join(dir, 'pwsh');
    // The launcher starts a grandchild that would write the marker after 1.5 s, then waits on it.
    writeFileSync(launcher, `#!/bin/sh\n(sleep 1.5; touch '${marker}') &\nwait\n`);
    chmodSync(launcher, 0o755);
    await expect(probe(launcher, 300)).rejects.toThrow(/no answer in 300 ms/);
    await new Promise((r) => setTimeout(r, 2000));
    expect(existsSync(marker)).toBe(false);
  });
});
