/**
 * Cross-page flows against the sandbox Exchange and real log files:
 * - a plan's decision -> "Fix it in the mailbox desk" -> the desk prefilled, previewed -> confirm -> read back;
 * - the log viewer's users with failures today -> the desk's bulk panel -> one confirmation -> per-row results;
 * - the Plans page's incoming list (request/result pairs from today's log) -> open one decoded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, screenshot, test, type AppFixture } from './fixtures';
import { render, rng, transaction, type GenEntry, type GenUser } from '../support/logs-gen';

const SECRET = 'q0Zk3pR9xW1vTnL8sY4bAg==';

function user(sam: string, given: string, family: string): GenUser {
  return { sam, given, family, dn: `CN=${given} ${family},OU=Joiners,OU=Staff,DC=corp,DC=contoso,DC=example` };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Today's after-create log in a fresh folder, configured as the only log source; returns a restore function. */
async function todaysLog(app: AppFixture, name: string, txs: Array<{ u: GenUser; fail: boolean }>): Promise<{ entries: GenEntry[]; restore: () => Promise<void> }> {
  const dir = join(app.home, name);
  mkdirSync(dir, { recursive: true });
  const now = new Date();
  const file = join(dir, `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.ConnectorAfterCreate.log`);
  const entries: GenEntry[] = [];
  let at = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 0, 5, 0);
  const r = rng(11);
  for (const t of txs) {
    entries.push(...transaction(t.u, at, r, t.fail ? 1 : 0));
    at = new Date(at.getTime() + 60_000);
  }
  writeFileSync(file, render(entries));
  const before = await app.core.router.invoke('settings.get', {}, { door: 'test' });
  await app.core.router.invoke(
    'settings.update',
    { ...before, logs: { ...before.logs, sources: [{ name: 'After-create (e2e)', folder: dir, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', enabled: true }] } },
    { door: 'test' },
  );
  return { entries, restore: async () => void (await app.core.router.invoke('settings.update', before, { door: 'test' })) };
}

/** The confirmation dialog fully faded in (so the screenshot shows it, not its transition). */
async function dialogShown(page: Page): Promise<void> {
  await expect(page.locator('.MuiDialog-container')).toHaveCSS('opacity', '1');
}

async function goTo(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: label, exact: true }).click();
}

test('plan decision -> Fix it -> mailbox desk prefilled and previewed -> confirm -> read back RemoteUserMailbox', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  const plan = `<?xml version='1.0' encoding='UTF-8'?>
<AccountRequest application="AD - corp.contoso.example" nativeIdentity="CN=Megan Bowen,OU=Joiners,DC=corp,DC=contoso,DC=example" op="Create">
  <Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes>
  <AttributeRequest name="ObjectType" op="Set" value="User"/>
  <AttributeRequest name="sAMAccountName" op="Set" value="megan.bowen"/>
  <AttributeRequest name="password" op="Set" value="Pl41n-S3cret!"/>
  <AttributeRequest name="remoteRoutingAddress" op="Set" value="megan.bowen@contoso.mail.onmicrosoft.com"/>
</AccountRequest>`;
  await goTo(page, 'Plans');
  await page.getByTestId('plan-input-document').fill(plan);
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  const create = page.getByTestId('decision').filter({ hasText: 'ConnectorAfterCreate' });
  await expect(create).toContainText('enable-remote-mailbox');
  // Only acting decisions offer the fix (the after-modify card says "none" here).
  await expect(page.getByTestId('decision').filter({ hasText: 'ConnectorAfterModify' }).getByRole('button', { name: 'Fix it in the mailbox desk' })).toHaveCount(0);
  await create.getByRole('button', { name: 'Fix it in the mailbox desk' }).click();

  // The desk: identity prefilled and looked up, the intended change previewed in the confirmation dialog.
  await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible();
  await expect(page.getByTestId('search-input')).toHaveValue('megan.bowen');
  await expect(page.getByTestId('handover-intent')).toContainText('enable a remote mailbox for megan.bowen with routing address megan.bowen@contoso.mail.onmicrosoft.com');
  const command = page.getByTestId('confirm-command');
  await expect(command).toContainText("Enable-RemoteMailbox -Identity '");
  await expect(command).toContainText("-RemoteRoutingAddress 'megan.bowen@contoso.mail.onmicrosoft.com'");
  await expect(page.getByTestId('routing-input')).toHaveValue('megan.bowen@contoso.mail.onmicrosoft.com');
  // Nothing ran yet: the dialog shows a what-if; the sandbox still has a plain user.
  expect((await app.core.router.invoke('mailbox.get', { identity: 'megan.bowen' }, { door: 'test' })).kind).toBe('user');
  await dialogShown(page);
  await screenshot(page, 'flow-plan-fix-it-confirm');
  await page.getByRole('button', { name: 'Enable remote mailbox for Megan Bowen' }).click();
  await page.getByRole('button', { name: 'Close' }).click();

  const card = page.getByTestId('recipient-card');
  await expect(card).toHaveAttribute('data-kind', 'remoteMailbox');
  await expect(page.getByTestId('recipient-type')).toHaveText('RemoteUserMailbox');
  await expect(card).toContainText('SMTP:megan.bowen@contoso.mail.onmicrosoft.com');
  await expect(page.getByTestId('change-command')).toContainText('Ran: Enable-RemoteMailbox');
  await expect(page.getByTestId('handover-intent')).toContainText('Done: the command ran');
  await expect(page.getByTestId('handover-intent').getByRole('button', { name: 'Preview again' })).toHaveCount(0);
  expect((await app.core.router.invoke('mailbox.get', { identity: 'megan.bowen' }, { door: 'test' })).RecipientTypeDetails).toBe('RemoteUserMailbox');
  await screenshot(page, 'flow-plan-fix-it-done');
});

test('log viewer: users with failures today -> bulk fix on the desk -> one confirmation -> per-row results', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  const ok = ['alex.wilber', 'diego.siciliani', 'grady.archie'];
  const log = await todaysLog(app, 'flow-failures', [
    { u: user('alex.wilber', 'Alex', 'Wilber'), fail: true },
    { u: user('lee.gu', 'Lee', 'Gu'), fail: false },
    { u: user('diego.siciliani', 'Diego', 'Siciliani'), fail: true },
    { u: user('remote.synced', 'Remote', 'Synced'), fail: true },
    { u: user('ghost.user', 'Ghost', 'User'), fail: true },
    { u: user('grady.archie', 'Grady', 'Archie'), fail: true },
  ]);
  try {
    await goTo(page, 'Logs');
    await page.getByRole('button', { name: 'Users with failures today' }).click();
    const failures = page.getByLabel('Users with failures today');
    for (const sam of [...ok, 'remote.synced', 'ghost.user']) await expect(failures.getByText(`${sam} (1)`)).toBeVisible();
    await expect(failures.getByText('lee.gu')).toHaveCount(0);
    await failures.getByRole('button', { name: 'Fix these in the mailbox desk' }).click();

    const panel = page.getByTestId('bulk-panel');
    await expect(panel).toContainText('Bulk fix: 5 identities');
    await expect(panel).toContainText('users with failures today');
    const row = (id: string) => panel.locator(`[data-identity="${id}"]`);
    // Each row's current state, read one by one; the action was pre-selected (an after-create source).
    for (const sam of ok) await expect(row(sam)).toHaveAttribute('data-plan', 'change');
    await expect(row('remote.synced')).toHaveAttribute('data-plan', 'nothing');
    await expect(row('remote.synced')).toContainText('Already a RemoteUserMailbox');
    await expect(row('ghost.user')).toHaveAttribute('data-plan', 'cannot');
    await expect(row('ghost.user')).toContainText('RECIPIENT_NOT_FOUND');

    await panel.getByRole('button', { name: 'Preview 3 commands…' }).click();
    const commands = page.getByTestId('bulk-confirm-commands');
    for (const sam of ok) await expect(commands).toContainText(`-RemoteRoutingAddress '${sam}@contoso.mail.onmicrosoft.com'`);
    await expect(commands).not.toContainText('-WhatIf');
    await expect(commands).not.toContainText('ghost.user');
    // Previewed only: nothing changed yet.
    expect((await app.core.router.invoke('mailbox.get', { identity: 'alex.wilber' }, { door: 'test' })).kind).toBe('user');
    await dialogShown(page);
    await screenshot(page, 'flow-bulk-confirm');
    await page.getByRole('button', { name: 'Run 3 changes' }).click();

    await expect(page.getByTestId('bulk-summary')).toContainText('3 changed, 0 failed');
    for (const sam of ok) {
      await expect(row(sam)).toHaveAttribute('data-run', 'done');
      await expect(row(sam).getByTestId('row-result')).toContainText('RemoteUserMailbox');
      await expect(row(sam).getByTestId('row-result')).toContainText(`SMTP:${sam}@contoso.mail.onmicrosoft.com`);
      expect((await app.core.router.invoke('mailbox.get', { identity: sam }, { door: 'test' })).RecipientTypeDetails).toBe('RemoteUserMailbox');
    }
    await expect(row('ghost.user')).toHaveAttribute('data-run', 'idle');
    expect((await app.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, { door: 'test' })).kind).toBe('user');
    await screenshot(page, 'flow-bulk-done');

    // A pasted list replaces the rows and is checked again (nothing runs without a new confirmation).
    await panel.getByTestId('bulk-input').fill('lee.gu\n  "isaiah.langer" \nLEE.GU\nalex.wilber');
    await panel.getByRole('button', { name: 'Check state of the list' }).click();
    await expect(panel).toContainText('Bulk fix: 3 identities');
    await expect(row('lee.gu')).toHaveAttribute('data-plan', 'change');
    await expect(row('isaiah.langer')).toHaveAttribute('data-plan', 'change');
    await expect(row('alex.wilber')).toHaveAttribute('data-plan', 'nothing');
    await expect(panel.getByRole('button', { name: 'Preview 2 commands…' })).toBeEnabled();

    // A CSV exported from a spreadsheet: the header row is recognised and never becomes an identity.
    await panel.getByTestId('bulk-input').fill('DisplayName,sAMAccountName\n"Gu, Lee",lee.gu\nIsaiah Langer,isaiah.langer\n');
    await expect(panel.getByTestId('bulk-read')).toHaveText('2 identities from the "sAMAccountName" column (header row recognised).');
    await panel.getByRole('button', { name: 'Check state of the list' }).click();
    await expect(panel).toContainText('Bulk fix: 2 identities');
    await expect(row('lee.gu')).toHaveAttribute('data-plan', 'change');
    await screenshot(page, 'flow-bulk-csv');
  } finally {
    await log.restore();
  }
});

test("incoming plans: today's logged request/result pairs on the Plans page, newest first; one opens decoded", async ({ appPage: page, app }) => {
  const log = await todaysLog(app, 'flow-incoming', [
    { u: user('joni.sherman', 'Joni', 'Sherman'), fail: false },
    { u: user('lynne.robbins', 'Lynne', 'Robbins'), fail: true },
    { u: user('nestor.wilke', 'Nestor', 'Wilke'), fail: false },
  ]);
  try {
    await goTo(page, 'Plans');
    const incoming = page.getByTestId('incoming-plans');
    await expect(incoming.getByTestId('incoming-summary')).toContainText("3 request/result pairs in today's logs, 1 failed");
    const rows = incoming.getByTestId('incoming-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('nestor.wilke');
    await expect(rows.nth(0)).toHaveAttribute('data-outcome', 'succeeded');
    await expect(rows.nth(0)).toContainText('Remote mailbox enabled for nestor.wilke');
    await expect(rows.nth(1)).toContainText('lynne.robbins');
    await expect(rows.nth(1)).toHaveAttribute('data-outcome', 'failed');
    await expect(rows.nth(1)).toContainText('Cannot create mailbox for lynne.robbins');
    await expect(rows.nth(1)).toContainText('Create (Joiner)');
    await expect(rows.nth(1)).toContainText('enable remote mailbox');
    await expect(rows.nth(2)).toContainText('joni.sherman');
    await screenshot(page, 'flow-incoming-list');

    await rows.nth(1).click();
    const create = page.getByTestId('decision').filter({ hasText: 'ConnectorAfterCreate' });
    await expect(create).toContainText('enable-remote-mailbox');
    await expect(create).toContainText('lynne.robbins@corpexample.mail.onmicrosoft.com');
    await expect(page.getByText('Result: 0 error(s), 0 warning(s)')).toBeVisible();
    await expect(page.getByTestId('incoming-context')).toContainText('The log shows it failed: Cannot create mailbox for lynne.robbins');
    await expect(page.getByTestId('plan-input-result')).toHaveValue(/<ServiceResult>/);
    await expect(page.getByTestId('raw-xml')).toContainText('********');
    const text = await page.locator('body').evaluate((el) => el.textContent ?? '');
    expect(text).not.toContain(SECRET);
    expect(await page.getByTestId('plan-input-document').inputValue()).not.toContain(SECRET);
    expect(log.entries.some((e) => e.message.includes(SECRET))).toBe(true); // the log itself holds it
    await screenshot(page, 'flow-incoming-open');
  } finally {
    await log.restore();
  }
});

test('incoming plans: a row is reached with Tab and opened with Enter', async ({ appPage: page, app }) => {
  const log = await todaysLog(app, 'flow-incoming-keys', [
    { u: user('joni.sherman', 'Joni', 'Sherman'), fail: false },
    { u: user('lynne.robbins', 'Lynne', 'Robbins'), fail: true },
  ]);
  try {
    await goTo(page, 'Plans');
    const rows = page.getByTestId('incoming-plans').getByTestId('incoming-row');
    await expect(rows).toHaveCount(2);
    await page.getByRole('button', { name: 'Refresh' }).focus();
    await page.keyboard.press('Tab'); // Hide
    await page.keyboard.press('Tab'); // the first row
    await expect(rows.nth(0)).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(rows.nth(1)).toBeFocused();
    await expect(rows.nth(1)).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Shift+Tab');
    await expect(rows.nth(0)).toBeFocused(); // newest first: lynne.robbins
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('incoming-context')).toContainText('The log shows it failed: Cannot create mailbox for lynne.robbins');
    await expect(rows.nth(0)).toHaveAttribute('aria-current', 'true');
  } finally {
    await log.restore();
  }
});

test('log viewer: a failed entry -> Open in mailbox desk -> looked up, the enable previewed; cancel changes nothing', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  const log = await todaysLog(app, 'flow-entry', [
    { u: user('patti.fernandez', 'Patti', 'Fernandez'), fail: true },
    { u: user('lee.gu', 'Lee', 'Gu'), fail: false },
  ]);
  try {
    await goTo(page, 'Logs');
    await page.getByRole('button', { name: 'Open today' }).click();
    const grid = page.getByRole('grid', { name: 'Log entries' });
    await grid.getByRole('row').filter({ hasText: 'Cannot create mailbox for patti.fernandez' }).click();
    const detail = page.getByLabel('Entry detail');
    await expect(detail).toContainText('Cannot create mailbox for patti.fernandez');
    await detail.getByRole('button', { name: 'Open in mailbox desk' }).click();

    await expect(page.getByTestId('search-input')).toHaveValue('patti.fernandez');
    await expect(page.getByTestId('handover-intent')).toContainText('From the log viewer');
    await expect(page.getByTestId('handover-intent')).toContainText('enable a remote mailbox for patti.fernandez');
    await expect(page.getByTestId('confirm-command')).toContainText("-RemoteRoutingAddress 'patti.fernandez@contoso.mail.onmicrosoft.com'");
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByTestId('recipient-card')).toHaveAttribute('data-kind', 'user');
    await expect(page.getByTestId('handover-intent').getByRole('button', { name: 'Preview again' })).toBeVisible();
    expect((await app.core.router.invoke('mailbox.get', { identity: 'patti.fernandez' }, { door: 'test' })).kind).toBe('user');
  } finally {
    await log.restore();
  }
});
