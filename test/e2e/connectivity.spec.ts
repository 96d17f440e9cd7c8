import { closedPort, httpServer, httpsServer, makePki, type Running } from '../integration/connectivity/servers';
import { expect, screenshot, test } from './fixtures';

test('run the checks from the page against loopback servers and read the matrix', async ({ appPage: page, app }) => {
  const pki = makePki();
  const challenge = { kind: 'challenge', schemes: ['Negotiate', 'Kerberos'] } as const;
  const servers: Running[] = [];
  try {
    const good = await httpServer(challenge);
    const forbidden = await httpServer({ kind: 'status', status: 403 });
    const tls = await httpsServer(pki.good, challenge);
    servers.push(good, forbidden, tls);
    const closed = await closedPort();
    const settings = await app.core.router.invoke('settings.get', {}, { door: 'test' });
    await app.core.router.invoke(
      'settings.update',
      { ...settings, connectivity: { ...settings.connectivity, extraCaFiles: [pki.caFile], ping: false } },
      { door: 'test' },
    );

    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Connectivity', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Connectivity', exact: true })).toBeVisible();
    await page.getByTestId('hosts-input').fill(`localhost:${good.port}, localhost:${forbidden.port}, localhost:${closed}`);
    await page.getByTestId('tls-port-input').fill(String(tls.port));
    await page.getByRole('button', { name: 'Check all' }).click();

    const matrix = page.getByTestId('connectivity-matrix');
    await expect(matrix).toBeVisible();
    await expect(page.getByTestId('host-row-0')).toHaveAttribute('data-verdict', 'ok');
    await expect(page.getByTestId('host-row-1')).toHaveAttribute('data-verdict', 'failed');
    await expect(page.getByTestId('host-row-2')).toHaveAttribute('data-verdict', 'failed');
    await expect(page.getByTestId('cell-0-http')).toHaveAttribute('data-status', 'pass');
    await expect(page.getByTestId('cell-1-http')).toHaveAttribute('data-status', 'fail');
    await expect(page.getByTestId('cell-2-tcp')).toHaveAttribute('data-status', 'fail');
    await expect(page.getByTestId('cell-2-http')).toHaveAttribute('data-status', 'skipped');
    await expect(page.getByTestId('run-summary')).toContainText('3 host(s): 1 ok, 0 degraded, 2 failed');

    // A row opens into its step tree, first failure on top.
    await page.getByRole('button', { name: `Show steps of localhost:${forbidden.port}` }).click();
    const steps = page.getByTestId('steps-1');
    await expect(steps).toContainText('First failure: http.');
    await expect(steps).toContainText('403');
    await page.getByRole('button', { name: `Show steps of localhost:${good.port}` }).click();
    await expect(page.getByTestId('steps-0')).toContainText('HMC Test CA');
    await expect(page.getByTestId('steps-0')).toContainText('Negotiate, Kerberos');
    // DNS came from the run's loopback DNS server (global setup -> HMC_DNS_SERVERS -> the core), not the machine's.
    expect(process.env.HMC_DNS_SERVERS).toMatch(/^127\.0\.0\.1:\d+$/);
    await expect(page.getByTestId('steps-0')).toContainText(`asked DNS server ${process.env.HMC_DNS_SERVERS}; the hosts file is not consulted`);

    // Re-run one host: the history gets a second run and the chart a second point for that host.
    await page.getByRole('button', { name: `Re-run localhost:${good.port}` }).click();
    await expect(page.getByTestId('history').locator('tbody tr')).toHaveCount(2);
    await expect(page.getByTestId('latency-charts')).toContainText('2 run(s)');
    await expect(page.getByTestId('host-row-0')).toHaveAttribute('data-verdict', 'ok');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export HTML' }).click();
    expect((await download).suggestedFilename()).toMatch(/^connectivity-.*\.html$/);

    await page.getByRole('button', { name: `Hide steps of localhost:${good.port}` }).click();
    await expect(page.getByTestId('steps-0')).toHaveCount(0);
    await expect(page.getByTestId('steps-1')).toBeVisible();
    await screenshot(page, 'connectivity');
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
});

test('matrix and history rows are reached with Tab and operated with Enter and Space', async ({ appPage: page }) => {
  const closed = await closedPort();
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Connectivity', exact: true }).click();
  await page.getByTestId('hosts-input').fill(`localhost:${closed}`);
  await page.getByRole('button', { name: 'Check all' }).click();
  const row = page.getByTestId('host-row-0');
  await expect(row).toHaveAttribute('data-verdict', 'failed');
  await page.getByRole('button', { name: `Show steps of localhost:${closed}` }).focus();
  await page.keyboard.press('Shift+Tab');
  await expect(row).toBeFocused();
  await expect(row).toHaveCSS('outline-style', 'solid');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('steps-0')).toContainText('First failure: tcp.');
  await expect(row).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press(' ');
  await expect(page.getByTestId('steps-0')).toHaveCount(0);

  // A second run; Enter on the older one in the history shows it again.
  const history = page.getByTestId('history').locator('tbody tr');
  const before = await history.count();
  await page.getByRole('button', { name: 'Check all' }).click();
  await expect(history).toHaveCount(before + 1);
  await expect(history.nth(0)).toHaveAttribute('aria-current', 'true');
  await history.nth(1).focus();
  await page.keyboard.press('Enter');
  await expect(history.nth(1)).toHaveAttribute('aria-current', 'true');
});
