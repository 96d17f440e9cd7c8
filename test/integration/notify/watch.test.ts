/**
 * The watcher over real files: lines appended to a followed log (the log viewer's `logs.alerts`),
 * and the desk's audit trail. One failure gives exactly one mail, sent on the error entry itself
 * (its run has not ended); a desktop notification goes with it and opens the entry. It survives a
 * rotated log and a restart without mailing a failure twice, and writes its state to the
 * diagnostics log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailServer, type MailServer } from '../../support/mail-server';
import type { Core } from '../../../electron/app/core';
import type { NotifyAlertEvent, NotifyOpenEvent } from '../../../shared/notify/schemas';
import { FOLLOWERS_START_MS, FROM, TO, failingRun, logLine, notifyCore, sleep, tempHome, until } from './helpers';

let smtp: MailServer;
let home: string;
let log: string;
let core: Core;
const desktop: NotifyAlertEvent[] = [];
const opened: NotifyOpenEvent[] = [];
let openFirst: (() => void) | null = null;

const settings = () => ({
  logs: { sources: [{ name: 'After-create', folder: home, pattern: 'ConnectorAfterCreate.log' }], pollMs: 100 },
  notify: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tls: 'none' as const, from: FROM, to: [TO], alerts: [{ source: '*', threshold: 1, coolDownMinutes: 0 }] },
});

beforeAll(async () => {
  smtp = await startMailServer({ tls: 'none' });
  home = tempHome();
  log = join(home, 'ConnectorAfterCreate.log');
  writeFileSync(log, logLine(new Date(), 'Log started'));
  core = await notifyCore(home, settings());
  core.services.events.subscribe('notify.open', (e) => opened.push(e));
  await core.services.notify.watch({
    desktop: (alert, open) => {
      desktop.push(alert);
      openFirst ??= open;
    },
  });
  await sleep(FOLLOWERS_START_MS);
});

afterAll(async () => {
  await core?.dispose();
  await smtp?.close();
});

describe('hmc watch over a followed log', () => {
  it('mails one failure once, on the error entry itself, with a desktop notification that opens it', async () => {
    const before = readFileSync(log).length;
    const run = failingRun('jnovak1');
    appendFileSync(log, run);
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.subject).toBe('[HMC] ConnectorAfterCreate failed for jnovak1');
    expect(mail!.parsed.text).toContain('Exchange could not find the user jnovak1 in Active Directory');
    expect(mail!.parsed.attachments.map((a) => a.filename)).toEqual(['log-excerpt.txt']);
    await until(() => desktop.length === 1, 'the desktop notification');
    const errorOffset = before + Buffer.byteLength(run) - Buffer.byteLength(run.split('\r\n').slice(-2)[0]! + '\r\n');
    expect(desktop[0]).toMatchObject({ title: 'ConnectorAfterCreate failed for jnovak1', source: 'After-create', kind: 'log', link: { file: log, offset: errorOffset, source: 'After-create' } });
    openFirst!();
    expect(opened).toEqual([{ link: { file: log, offset: errorOffset, source: 'After-create' }, kind: 'log' }]);
    // The run ends later: still one mail.
    appendFileSync(log, logLine(new Date(), 'Finished ConnectorAfterCreate for jnovak1'));
    await sleep(800);
    await core.services.notify.settle();
    expect(smtp.received).toHaveLength(1);
  });

  it("mails a desk change that failed, from the audit trail, naming the user and the command", async () => {
    const audit = core.services.audit;
    const id = await audit.begin('mailbox.enable', 'ipc', { identity: 'aobrien', routingAddress: 'aobrien@corpexample.mail.onmicrosoft.com' }, "Enable-RemoteMailbox -Identity 'aobrien'");
    await audit.end(id, 'mailbox.enable', 'ipc', 'error', { code: 'SESSION_UNREACHABLE', message: 'Exchange exch01 could not be reached; run the connectivity checks.' });
    const mails = await smtp.waitFor(2);
    const m = mails[1]!;
    expect(m.parsed.subject).toBe('[HMC] mailbox.enable failed for aobrien');
    expect(m.parsed.text).toContain('Exchange exch01 could not be reached; run the connectivity checks.');
    expect(m.parsed.text).toContain("Command: Enable-RemoteMailbox -Identity 'aobrien'");
    expect(m.parsed.text).toContain('Error code: SESSION_UNREACHABLE');
    await until(() => desktop.length === 2, 'the desk notification');
    expect(desktop[1]).toMatchObject({ kind: 'desk', link: null, source: 'desk' });
  });

  it('survives a rotated log: the new file is followed, nothing is mailed twice', async () => {
    renameSync(log, `${log}.1`);
    writeFileSync(log, failingRun('mrossi2'));
    const mails = await smtp.waitFor(3);
    expect(mails[2]!.parsed.subject).toBe('[HMC] ConnectorAfterCreate failed for mrossi2');
    await sleep(800);
    expect(smtp.received).toHaveLength(3);
  });

  it('survives a restart: a failure it mailed before is not mailed again when the log is rewritten, a new one is', async () => {
    await core.dispose();
    core = await notifyCore(home);
    await core.services.notify.watch({});
    await sleep(FOLLOWERS_START_MS);
    // The writer rewrites its file: the follower reads it again from the start (mrossi2 again) plus a new failure.
    const content = readFileSync(log, 'utf8');
    renameSync(log, `${log}.2`);
    writeFileSync(log, content + failingRun('kokafor3'));
    const mails = await smtp.waitFor(4);
    expect(mails[3]!.parsed.subject).toBe('[HMC] ConnectorAfterCreate failed for kokafor3');
    await sleep(1_000);
    await core.services.notify.settle();
    expect(smtp.received.map((r) => r.parsed.subject)).toEqual([
      '[HMC] ConnectorAfterCreate failed for jnovak1',
      '[HMC] mailbox.enable failed for aobrien',
      '[HMC] ConnectorAfterCreate failed for mrossi2',
      '[HMC] ConnectorAfterCreate failed for kokafor3',
    ]);
    expect(core.services.notify.watchStats?.duplicates).toBeGreaterThanOrEqual(1);
  });

  it('keeps its state in the data folder and writes it to the diagnostics log', async () => {
    expect(existsSync(join(home, 'notify', 'alert-state.json'))).toBe(true);
    await core.services.diagnostics.flush();
    const diag = readFileSync(core.services.diagnostics.path, 'utf8');
    expect(diag).toContain('Notify watch: started');
    expect(diag).toContain('Notify watch: failure from After-create: fired');
    expect(diag).toContain('Notify watch: failure already handled');
    expect(diag).toContain('Notify: mail sent');
  });
});
