import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, screenshot } from './fixtures';
import { LOG_FIXTURES } from '../support/fixtures';

const pad = (n: number) => String(n).padStart(2, '0');

async function goTo(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: label, exact: true }).click();
}

test('a ticket\'s sAMAccountName -> the story and its verdict -> enable on the desk (preview, confirm) -> the story says fixed', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  await app.core.router.invoke('sandbox.addUser', { samAccountName: 'ureyes', firstName: 'Uma', lastName: 'Reyes' }, { door: 'test' });
  // The SailPoint-template rule log of the fixtures, as today's file of an after-create source.
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const dir = join(app.home, 'story-logs');
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(join(LOG_FIXTURES, 'template/AfterCreate-2026-12-01.log'), 'utf8').replaceAll('2026-12-01', today);
  writeFileSync(join(dir, `AfterCreate-${today}.log`), text);
  const before = await app.core.router.invoke('settings.get', {}, { door: 'test' });
  await app.core.router.invoke(
    'settings.update',
    { ...before, logs: { ...before.logs, sources: [{ name: 'After-create (story)', folder: dir, pattern: 'AfterCreate-{yyyy}-{MM}-{dd}.log', enabled: true }] } },
    { door: 'test' },
  );
  try {
    // The ticket: "ureyes started Monday and has no mailbox".
    await goTo(page, 'User story');
    await page.getByLabel('User (sAMAccountName)').fill('ureyes');
    await page.getByRole('button', { name: 'Tell the story' }).click();
    const verdict = page.getByLabel('Verdict');
    // The first look-up starts PowerShell for the sandbox Exchange: allow it the time a cold start takes.
    await expect(verdict).toContainText('rule-failed', { timeout: 45_000 });
    await expect(verdict).toContainText(`The rule failed on both Exchange hosts (mx-hyb01 unreachable, mx-hyb02 Kerberos: cannot find the computer) at ${today} 08:00. Enable the remote mailbox now?`);
    const events = page.getByRole('list', { name: 'Story events' }).locator(':scope > li');
    await expect(events).toHaveCount(3);
    await expect(events.nth(0)).toContainText('Joiner create request: the rule should have enabled a remote mailbox.');
    await expect(events.nth(2)).toContainText('Exchange now: Plain AD user: no remote mailbox');
    await screenshot(page, 'story-1-verdict');

    // The verdict's button: the desk previews the exact command and asks first.
    await verdict.getByRole('button', { name: 'Enable the remote mailbox…' }).click();
    await expect(page.getByRole('heading', { name: 'Mailboxes', exact: true })).toBeVisible();
    await expect(page.getByTestId('search-input')).toHaveValue('ureyes');
    await expect(page.getByTestId('confirm-command')).toContainText("Enable-RemoteMailbox -Identity '");
    expect((await app.core.router.invoke('mailbox.get', { identity: 'ureyes' }, { door: 'test' })).kind).toBe('user');
    await expect(page.locator('.MuiDialog-container')).toHaveCSS('opacity', '1');
    await screenshot(page, 'story-2-confirm');
    // Under the card, before the change: the verdict the story page gave.
    await expect(page.getByTestId('story-strip')).toHaveAttribute('data-state', 'rule-failed', { timeout: 30_000 });
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Enable remote mailbox for Uma Reyes' }).click();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('recipient-card')).toHaveAttribute('data-kind', 'remoteMailbox');
    // Under the card, the story collapsed to its verdict follows the change just made.
    await expect(page.getByTestId('story-strip')).toHaveAttribute('data-state', 'fixed-by-console', { timeout: 30_000 });
    await screenshot(page, 'story-3-enabled');

    // Back to the whole story from the desk: fixed from the console, the change in the timeline.
    await page.getByTestId('story-open').click();
    await expect(verdict).toContainText('fixed-by-console', { timeout: 30_000 });
    await expect(verdict).toContainText('fixed it from the console');
    await expect(events).toHaveCount(4);
    await expect(events.nth(2)).toContainText('mailbox.enableRemote from the console');
    await screenshot(page, 'story-4-fixed');

    // And from the log viewer: the entry's user opens the story.
    await events.nth(1).getByRole('button', { name: 'Open in the log viewer' }).click();
    await expect(page.getByRole('grid', { name: 'Log entries' })).toBeVisible();
  } finally {
    await app.core.router.invoke('settings.update', before, { door: 'test' });
  }
});
