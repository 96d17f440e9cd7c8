import { test, expect, screenshot } from './fixtures';

const PAGES = ['Mailboxes', 'Plans', 'Logs', 'Rules', 'Connectivity', 'Audit', 'Settings'];

test('the app loads, shows the sandbox banner and the real PowerShell version', async ({ appPage: page, app }) => {
  await expect(page.getByTestId('sandbox-banner')).toContainText('SANDBOX');
  const status = await app.core.router.invoke('system.status', {}, { door: 'test' });
  expect(status.powershell.found).toBe(true);
  if (status.powershell.found) {
    await expect(page.getByTestId('powershell-version')).toHaveText(`PowerShell ${status.powershell.edition} ${status.powershell.version}`);
  }
  // The token left the address bar once the page took it.
  expect(page.url()).not.toContain('token=');
  await screenshot(page, 'shell');
});

test('navigation reaches every page', async ({ appPage: page }) => {
  for (const name of PAGES) {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name, exact: true }).click();
    const main = page.getByTestId(`page-${name.toLowerCase()}`);
    await expect(main).toBeVisible();
    await expect(main.getByRole('heading').first()).toBeVisible();
    await screenshot(page, `page-${name.toLowerCase()}`);
  }
});

test('an API call without the token is refused, from outside and from the page itself', async ({ appPage: page, app }) => {
  const noToken = await page.request.post(`${app.origin}/api/system.status`, { data: {} });
  expect(noToken.status()).toBe(401);
  const withToken = await page.request.post(`${app.origin}/api/system.status`, {
    data: {},
    headers: { Authorization: `Bearer ${app.token}` },
  });
  expect(withToken.status()).toBe(200);
  expect((await withToken.json()).ok).toBe(true);
  const fromPage = await page.evaluate(async () => (await fetch('/api/system.status', { method: 'POST', body: '{}' })).status);
  expect(fromPage).toBe(401);
});

test('the theme switch changes the palette', async ({ appPage: page }) => {
  await page.getByRole('button', { name: 'Dark' }).click();
  const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.getByRole('button', { name: 'Light' }).click();
  const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(dark).not.toBe(light);
  await page.getByRole('button', { name: 'Auto' }).click();
});

test('About shows the version, PowerShell, data folder and diagnostics log, and copies a redacted report', async ({ appPage: page, app, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  await page.getByRole('button', { name: 'About' }).click();
  const dialog = page.getByRole('dialog', { name: 'About Hybrid Mailbox Console' });
  const status = await app.core.router.invoke('system.status', {}, { door: 'test' });
  await expect(dialog.getByTestId('about-version')).toHaveText(status.appVersion);
  await expect(dialog.getByTestId('about-data-folder')).toHaveText(status.dataDir);
  await expect(dialog.getByTestId('about-diagnostics-log')).toHaveText(status.diagnosticsLog);
  await expect(dialog.getByTestId('about-powershell')).toContainText(status.powershell.found ? status.powershell.version : 'not found');
  await dialog.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(dialog.getByRole('status')).toContainText('on the clipboard');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toContain('Hybrid Mailbox Console diagnostics report');
  expect(copied).toContain(`Data folder: ${status.dataDir}`);
  await screenshot(page, 'about');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
