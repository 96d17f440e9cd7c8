import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, screenshot } from './fixtures';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}

test('settings: remote Negotiate asks for a password that reaches no file', async ({ appPage: page, app }) => {
  const secret = 'Pa55-never-stored!';
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Settings', exact: true }).click();
  await page.getByLabel('Mode').click();
  await page.getByRole('option', { name: 'remote' }).click();
  await page.getByRole('combobox', { name: 'Authentication' }).click();
  await page.getByRole('option', { name: /Negotiate/ }).click();
  await page.getByLabel(/Account for Negotiate/).fill('CORP\\svc-exch');
  await page.getByLabel(/Exchange hosts/).fill('exch01.corp.example.org, exch02.corp.example.org');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  const saved = JSON.parse(readFileSync(join(app.home, 'settings.json'), 'utf8'));
  // The banner and status bar follow the saved mode.
  await expect(page.getByTestId('sandbox-banner')).toBeHidden();
  await expect(page.getByTestId('status-bar')).toContainText('Exchange: remote');
  expect(saved.exchange).toMatchObject({ mode: 'remote', authentication: 'Negotiate', credentialUser: 'CORP\\svc-exch', hosts: ['exch01.corp.example.org', 'exch02.corp.example.org'] });

  await page.getByLabel(/Password for CORP/).fill(secret);
  await screenshot(page, 'settings-remote');
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  // Remote mode cannot connect here (no WSMan client off Windows): a sentence, not a crash.
  await expect(page.getByText(/^Remote mode needs Windows/)).toBeVisible();
  await expect(page.getByLabel(/Password for CORP/)).toHaveValue('');
  await screenshot(page, 'settings-remote-failed');
  for (const f of filesUnder(app.home)) {
    if (existsSync(f)) expect(readFileSync(f, 'latin1'), f).not.toContain(secret);
  }

  // Back to the sandbox for the other tests of this worker.
  await page.getByLabel('Mode').click();
  await page.getByRole('option', { name: 'sandbox' }).click();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Settings saved.')).toBeVisible();
  await expect(page.getByTestId('sandbox-banner')).toBeVisible();
});
