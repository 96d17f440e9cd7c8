/**
 * The mailbox desk made safe by construction, in Chromium through the web host, against the sandbox:
 * nothing typed for one user carries over to the next; a failed or pending look-up leaves no card
 * and no dialog; the one box resolves what a ticket holds (UPN, DOMAIN\user) and falls back to name
 * search, Ctrl+K reaches it from any page, recent look-ups and Back; a wrong routing address is
 * flagged with an override next to Set routing; an on-premises mailbox says what it is; a lost
 * web host turns the chip red with a sentence, and the page comes back with the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createCore } from '../../electron/app/core';
import { startWebHost, type WebHost } from '../../electron/webhost/server';
import { expect, screenshot, test } from './fixtures';

async function toDesk(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Mailboxes', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible();
}

async function lookUp(page: Page, text: string): Promise<void> {
  const box = page.getByTestId('search-input');
  await box.fill(text);
  await box.press('Enter');
}

const card = (page: Page) => page.getByTestId('recipient-card');

test.beforeEach(async ({ app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
});

test('a value typed for one user is gone when the next is looked up', async ({ appPage: page }) => {
  await toDesk(page);
  await lookUp(page, 'adele.vance');
  await expect(card(page)).toContainText('Adele Vance');
  await page.getByTestId('routing-input').fill('adele.vance@contoso.mail.onmicrosoft.com');
  await screenshot(page, 'desk-carry-over-1-typed-for-adele');

  await lookUp(page, 'alex.wilber');
  await expect(card(page)).toContainText('Alex Wilber');
  await expect(page.getByTestId('routing-input')).toHaveValue('');
  await screenshot(page, 'desk-carry-over-2-alex-empty');

  // The same for a remote mailbox's new routing address and its override.
  await lookUp(page, 'remote.oneill');
  await expect(card(page)).toContainText("Aoife O'Neill");
  await page.getByTestId('new-routing-input').fill('aoife@contoso.mail.onmicrosoft.com');
  await page.getByTestId('routing-override').click();
  await lookUp(page, 'remote.badroute');
  await expect(card(page)).toContainText('Bruno Badroute');
  await expect(page.getByTestId('new-routing-input')).toHaveValue('');
  await expect(page.getByTestId('routing-override').locator('input')).not.toBeChecked();
});

test('a pending look-up clears the card, a failed one leaves no card and no dialog', async ({ appPage: page }) => {
  await toDesk(page);
  await lookUp(page, 'adele.vance');
  await expect(card(page)).toContainText('Adele Vance');

  // Held at the network: while the answer is on its way, the previous user's card is gone.
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/api/mailbox.get', async (route) => {
    await held;
    await route.continue();
  });
  await lookUp(page, 'alex.wilber');
  await expect(card(page)).toHaveCount(0);
  await expect(page.getByTestId('routing-input')).toHaveCount(0);
  await screenshot(page, 'desk-pending-lookup-no-card');
  release();
  await expect(card(page)).toContainText('Alex Wilber');
  await page.unroute('**/api/mailbox.get');

  // A look-up that fails outright (here the request itself is cut): the error, no card, no form, no dialog.
  await page.route('**/api/mailbox.get', (route) => route.abort());
  await lookUp(page, 'remote.oneill');
  await expect(page.getByTestId('mailbox-error')).toContainText('CONSOLE_UNREACHABLE');
  await expect(card(page)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Enable…' })).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.unroute('**/api/mailbox.get');

  // An identity nobody has: the box says both tries failed; still no card.
  await lookUp(page, "ghost'user");
  await expect(page.getByTestId('lookup-resolution')).toHaveText(`No identity is "ghost'user"; name search found nobody.`);
  await expect(card(page)).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshot(page, 'desk-failed-lookup-no-card');
});

test('a change previewed from a card someone else changed meanwhile is refused, and the card shows the recipient as it is now', async ({ appPage: page, app }) => {
  await toDesk(page);
  await lookUp(page, 'remote.synced');
  await expect(card(page)).toContainText('Rita Remote');
  await expect(page.getByTestId('hidden-chip')).toHaveCount(0);
  // Meanwhile, another admin hides her (another door on the same core).
  await app.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, { door: 'test' });
  await page.getByTestId('new-routing-input').fill('rita.remote@contoso.mail.onmicrosoft.com');
  await page.getByRole('button', { name: 'Set routing…' }).click();
  await expect(page.getByTestId('mailbox-error')).toContainText('STATE_CHANGED');
  await expect(page.getByTestId('hidden-chip')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await screenshot(page, 'desk-state-changed');
});

test('Ctrl+K from another page, Enter on a UPN and on DOMAIN\\user, name fallback with Back, recent look-ups', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
  await expect(page.getByTestId('page-logs')).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('sean.obrien@corp.contoso.example');
  await page.keyboard.press('Enter');
  await expect(card(page)).toContainText("Sean O'Brien");
  await expect(page.getByTestId('lookup-resolution')).toHaveAttribute('data-by', 'identity');
  await screenshot(page, 'desk-ctrl-k-upn');

  await page.keyboard.press('Control+k');
  await expect(page.getByTestId('search-input')).toBeFocused();
  await page.keyboard.type('CORP\\remote.oneill');
  await page.keyboard.press('Enter');
  await expect(card(page)).toContainText("Aoife O'Neill");
  await expect(page.getByTestId('lookup-resolution')).toHaveText('Resolved "CORP\\remote.oneill" as an identity.');
  await screenshot(page, 'desk-domain-user');

  // A piece of a name is no identity: the box searches names and says so; a pick keeps the list.
  await lookUp(page, 'Emea');
  await expect(page.getByTestId('lookup-resolution')).toHaveText('No identity is "Emea"; name search found 2: pick one below.');
  await page.getByTestId('search-results').getByText('Enzo Emea').click();
  await expect(card(page)).toContainText('Enzo Emea');
  await page.getByTestId('back-to-results').click();
  await expect(card(page)).toHaveCount(0);
  await expect(page.getByTestId('search-results')).toContainText('Elise Emea');
  await screenshot(page, 'desk-back-to-results');

  const recent = page.getByTestId('recent-lookups');
  await expect(recent).toContainText("Sean O'Brien (sean.obrien)");
  await recent.getByText("Aoife O'Neill (remote.oneill)").click();
  await expect(card(page)).toContainText("Aoife O'Neill");
});

test('a wrong routing address is flagged, and Set routing has an explicit override', async ({ appPage: page }) => {
  await toDesk(page);
  await lookUp(page, 'remote.badroute');
  const flag = page.getByTestId('routing-flag');
  await expect(flag).toContainText('The routing address SMTP:bruno.badroute@contoso.example is outside the tenant routing domain contoso.mail.onmicrosoft.com');
  await screenshot(page, 'desk-routing-flag');

  await page.getByTestId('new-routing-input').fill('bruno@partner.example');
  await page.getByRole('button', { name: 'Set routing…' }).click();
  await expect(page.getByTestId('mailbox-error')).toContainText('override if this is intended');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.getByTestId('routing-override').click();
  await page.getByRole('button', { name: 'Set routing…' }).click();
  await expect(page.getByTestId('confirm-command')).toContainText("-RemoteRoutingAddress 'bruno@partner.example'");
  await page.getByRole('button', { name: 'Cancel' }).click();

  // The suggestion fills the right address; a remote mailbox in the tenant domain has no flag.
  await flag.getByRole('button', { name: /^Use / }).click();
  await expect(page.getByTestId('new-routing-input')).toHaveValue('remote.badroute@contoso.mail.onmicrosoft.com');
  await lookUp(page, 'remote.synced');
  await expect(card(page)).toContainText('Rita Remote');
  await expect(page.getByTestId('routing-flag')).toHaveCount(0);
});

test('an on-premises mailbox says what it is and what to do, with no orphan What-if checkbox', async ({ appPage: page }) => {
  await toDesk(page);
  await lookUp(page, 'onprem.mailbox');
  await expect(card(page)).toContainText('Olga Onprem');
  await expect(page.getByTestId('no-actions')).toContainText('It is not a remote mailbox');
  await expect(page.getByTestId('no-actions')).toContainText('move request');
  await expect(page.getByLabel('What-if only (preview the command, change nothing)')).toHaveCount(0);
  await screenshot(page, 'desk-onprem-mailbox');
});

test('a lost web host: the chips turn red, the page says the console is not reachable, and it comes back', async ({ page }) => {
  const home = mkdtempSync(join(tmpdir(), 'hmc-e2e-lost-'));
  const core = await createCore({ env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'sandbox-directory.json') } });
  const rendererDir = join(__dirname, '..', '..', 'out', 'renderer');
  let host: WebHost | null = await startWebHost({ core, port: 0, rendererDir });
  const { port, token } = host;
  try {
    // As the web host's entry does: the session opens in the background, and the desk says so meanwhile.
    core.services.exchange.warmUp();
    await page.goto(host.url);
    if (await page.getByTestId('session-starting').isVisible()) await screenshot(page, 'desk-session-starting');
    await expect(page.getByTestId('session-chip')).toHaveText('sandbox: connected (sandbox, no real Exchange)', { timeout: 60_000 });
    await lookUp(page, 'adele.vance');
    // The first call on a fresh data folder seeds the sandbox directory: allow for a loaded machine.
    await expect(card(page)).toContainText('Adele Vance', { timeout: 30_000 });

    await host.close();
    host = null;
    await lookUp(page, 'alex.wilber');
    await expect(page.getByTestId('connection-lost')).toContainText('The console is not reachable');
    await expect(page.getByTestId('session-chip')).toHaveAttribute('data-state', 'unreachable');
    await expect(page.getByTestId('session-chip')).toHaveClass(/MuiChip-colorError/);
    await expect(page.getByTestId('session-state')).toHaveText('Console not reachable');
    await expect(page.getByTestId('session-state')).toHaveClass(/MuiChip-colorError/);
    await expect(page.locator('body')).not.toContainText('Failed to fetch');
    await expect(card(page)).toHaveCount(0);
    await screenshot(page, 'desk-console-not-reachable');

    // The same host again (same port and token): the page finds it by itself.
    host = await startWebHost({ core, port, token, rendererDir });
    await expect(page.getByTestId('connection-lost')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByTestId('session-chip')).not.toHaveAttribute('data-state', 'unreachable');
    await lookUp(page, 'alex.wilber');
    await expect(card(page)).toContainText('Alex Wilber');
  } finally {
    await host?.close();
    await core.dispose();
    rmSync(home, { recursive: true, force: true });
  }
});
