/**
 * A burst of 500 failures appended to a followed log makes one mail per cool-down window, not 500:
 * the first failure mails at once, the rest are counted, and the first failure after the cool-down
 * mails again saying how many were not mailed. The rules' clock is the test's (the cool-down is a
 * minute); the log, the follower and the SMTP server are real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailServer, type MailServer } from '../../support/mail-server';
import type { Core } from '../../../electron/app/core';
import { FOLLOWERS_START_MS, FROM, TO, logLine, notifyCore, sleep, tempHome, until } from './helpers';

let smtp: MailServer;
let core: Core;
let log: string;
let now = Date.UTC(2025, 2, 3, 10, 0, 0);
const notified: string[] = [];

function burst(n: number, from: number): string {
  let text = '';
  for (let i = from; i < from + n; i++) text += logLine(new Date(), `Cannot create mailbox for user${i}: Exchange session timed out after 60000 ms`);
  return text;
}

beforeAll(async () => {
  smtp = await startMailServer({ tls: 'none' });
  const home = tempHome();
  log = join(home, 'ConnectorAfterCreate.log');
  writeFileSync(log, '');
  core = await notifyCore(
    home,
    {
      logs: { sources: [{ name: 'After-create', folder: home, pattern: 'ConnectorAfterCreate.log' }], pollMs: 100 },
      notify: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tls: 'none', from: FROM, to: [TO], alerts: [{ source: 'After-create', threshold: 1, coolDownMinutes: 1 }] },
    },
    { clock: () => now },
  );
  await core.services.notify.watch({ desktop: (a) => notified.push(a.title) });
  await sleep(FOLLOWERS_START_MS);
});

afterAll(async () => {
  await core?.dispose();
  await smtp?.close();
});

describe('a burst of 500 failures', () => {
  it('makes one mail per cool-down window', async () => {
    const stats = () => core.services.notify.watchStats!;
    appendFileSync(log, burst(300, 0));
    await until(() => stats().failures === 300, 'the first 300 failures', 60_000);
    now += 30_000;
    appendFileSync(log, burst(100, 300));
    await until(() => stats().failures === 400, 'the next 100', 60_000);
    now += 31_000; // the cool-down (60 s after the first mail) is over
    appendFileSync(log, burst(100, 400));
    await until(() => stats().failures === 500, 'all 500', 60_000);
    await core.services.notify.settle();
    await sleep(500);
    expect(smtp.received.map((r) => r.parsed.subject)).toEqual([
      '[HMC] ConnectorAfterCreate failed for user0',
      '[HMC] ConnectorAfterCreate failed for user400 (+399 more)',
    ]);
    expect(smtp.received[1]!.parsed.text).toContain('400 failures of After-create since the last mail');
    expect(smtp.received[1]!.parsed.text).toContain('Other failures in this mail (the latest 20 of 399):');
    expect(smtp.received[0]!.parsed.text).toContain('counted, not mailed one by one');
    expect(stats()).toMatchObject({ failures: 500, mailed: 2, duplicates: 0 });
    expect(stats().byOutcome).toEqual({ fired: 2, 'cool-down': 498 });
    expect(notified).toHaveLength(2);
  });
});
