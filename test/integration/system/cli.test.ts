/**
 * The built `hmc` (bin/hmc.js -> out/cli.js) with a real PowerShell, as a newcomer runs it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
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

describe('hmc diagnostics (built CLI)', () => {
  it('writes the redacted report to --out: status, settings, the diagnostics log, no secret', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
    mkdirSync(join(home, 'diagnostics'));
    writeFileSync(join(home, 'diagnostics', 'hmc.log'), '2026-12-04T09:00:00.000Z [warn] Logon retried with -Password S3cr3t-Pass and token=abcdef123456\n');
    const out = join(home, 'report.txt');
    const r = await run(['diagnostics', '--out', out, '--json'], { ...process.env, HMC_HOME: home });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).written).toBe(out);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('Exchange mode: sandbox');
    expect(text).toContain('Logon retried with -Password ********');
    expect(text).not.toContain('S3cr3t-Pass');
    expect(text).not.toContain('abcdef123456');
  });

  it('a folder that cannot be written gives a sentence and exit 2', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-cli-'));
    const r = await run(['diagnostics', '--out', home], { ...process.env, HMC_HOME: home });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/could not be written to .*EISDIR.*give --out a file/);
  });
});
