/**
 * The built `hmc` (bin/hmc.js -> out/cli.js) with a real PowerShell, as a newcomer runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, existsSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const hmc = join(root, 'bin', 'hmc.js');

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [hmc, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('hmc status (built CLI, real PowerShell)', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'out', 'cli.js'))).toBe(true);
  });

  it('reports the real PowerShell path and version', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
    const r = await run(['status', '--json'], { ...process.env, HMC_HOME: home });
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout);
    expect(status.powershell.found).toBe(true);
    expect(status.powershell.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(existsSync(status.powershell.path)).toBe(true);
    expect(status.exchangeMode).toBe('sandbox');
    expect(status.settings.path).toBe(join(home, 'settings.json'));
  });

  it('without PowerShell: status with the reason, exit 1, one sentence on stderr', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
    const r = await run(['status', '--json'], { PATH: '/nonexistent', HMC_HOME: home, HMC_TOOLS_DIR: join(home, 'no-tools') });
    expect(r.code).toBe(1);
    const status = JSON.parse(r.stdout);
    expect(status.powershell.found).toBe(false);
    expect(r.stderr).toMatch(/^hmc: No PowerShell was found.*Install PowerShell 7/);
  });

  it('an invalid settings file is kept aside and reported, and status still works', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { hosts: 'exch01' } }));
    const r = await run(['status', '--json'], { ...process.env, HMC_HOME: home });
    const status = JSON.parse(r.stdout);
    expect(status.settings.problem).toContain('exchange.hosts');
    expect(readdirSync(home).some((f) => f.startsWith('settings.json.invalid-'))).toBe(true);
  });
});
