/**
 * The Settings page in Chromium through the web host: mistakes are shown at their fields and refused by the
 * core; a path is only proposed, and waits for the hmc serve terminal (here a terminal stand-in stream the
 * test answers on); without a terminal it is refused with a sentence. The Logs page does the same for a file
 * outside the sources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { TerminalAuthority } from '../../electron/webhost/terminal-authority';
import { test, expect, screenshot } from './fixtures';

/** A terminal the test types on: what the authority asks goes to `asked`. */
function terminal(isTTY: boolean) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let asked = '';
  output.on('data', (c: Buffer) => (asked += c.toString()));
  return { input, output, asked: () => asked };
}

test('settings: mistakes are shown at their fields and not saved', async ({ appPage: page, app }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Settings', exact: true }).click();
  const before = existsSync(join(app.home, 'settings.json')) ? readFileSync(join(app.home, 'settings.json'), 'utf8') : null;

  await page.getByLabel(/Exchange hosts/).fill('exch01.corp.example.org, exch 02!');
  await expect(page.getByText('"exch 02!" is not a host name; use letters, digits and inner hyphens between dots, e.g. exch01.corp.example.org.')).toBeVisible();
  await page.getByLabel('Routing domain', { exact: true }).fill('not a domain');
  await expect(page.getByText(/The routing domain "not a domain" needs at least two labels/)).toBeVisible();
  await page.getByLabel('Routing address template').fill('helpdesk@{routingDomain}');
  await expect(page.getByText(/must contain \{sam\}/)).toBeVisible();
  await screenshot(page, 'settings-inline-errors');

  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-message')).toContainText('Not saved:');
  await expect(page.getByText('Settings saved.')).toBeHidden();
  expect(existsSync(join(app.home, 'settings.json')) ? readFileSync(join(app.home, 'settings.json'), 'utf8') : null).toBe(before);

  // Remote mode with no hosts: refused at the hosts field; the banner and status bar still agree on sandbox.
  await page.getByLabel(/Exchange hosts/).fill('');
  await page.getByLabel('Routing domain', { exact: true }).fill('contoso.mail.onmicrosoft.com');
  await page.getByLabel('Routing address template').fill('{sam}@{routingDomain}');
  await page.getByRole('combobox', { name: 'Mode' }).click();
  await page.getByRole('option', { name: 'remote' }).click();
  await expect(page.getByText('Remote mode needs at least one Exchange server name in Hosts; add one, or choose the sandbox mode.').first()).toBeVisible();
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-message')).toContainText('Remote mode needs at least one Exchange server name');
  await expect(page.getByTestId('sandbox-banner')).toBeVisible();
  await expect(page.getByTestId('mode-chip')).toHaveText('Exchange: sandbox (sandbox)');
  await screenshot(page, 'settings-remote-without-hosts');
  await page.getByRole('combobox', { name: 'Mode' }).click();
  await page.getByRole('option', { name: 'sandbox' }).click();
});

test('settings: a proposed path waits for the hmc serve terminal, and is refused without one', async ({ appPage: page, app }) => {
  const tty = terminal(true);
  app.core.services.authorities.set('http', new TerminalAuthority({ input: tty.input, output: tty.output }));
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Settings', exact: true }).click();
  const field = page.getByTestId('path-powershell');
  await field.getByLabel('PowerShell executable: proposed path').fill('/bin/sh');
  await field.getByRole('button', { name: 'Propose' }).click();
  await expect(field.getByText('Waiting for confirmation on the hmc serve terminal: answer y there to allow it.')).toBeVisible();
  await expect.poll(() => tty.asked()).toContain('proposed: /bin/sh');
  await field.scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-path-waiting');
  tty.input.write('n\n');
  await expect(field.getByText('The PowerShell executable was not changed (cancelled on the hmc serve terminal).')).toBeVisible();
  await expect(field.getByLabel('PowerShell executable: current value')).toHaveText('(found on PATH or in the tools folder)');

  // hmc serve started without a terminal: nothing can confirm it, so it is refused with a sentence.
  app.core.services.authorities.set('http', new TerminalAuthority({ input: terminal(false).input, output: new PassThrough() }));
  await field.getByRole('button', { name: 'Propose' }).click();
  await expect(field.getByText(/was not changed: hmc serve has no terminal to confirm it on/)).toBeVisible();
  await screenshot(page, 'settings-path-refused');
  expect((await app.core.router.invoke('settings.get', {}, { door: 'test' })).powershell.path).toBeNull();
  await page.getByTestId('logs-section').scrollIntoViewIfNeeded();
  await screenshot(page, 'settings-logs-section');

  // Typed into the settings through the API, it is refused too, with how to set it.
  const r = await page.evaluate(async () => {
    const token = sessionStorage.getItem('hmc.token');
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const current = await (await fetch('/api/settings.get', { method: 'POST', headers, body: '{}' })).json();
    const next = { ...current.value, powershell: { path: '/tmp/evil' } };
    return (await fetch('/api/settings.update', { method: 'POST', headers, body: JSON.stringify(next) })).json();
  });
  expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
});

test('logs: a file outside the sources is refused, and stays refused when the terminal says no', async ({ appPage: page, app }) => {
  const tty = terminal(true);
  app.core.services.authorities.set('http', new TerminalAuthority({ input: tty.input, output: tty.output }));
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
  await page.getByLabel('Log file path').fill('/etc/passwd');
  await page.getByRole('button', { name: 'Open file' }).click();
  await expect(page.getByText(/\/etc\/passwd is not in a configured log source's folder, so this page may not read it/)).toBeVisible();
  await page.getByRole('button', { name: 'Ask to allow' }).click();
  await expect(page.getByText('Waiting for confirmation on the hmc serve terminal: answer y there to allow /etc/passwd for this launch.')).toBeVisible();
  await screenshot(page, 'logs-allow-waiting');
  tty.input.write('n\n');
  await expect(page.getByText('The log file was not allowed (cancelled on the hmc serve terminal).')).toBeVisible();
  await screenshot(page, 'logs-allow-refused');
});
