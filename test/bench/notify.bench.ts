/**
 * Failure mail benchmark: from a failure line appended to a followed log to the mail
 * accepted by a loopback SMTP server, p95 over 100 failures, one at a time, with a 0-minute cool-down
 * so each failure mails. Ours: the whole path (log viewer follow -> logs.alerts -> watcher -> alert
 * state in the data folder -> composed mail with the run's excerpt -> outbox -> delivery). Baseline,
 * same run: the same follow and event, with the mail sent by a bare nodemailer call. Target: p95 < 2 s.
 */
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { createCore } from '../../electron/app/core';
import { EventBus } from '../../electron/core/events';
import { LogService } from '../../electron/services/logs/service';
import { Settings, SETTINGS_VERSION } from '../../shared/settings/schema';
import { startMailServer, type MailServer } from '../support/mail-server';
import { stamp } from '../support/logs-gen';
import { emit, median, percentile } from './lib';

const N = Number(process.env.HMC_BENCH_NOTIFY_FAILURES ?? 100);
const FROM = 'hmc@corp.example.org';
const TO = 'iam-team@corp.example.org';

function run(user: string): string {
  const at = stamp(new Date());
  return (
    `${at}::Starting ConnectorAfterCreate for CN=${user},OU=Joiners,DC=corp,DC=example,DC=org (sAMAccountName=${user})\r\n` +
    `${at}::Enable-RemoteMailbox -Identity '${user}' -RemoteRoutingAddress '${user}@corpexample.mail.onmicrosoft.com'\r\n` +
    `${at}::Cannot create mailbox for ${user}: The operation couldn't be performed because object '${user}' couldn't be found on 'dc01.corp.example.org'. (ManagementObjectNotFoundException)\r\n`
  );
}

/** Appends one failing run at a time and waits for its mail: latency per failure (ms). */
async function measure(file: string, smtp: MailServer, label: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const before = smtp.received.length;
    const t = performance.now();
    appendFileSync(file, run(`${label}${i}`));
    const got = await smtp.waitFor(before + 1, 30_000);
    out.push(got[before]!.at - t);
  }
  return out;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-bench-notify-'));
  const smtp = await startMailServer({ tls: 'none' });
  try {
    // --- baseline: the log viewer's follow and event, the mail by a bare nodemailer call
    const bareLog = join(dir, 'bare', 'ConnectorAfterCreate.log');
    const sources = (folder: string) => ({ sources: [{ name: 'After-create', folder, pattern: 'ConnectorAfterCreate.log' }], pollMs: 100 });
    mkdirSync(join(dir, 'bare'), { recursive: true });
    writeFileSync(bareLog, '');
    const events = new EventBus();
    const logs = new LogService({ settings: async () => Settings.parse({ logs: sources(join(dir, 'bare')) }), events, alertsCheckMs: 100 });
    const transport = createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    const off = events.subscribe('logs.alerts', (e) => {
      for (const entry of e.entries) void transport.sendMail({ from: FROM, to: TO, subject: `failed: ${entry.user ?? ''}`, text: entry.message });
    });
    await new Promise((r) => setTimeout(r, 1_000));
    const bare = await measure(bareLog, smtp, 'bare');
    off();
    transport.close();
    await logs.dispose();

    // --- ours: hmc watch's path, in-process
    const home = join(dir, 'home');
    mkdirSync(home, { recursive: true });
    const log = join(home, 'ConnectorAfterCreate.log');
    writeFileSync(log, '');
    writeFileSync(
      join(home, 'settings.json'),
      JSON.stringify({ version: SETTINGS_VERSION, logs: sources(home), notify: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tls: 'none', from: FROM, to: [TO], alerts: [{ source: '*', threshold: 1, coolDownMinutes: 0 }] } }),
    );
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    await core.services.notify.watch({});
    await new Promise((r) => setTimeout(r, 2_000));
    const ours = await measure(log, smtp, 'ours');
    await core.dispose();

    const p95 = percentile(ours, 95);
    emit('notify.failureToMail.p95', p95, 'ms', percentile(bare, 95), { n: N, target: 2_000, underTarget: p95 < 2_000, median: median(ours), baselineMedian: median(bare), max: Math.max(...ours) });
  } finally {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
