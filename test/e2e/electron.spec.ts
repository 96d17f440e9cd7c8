/**
 * Desktop smoke test with Playwright's _electron. It runs wherever the Electron binary is
 * installed (it cannot be downloaded on the CI machine, where this test reports as skipped).
 */
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function electronBinary(): string | null {
  try {
    const dir = join(__dirname, '..', '..', 'node_modules', 'electron');
    const pathFile = join(dir, 'path.txt');
    if (!existsSync(pathFile)) return null;
    const exe = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test('the desktop window opens the console with the preload bridge', async () => {
  test.skip(!binary, 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); runs where it is.');
  const home = mkdtempSync(join(tmpdir(), 'hmc-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(__dirname, '..', '..', 'out', 'electron', 'main.js')],
    env: { ...process.env, HMC_HOME: home },
  });
  const page = await app.firstWindow();
  await expect(page.getByRole('heading', { name: 'Hybrid Mailbox Console' })).toBeVisible();
  expect(await page.evaluate(() => typeof (window as unknown as { hmc?: unknown }).hmc)).toBe('object');
  expect(await page.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
  await app.close();
});
