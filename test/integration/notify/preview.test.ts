/**
 * The 24-hour preview over a real log file (read through the log viewer's search) and the audit
 * trail: what the rules would have sent, each failure replayed at its own time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Core } from '../../../electron/app/core';
import { runHmc } from '../../support/cli';
import { FROM, TO, failingRun, logLine, notifyCore, tempHome } from './helpers';

let home: string;
let core: Core;
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

beforeAll(async () => {
  home = tempHome();
  const log = join(home, 'ConnectorAfterCreate.log');
  writeFileSync(log, logLine(ago(26 * 60), 'Cannot create mailbox for old1: too old to count') + failingRun('a1', ago(180)) + failingRun('a2', ago(179.8)) + failingRun('a3', ago(179.5)) + failingRun('b1', ago(60)));
  mkdirSync(join(home, 'audit'), { recursive: true });
  const t = ago(30).toISOString();
  appendFileSync(
    join(home, 'audit', 'audit.jsonl'),
    `${JSON.stringify({ id: 'x1', phase: 'start', time: t, op: 'mailbox.hide', door: 'ipc', command: "Set-RemoteMailbox -Identity 'leaver9'", input: { identity: 'leaver9', hidden: true } })}\n` +
      `${JSON.stringify({ id: 'x1', phase: 'end', time: t, op: 'mailbox.hide', door: 'ipc', command: null, outcome: 'error', error: { code: 'SESSION_LOST', message: 'The session was lost.' } })}\n`,
  );
  core = await notifyCore(home, { logs: { sources: [{ name: 'After-create', folder: home, pattern: 'ConnectorAfterCreate.log' }] }, notify: { from: FROM, to: [TO] } });
});

afterAll(async () => {
  await core?.dispose();
});

describe('notify.preview', () => {
  it('under the default rule: one mail per source per cool-down, the rest counted', async () => {
    const p = await core.router.invoke('notify.preview', {}, { door: 'test' });
    expect(p).toMatchObject({ failures: 5, suppressed: 2, defaultRule: true, notes: [] });
    expect(p.mails.map((m) => [m.source, m.user, m.failures, m.suppressedBefore])).toEqual([
      ['After-create', 'a1', 1, 0],
      ['After-create', 'b1', 3, 2],
      ['desk', 'leaver9', 1, 0],
    ]);
  });

  it('with rules to try: "3 failures in 5 minutes" would have mailed once', async () => {
    const p = await core.router.invoke('notify.preview', { rules: [{ source: '*', threshold: 3, windowMinutes: 5 }] }, { door: 'test' });
    expect(p.defaultRule).toBe(false);
    expect(p.mails.map((m) => [m.source, m.user, m.failures])).toEqual([['After-create', 'a3', 3]]);
  });

  it('hmc notify preview prints the same as one JSON document', async () => {
    const r = await runHmc(['notify', 'preview', '--json'], { env: { ...process.env, HMC_HOME: home } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ failures: 5, mails: [{ user: 'a1' }, { user: 'b1' }, { user: 'leaver9' }] });
  });
});
