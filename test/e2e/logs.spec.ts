import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, screenshot } from './fixtures';
import { makeUsers, render, rng, stamp, transaction, type GenEntry } from '../support/logs-gen';

test('open a log, follow it while it is written, filter by user, open a logged request in the plan inspector', async ({ appPage: page, app }) => {
  const dir = join(app.home, 'rule-logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '2025-03-03.ConnectorAfterCreate.log');
  const users = makeUsers(6, 21);
  const r = rng(21);
  const entries: GenEntry[] = [];
  let at = new Date(2025, 2, 3, 9, 0, 0);
  for (let i = 0; i < 30; i++) {
    entries.push(...transaction(users[i % users.length]!, at, r, 0.3));
    at = new Date(at.getTime() + 7000);
  }
  writeFileSync(file, render(entries));

  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
  await page.getByLabel('Log file path').fill(file);
  await page.getByRole('button', { name: 'Open file' }).click();
  const grid = page.getByRole('grid', { name: 'Log entries' });
  const last = entries[entries.length - 1]!.message;
  await expect(grid.getByText(last).first()).toBeVisible();
  await expect(page.getByText(`${entries.length} entries`)).toBeVisible();

  // Follow while the test appends.
  await page.getByRole('button', { name: 'Follow' }).click();
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();
  const probe = `Cannot create mailbox for ${users[2]!.sam}: e2e follow probe`;
  appendFileSync(file, `${stamp(new Date(2025, 2, 3, 12, 0, 0))}::${probe}\r\n`);
  await expect(grid.getByText(probe)).toBeVisible({ timeout: 10_000 });
  await expect(grid.getByRole('row').filter({ hasText: probe })).toHaveAttribute('data-level', 'error');

  // Filter by user.
  const sam = users[1]!.sam;
  await page.getByLabel('User').fill(sam);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  const expected = entries.filter((e) => e.user === sam).length;
  await expect(page.getByText(`${expected} matching entries`)).toBeVisible();
  const rows = grid.getByRole('row');
  await expect(rows.first()).toContainText(sam);
  for (const row of await rows.all()) await expect(row).toContainText(sam);

  // Select the user's logged request and see its full text, then take the screenshot.
  await rows.filter({ hasText: 'request XML' }).first().click();
  const detail = page.getByLabel('Entry detail');
  await expect(detail).toContainText('</AccountRequest>');
  await expect(detail).not.toContainText('q0Zk3pR9xW1vTnL8sY4bAg==');
  await screenshot(page, 'logs');

  await detail.getByRole('button', { name: 'Open in plan inspector' }).click();
  const plans = page.getByTestId('page-plans');
  await expect(plans).toBeVisible();
  await expect(plans.getByText(sam).first()).toBeVisible({ timeout: 15_000 });
  await screenshot(page, 'logs-to-plans');
});
