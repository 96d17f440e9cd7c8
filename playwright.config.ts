import { defineConfig } from '@playwright/test';

// Debian's Chromium (never `npx playwright install`: browsers cannot be downloaded here).
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Tests send traffic to loopback only: Chromium resolves no names (its background fetches to
  // update/accounts/autofill hosts would otherwise ask the machine's DNS); the app is on 127.0.0.1.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export default defineConfig({
  testDir: 'test/e2e',
  // Loopback DNS server + HMC_DNS_SERVERS for the run (connectivity checks never ask the machine's DNS).
  globalSetup: './test/e2e/global-setup.ts',
  outputDir: 'test-results/playwright',
  timeout: 60_000,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
    },
    viewport: { width: 1400, height: 900 },
    trace: 'off',
  },
  projects: [
    { name: 'web', testMatch: /.*\.spec\.ts$/, testIgnore: /electron\.spec\.ts$/ },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
