/**
 * e2e fixture: an in-process core + local web host per worker, on a temp HMC_HOME, serving the
 * built renderer (out/renderer, built by `npm run build`). Tests get `app` (url, token, core)
 * and a `page` already open and authenticated on it.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../electron/app/core';
import { startWebHost, type WebHost } from '../../electron/webhost/server';

export interface AppFixture {
  url: string;
  origin: string;
  token: string;
  core: Core;
  host: WebHost;
  home: string;
}

export const test = base.extend<{ appPage: Page }, { app: AppFixture }>({
  app: [
    // eslint-disable-next-line no-empty-pattern -- Playwright's fixture signature
    async ({}, use) => {
      const home = mkdtempSync(join(tmpdir(), 'hmc-e2e-'));
      const core = await createCore({ env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'sandbox-directory.json') } });
      const host = await startWebHost({ core, port: 0, rendererDir: join(__dirname, '..', '..', 'out', 'renderer') });
      await use({ url: host.url, origin: `http://127.0.0.1:${host.port}`, token: host.token, core, host, home });
      await host.close();
      await core.dispose();
      rmSync(home, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  appPage: async ({ page, app }, use) => {
    await page.goto(app.url);
    await expect(page.getByRole('heading', { name: 'Hybrid Mailbox Console' })).toBeVisible();
    await use(page);
  },
});

export { expect };

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join('test-results', 'screenshots', `${name}.png`), fullPage: false });
}

/**
 * A log file the admin has allowed for this launch, as "Ask to allow" confirmed on the hmc serve terminal
 * would (that flow is tested on its own): for specs about what the Logs page does with a file.
 */
export function allowLogFile(app: AppFixture, file: string): void {
  app.core.services.logs.access.grant(realpathSync(file));
}
