/**
 * The change confirmation and the audit page through the web host: the dialog names the person
 * and the action, shows the checklist and the exact command, and after the run before and after
 * with the changed fields marked; a recipient changed by someone else meanwhile is refused
 * (STATE_CHANGED); the audit page finds the change by sAMAccountName and by a display-name
 * fragment, opens its detail and exports CSV read back by a CSV parser.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from '@playwright/test';
import { expect, screenshot, test } from './fixtures';

async function goTo(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: label, exact: true }).click();
}

async function lookUp(page: Page, identity: string): Promise<void> {
  await page.getByTestId('search-input').fill(identity);
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
}

async function settled(page: Page): Promise<void> {
  await expect(page.locator('.MuiDialog-container')).toHaveCSS('opacity', '1');
}

test('the confirmation names the person, shows the checklist, and after the run before and after with the changed fields marked', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  await goTo(page, 'Mailboxes');
  await lookUp(page, 'sean.obrien');
  await expect(page.getByTestId('recipient-card')).toHaveAttribute('data-kind', 'user');
  await page.getByRole('button', { name: 'Enable…' }).click();

  const dialog = page.getByRole('dialog');
  const person = dialog.getByTestId('confirm-person');
  await expect(person).toContainText("Sean O'Brien");
  await expect(person).toContainText('sAMAccountName sean.obrien');
  await expect(person).toContainText('UPN sean.obrien@corp.contoso.example');
  const items = dialog.getByTestId('preflight-item');
  await expect(items).toHaveCount(5);
  await expect(dialog.locator('[data-check="routing-unique"]')).toHaveAttribute('data-status', 'pass');
  await expect(dialog.locator('[data-check="directory-sync"]')).toHaveAttribute('data-status', 'pass');
  await expect(dialog.getByTestId('confirm-command')).toContainText("-RemoteRoutingAddress 'sean.obrien@contoso.mail.onmicrosoft.com'");
  const run = dialog.getByRole('button', { name: "Enable remote mailbox for Sean O'Brien" });
  await expect(run).toBeEnabled();
  await settled(page);
  await screenshot(page, 'desk-confirm-named');
  await run.click();

  await expect(dialog.getByTestId('confirm-done')).toBeVisible();
  const changed = dialog.getByTestId('changed-field');
  await expect(dialog.locator('[data-testid="changed-field"][data-field="RecipientTypeDetails"]')).toContainText('User');
  await expect(dialog.locator('[data-testid="changed-field"][data-field="RecipientTypeDetails"]')).toContainText('RemoteUserMailbox');
  await expect(dialog.locator('[data-testid="changed-field"][data-field="RemoteRoutingAddress"]')).toContainText('SMTP:sean.obrien@contoso.mail.onmicrosoft.com');
  await expect(dialog.locator('[data-testid="same-field"][data-field="SamAccountName"]')).toBeVisible();
  expect(await changed.count()).toBeGreaterThanOrEqual(3);
  await screenshot(page, 'desk-confirm-before-after');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('recipient-card')).toHaveAttribute('data-kind', 'remoteMailbox');
});

test('a recipient changed by someone else after the checklist is refused with STATE_CHANGED', async ({ appPage: page, app }) => {
  await goTo(page, 'Mailboxes');
  await lookUp(page, 'remote.synced');
  await page.getByRole('button', { name: 'Hide…' }).click();
  const dialog = page.getByRole('dialog');
  const run = dialog.getByRole('button', { name: 'Hide Rita Remote from address lists' });
  await expect(run).toBeEnabled();
  // Someone else (another door) repairs the routing address meanwhile.
  await app.core.router.invoke('mailbox.setRoutingAddress', { identity: 'remote.synced', routingAddress: 'rita.elsewhere@contoso.mail.onmicrosoft.com' }, { door: 'test' });
  await run.click();
  await expect(dialog.getByTestId('confirm-error')).toContainText('STATE_CHANGED');
  await expect(dialog.getByTestId('confirm-error')).toContainText('rita.elsewhere@contoso.mail.onmicrosoft.com');
  await settled(page);
  await screenshot(page, 'desk-confirm-state-changed');
  expect((await app.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, { door: 'test' })).HiddenFromAddressListsEnabled).toBe(false);
  await dialog.getByRole('button', { name: 'Close' }).click();
});

test('the audit page finds the change by sAMAccountName and by display-name fragment, opens its detail, exports CSV', async ({ appPage: page }) => {
  await goTo(page, 'Audit');
  const user = page.getByTestId('audit-user');
  await user.fill('sean.obrien');
  const rows = page.getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Sean O'Brien");
  await expect(rows.first()).toContainText('mailbox.enableRemote');
  // The one time format: local time with its zone.
  await expect(rows.first().locator('td').first()).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+$/);

  await user.fill("O'Bri");
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  const detail = page.getByTestId('audit-detail');
  await expect(detail.getByTestId('audit-detail-command')).toContainText("Enable-RemoteMailbox -Identity '");
  await expect(detail.getByTestId('audit-detail-changes')).toContainText('RemoteUserMailbox');
  await expect(detail.getByTestId('audit-detail-user')).toContainText('sAMAccountName sean.obrien');
  await screenshot(page, 'audit-found-by-name');

  await user.fill('remote.synced');
  await page.getByTestId('audit-outcome').locator('..').click();
  await page.getByRole('option', { name: 'failed' }).click();
  await expect(rows).toHaveCount(1);
  await rows.first().click();
  await expect(page.getByTestId('audit-detail-error')).toContainText('STATE_CHANGED');
  await screenshot(page, 'audit-refusal-detail');

  await user.fill('');
  await page.getByTestId('audit-outcome').locator('..').click();
  await page.getByRole('option', { name: 'Any' }).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  const file = await (await download).path();
  const csv = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(csv.some((r) => r.samAccountName === 'sean.obrien' && r.operation === 'mailbox.enableRemote' && r.outcome === 'ok')).toBe(true);
  expect(csv.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.started!))).toBe(true);
});
