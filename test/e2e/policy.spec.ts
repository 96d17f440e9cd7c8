/**
 * The machine policy as a helpdesk admin meets it, in Chromium through the web host: pinned
 * settings are shown and locked, the bulk fix and hide/unhide are turned off with a sentence, and the
 * core refuses them whatever the page does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/app/core';
import { startWebHost } from '../../electron/webhost/server';
import { expect, screenshot, test } from './fixtures';

test('pinned settings are locked, bulk and hide are off, and the core refuses them too', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'hmc-e2e-policy-'));
  const policyFile = join(home, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({ pinned: { exchange: { hosts: ['exch01.corp.example.org'], routingDomain: 'contoso.mail.onmicrosoft.com' } }, disallow: { bulk: true, hideUnhide: true } }),
  );
  const core = await createCore({ env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'sandbox-directory.json'), HMC_POLICY_FILE: policyFile } });
  const host = await startWebHost({ core, port: 0, rendererDir: join(__dirname, '..', '..', 'out', 'renderer') });
  try {
    await page.goto(host.url);
    const nav = page.getByRole('navigation', { name: 'Pages' });
    await nav.getByRole('button', { name: 'Settings', exact: true }).click();
    await expect(page.getByTestId('policy-pinned')).toContainText('exchange.hosts, exchange.routingDomain');
    await expect(page.getByLabel('Exchange hosts (FQDN, in failover order, comma-separated)')).toBeDisabled();
    await expect(page.getByLabel('Exchange hosts (FQDN, in failover order, comma-separated)')).toHaveValue('exch01.corp.example.org');
    await expect(page.getByLabel('Routing domain')).toBeDisabled();
    await screenshot(page, 'policy-settings');

    await nav.getByRole('button', { name: 'Mailboxes', exact: true }).click();
    await expect(page.getByTestId('bulk-button')).toBeDisabled();
    const box = page.getByTestId('search-input');
    await box.fill('remote.synced');
    await box.press('Enter');
    await expect(page.getByTestId('recipient-card')).toBeVisible();
    await expect(page.getByTestId('hide-button')).toBeDisabled();
    await expect(page.getByTestId('hide-off')).toContainText("Hiding and unhiding is turned off by your administrator's policy");
    await expect(page.getByTestId('bulk-off-note')).toContainText("The bulk fix is turned off by your administrator's policy");
    await screenshot(page, 'policy-desk');

    // The page is not the guard: a call straight to the API is refused with the sentence.
    const r = await page.request.post(`http://127.0.0.1:${host.port}/api/mailbox.setHidden`, {
      data: { identity: 'remote.synced', hidden: true },
      headers: { Authorization: `Bearer ${host.token}` },
    });
    const body = (await r.json()) as { ok: boolean; error?: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error?.code).toBe('POLICY_DISALLOWED');
    expect(body.error?.message).toContain(policyFile);
  } finally {
    await host.close();
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
  }
});
