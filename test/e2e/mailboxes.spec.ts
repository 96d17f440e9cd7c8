/**
 * The Mailboxes page against the sandbox Exchange: search, open a user, enable a remote mailbox
 * (exact command shown in the confirmation dialog, then read back: sync pending), hide it, and a
 * classified error for an unknown identity.
 */
import { expect, screenshot, test } from './fixtures';

test('look up a user, enable a remote mailbox with preview and confirmation, hide it', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Mailboxes', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible();

  await page.getByTestId('search-input').fill('Vance');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  const results = page.getByTestId('search-results');
  await expect(results).toContainText('Adele Vance');
  await results.getByText('Adele Vance').click();

  const card = page.getByTestId('recipient-card');
  await expect(card).toHaveAttribute('data-kind', 'user');
  await expect(page.getByTestId('recipient-type')).toHaveText('User');
  await expect(page.getByTestId('session-chip')).toContainText('sandbox: connected');

  await page.getByTestId('routing-input').fill("adele.o'vance@contoso.mail.onmicrosoft.com");
  await page.getByRole('button', { name: 'Enable…' }).click();
  const command = page.getByTestId('confirm-command');
  await expect(command).toContainText("Enable-RemoteMailbox -Identity '");
  await expect(command).toContainText("-RemoteRoutingAddress 'adele.o''vance@contoso.mail.onmicrosoft.com'");
  await expect(command).not.toContainText('-WhatIf');
  // Nothing has changed yet: the dialog showed a what-if.
  expect((await app.core.router.invoke('mailbox.get', { identity: 'adele.vance' }, { door: 'test' })).kind).toBe('user');
  await page.getByRole('button', { name: 'Enable remote mailbox for Adele Vance' }).click();
  await expect(page.getByTestId('confirm-done')).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();

  await expect(card).toHaveAttribute('data-kind', 'remoteMailbox');
  await expect(page.getByTestId('recipient-type')).toHaveText('RemoteUserMailbox');
  await expect(page.getByTestId('sync-state')).toHaveAttribute('data-state', 'pending');
  await expect(card).toContainText("SMTP:adele.o'vance@contoso.mail.onmicrosoft.com");
  await expect(page.getByTestId('change-command')).toContainText('Ran: Enable-RemoteMailbox');
  await screenshot(page, 'mailboxes-enabled');

  await page.getByRole('button', { name: 'Hide…' }).click();
  await expect(page.getByTestId('confirm-command')).toContainText('-HiddenFromAddressListsEnabled $true');
  await page.getByRole('button', { name: 'Hide Adele Vance from address lists' }).click();
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('hidden-chip')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unhide…' })).toBeVisible();

  const audit = await app.core.router.invoke('audit.list', { op: 'mailbox.setHidden', user: 'adele.vance' }, { door: 'test' });
  expect(audit.records.map((r) => r.phase).sort()).toEqual(['end', 'start']);
  expect(audit.records[0]?.door).toBe('http');
});

test('an identity that is neither an identity nor a name: both tries said, no card', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Mailboxes', exact: true }).click();
  await page.getByTestId('search-input').fill("ghost'user");
  await page.getByRole('button', { name: 'Look up', exact: true }).click();
  await expect(page.getByTestId('lookup-resolution')).toHaveText(`No identity is "ghost'user"; name search found nobody.`);
  await expect(page.getByTestId('search-results')).toContainText('No recipient matches.');
  await expect(page.getByTestId('recipient-card')).toHaveCount(0);
});
