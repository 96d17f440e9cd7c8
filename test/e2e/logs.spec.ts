import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowLogFile, test, expect, screenshot } from './fixtures';
import { makeUsers, render, rng, stamp, transaction, type GenEntry } from '../support/logs-gen';

test('open a log, follow it while it is written, filter by user, open a logged request in the plan inspector', async ({ appPage: page, app }) => {
  const dir = join(app.home, 'rule-logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '2025-03-03.ConnectorAfterCreate.log');
  const users = makeUsers(6, 21);
  const r = rng(21);
  const entries: GenEntry[] = [];
  /** Whose run each entry is (a transaction is one run, its result document too). */
  const runUser: string[] = [];
  let at = new Date(2025, 2, 3, 9, 0, 0);
  for (let i = 0; i < 30; i++) {
    const tx = transaction(users[i % users.length]!, at, r, 0.3);
    entries.push(...tx);
    runUser.push(...tx.map(() => users[i % users.length]!.sam));
    at = new Date(at.getTime() + 7000);
  }
  writeFileSync(file, render(entries));
  allowLogFile(app, file);

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
  const expected = runUser.filter((u) => u === sam).length;
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

test('search several sources at once: one list merged newest first, with the source of each entry', async ({ appPage: page, app }) => {
  const ac = join(app.home, 'merged', 'ac');
  const am = join(app.home, 'merged', 'am');
  mkdirSync(ac, { recursive: true });
  mkdirSync(am, { recursive: true });
  // Interleaved in time: after-create on even minutes, after-modify on odd ones.
  const line = (m: number, msg: string) => `${stamp(new Date(2025, 2, 4, 9, m, 0))}::${msg}\r\n`;
  const create: string[] = [];
  const modify: string[] = [];
  for (let m = 0; m < 12; m++) {
    const msg = m % 4 === 1 ? `Cannot create mailbox for merge${m}: e2e merged` : `Finished for merge${m}: e2e merged`;
    (m % 2 === 0 ? create : modify).push(line(m, msg));
  }
  writeFileSync(join(ac, '2025-03-04.ConnectorAfterCreate.log'), create.join(''));
  writeFileSync(join(am, '2025-03-04.ConnectorAfterModify.log'), modify.join(''));
  const before = await app.core.router.invoke('settings.get', {}, { door: 'test' });
  await app.core.router.invoke(
    'settings.update',
    {
      ...before,
      logs: {
        ...before.logs,
        sources: [
          { name: 'After-create', folder: ac, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', enabled: true },
          { name: 'After-modify', folder: am, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterModify.log', enabled: true },
        ],
      },
    },
    { door: 'test' },
  );
  try {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
    await page.getByRole('combobox', { name: 'Search sources' }).click();
    await page.getByRole('option', { name: 'After-create' }).click();
    await page.getByRole('option', { name: 'After-modify' }).click();
    await page.keyboard.press('Escape');
    await page.getByLabel('Search text').fill('e2e merged');
    await page.getByRole('button', { name: 'Search', exact: true }).click();

    const grid = page.getByRole('grid', { name: 'Merged entries' });
    const rows = grid.getByRole('row');
    await expect(rows).toHaveCount(12);
    await expect(page.getByText('12 entries from After-create, After-modify matching "e2e merged", newest first')).toBeVisible();
    // Newest first, alternating sources.
    for (let i = 0; i < 12; i++) {
      const m = 11 - i;
      await expect(rows.nth(i)).toContainText(`merge${m}:`);
      await expect(rows.nth(i)).toContainText(m % 2 === 0 ? 'After-create' : 'After-modify');
    }

    // Selecting an entry shows it in the detail pane, as for one file.
    await rows.filter({ hasText: 'merge9:' }).click();
    const detail = page.getByLabel('Entry detail');
    await expect(detail).toContainText('Cannot create mailbox for merge9: e2e merged');
    await expect(detail).toContainText('After-modify');
    await expect(rows.filter({ hasText: 'merge9:' })).toHaveAttribute('aria-selected', 'true');

    // "All sources" gives the same merged list.
    await page.getByRole('combobox', { name: 'Search sources' }).click();
    await page.getByRole('option', { name: 'All sources' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(page.getByText('12 entries from all sources matching "e2e merged", newest first')).toBeVisible();
    await expect(rows.first()).toContainText('merge11:');
    await rows.filter({ hasText: 'merge9:' }).click();
    await expect(detail).toContainText('merge9');
    await screenshot(page, 'logs-merged');
  } finally {
    await app.core.router.invoke('settings.update', before, { door: 'test' });
  }
});

test('leaving the Logs page and coming back keeps the opened file, its filter, follow and scroll position; the tab going releases them', async ({ appPage: page, app }) => {
  const dir = join(app.home, 'keep-logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '2025-03-05.ConnectorAfterCreate.log');
  const users = makeUsers(4, 31);
  const r = rng(31);
  const entries: GenEntry[] = [];
  for (let i = 0; i < 120; i++) entries.push(...transaction(users[i % users.length]!, new Date(2025, 2, 5, 9, 0, i * 20), r, 0.3));
  writeFileSync(file, render(entries));
  allowLogFile(app, file);
  const sam = users[1]!.sam;
  const mine = entries.length / users.length;
  const stats = () => app.core.router.invoke('logs.stats', {}, { door: 'test' });
  const nav = page.getByRole('navigation', { name: 'Pages' });
  // Whatever earlier tests' pages left is released when they went: that is the baseline.
  await nav.getByRole('button', { name: 'Mailboxes', exact: true }).click();
  await expect.poll(async () => (await stats()).follows, { timeout: 20_000 }).toBe(0);
  const baseline = await stats();

  await nav.getByRole('button', { name: 'Logs', exact: true }).click();
  await page.getByLabel('Log file path').fill(file);
  await page.getByRole('button', { name: 'Open file' }).click();
  await expect(page.getByText(`${entries.length} entries`)).toBeVisible();
  await page.getByLabel('User').fill(sam);
  await page.getByRole('button', { name: 'Filter', exact: true }).click();
  await expect(page.getByText(`${mine} matching entries`)).toBeVisible();
  const grid = page.getByRole('grid', { name: 'Log entries' });
  await grid.evaluate((el) => {
    el.scrollTop = 1500;
    el.dispatchEvent(new Event('scroll'));
  });
  const top = await grid.evaluate((el) => el.scrollTop);
  expect(top).toBeGreaterThan(1000);

  for (let visit = 0; visit < 5; visit++) {
    await nav.getByRole('button', { name: visit % 2 ? 'Plans' : 'Mailboxes', exact: true }).click();
    // Away from the page, the file stays open for the next visit (one file, however many visits).
    expect(await stats()).toMatchObject({ opened: baseline.opened + 1 });
    await nav.getByRole('button', { name: 'Logs', exact: true }).click();
    await expect(page.getByText(`${mine} matching entries`)).toBeVisible();
    await expect(page.getByLabel('User')).toHaveValue(sam);
    await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBe(top);
  }
  await screenshot(page, 'logs-kept');

  await page.getByRole('button', { name: 'Follow' }).click();
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();
  await nav.getByRole('button', { name: 'Mailboxes', exact: true }).click();
  expect(await stats()).toMatchObject({ opened: baseline.opened + 1, follows: baseline.follows + 1 });
  await nav.getByRole('button', { name: 'Logs', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Following' })).toBeVisible();

  // The tab going (here: navigating away from the app) releases the file and the follow.
  await page.goto('about:blank');
  await expect.poll(stats, { timeout: 30_000 }).toEqual(baseline);
});

test('rows and histogram bars work from the keyboard', async ({ appPage: page, app }) => {
  const dir = join(app.home, 'keys-logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '2025-03-06.ConnectorAfterCreate.log');
  const users = makeUsers(4, 41);
  const r = rng(41);
  const entries: GenEntry[] = [];
  for (let i = 0; i < 30; i++) entries.push(...transaction(users[i % users.length]!, new Date(2025, 2, 6, 9, i * 3, 0), r, 0.3));
  writeFileSync(file, render(entries));
  allowLogFile(app, file);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
  await page.getByLabel('Log file path').fill(file);
  await page.getByRole('button', { name: 'Open file' }).click();
  await expect(page.getByText(`${entries.length} entries`)).toBeVisible();

  // A histogram bar: Tab reaches it, the arrows move between bars, Enter filters on its time range.
  await page.getByRole('button', { name: 'Follow' }).focus();
  await page.keyboard.press('Tab');
  const bars = page.getByRole('group', { name: 'Errors over time' }).getByRole('button');
  await expect(bars.first()).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(bars.nth(1)).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(/ \d+ matching entries/)).toBeVisible();
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByText(`${entries.length} entries`)).toBeVisible();

  // The rows: one tab stop; the arrows move the selection (and the focus) in the table.
  const grid = page.getByRole('grid', { name: 'Log entries' });
  const rows = grid.getByRole('row');
  await rows.first().focus();
  await page.keyboard.press('Enter');
  await expect(rows.first()).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = grid.locator('[role="row"][data-index="2"]');
  await expect(third).toHaveAttribute('aria-selected', 'true');
  await expect(third).toBeFocused();
  await expect(page.getByLabel('Entry detail')).toContainText(entries[2]!.message.split('\n')[0]!);
  await expect(grid.locator('[role="row"][tabindex="0"]')).toHaveCount(1);
  await screenshot(page, 'logs-keyboard');
});

test('one search box, its scope stated: this file filters the open file; a bad regular expression is a sentence', async ({ appPage: page, app }) => {
  const dir = join(app.home, 'one-search');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, '2025-03-07.ConnectorAfterCreate.log');
  const users = makeUsers(3, 41);
  const r = rng(41);
  const entries: GenEntry[] = [];
  for (let i = 0; i < 9; i++) entries.push(...transaction(users[i % users.length]!, new Date(2025, 2, 7, 9, i, 0), r, 0));
  writeFileSync(file, render(entries));
  allowLogFile(app, file);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Logs', exact: true }).click();
  await page.getByLabel('Log file path').fill(file);
  await page.getByRole('button', { name: 'Open file' }).click();
  await expect(page.getByText(`${entries.length} entries`)).toBeVisible();
  // The filter bar has no second text box: the one search box says where it searches.
  await expect(page.getByLabel('Text', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Search in')).toContainText('This file');
  await page.getByLabel('Search text').fill('Remote mailbox enabled');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByText('9 matching entries')).toBeVisible();
  await page.getByLabel('Regex').check();
  await page.getByLabel('Search text').fill('enabled (for');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'The regular expression is not valid' })).toContainText('untick Regex to search for plain text');
  // The view stays as it was (no rows of placeholders).
  await expect(page.getByText('9 matching entries')).toBeVisible();
  await screenshot(page, 'logs-one-search');
});
