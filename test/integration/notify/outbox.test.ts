/**
 * The outbox and its retries against a real SMTP server that is down, then up: queueing never waits
 * for the server, a mail retried with backoff is delivered exactly once, a mail that finally fails
 * stays in the outbox failed with the reason (and the diagnostics log says so) until it is resent
 * or discarded.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { freePort, startMailServer, type MailServer } from '../../support/mail-server';
import { runHmc } from '../../support/cli';
import type { Core } from '../../../electron/app/core';
import type { NotifyMailFailureInput } from '../../../shared/notify/schemas';
import { FROM, TO, notifyCore, sleep, tempHome, until } from './helpers';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of closers.reverse()) await c();
});

const failure = (user: string): NotifyMailFailureInput => ({
  failure: { kind: 'desk', source: 'desk', time: new Date().toISOString(), user, operation: 'mailbox.enable', error: 'Exchange exch01 could not be reached.', code: 'SESSION_UNREACHABLE', host: 'exch01', command: null, link: null },
  story: null,
});

async function setup(port: number, backoffMs: number[]): Promise<{ core: Core; home: string }> {
  const home = tempHome();
  const core = await notifyCore(home, { notify: { smtpHost: '127.0.0.1', smtpPort: port, tls: 'none', from: FROM, to: [TO] } }, { backoffMs });
  closers.push(() => core.dispose());
  return { core, home };
}

describe('delivery', () => {
  it('server down, then up: queued at once, retried with backoff, delivered exactly once', async () => {
    const port = await freePort();
    const { core } = await setup(port, [400, 800, 1_600, 3_200]);
    const r = await core.router.invoke('notify.mailFailure', failure('aobrien'), { door: 'test' });
    expect(r.queued).toBe(true);
    // Queued, not waited for: the call is back while the delivery (retries over several seconds) is still open.
    const atReturn = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(['queued', 'sending']).toContain(atReturn.items[0]!.state);
    await until(async () => (await core.router.invoke('notify.outbox', {}, { door: 'test' })).items[0]?.problem !== null, 'the first attempt to fail', 10_000);
    const down = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(down.items[0]).toMatchObject({ problem: { kind: 'connection-refused', transient: true } });
    expect(down.items[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(['queued', 'sending']).toContain(down.items[0]!.state);
    let smtp: MailServer | null = null;
    smtp = await startMailServer({ tls: 'none', port });
    closers.push(() => smtp!.close());
    await smtp.waitFor(1, 15_000);
    await core.services.notify.settle();
    await sleep(1_000);
    expect(smtp.received).toHaveLength(1);
    const box = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(box.items[0]!.state).toBe('sent');
    expect(box.items[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(box.items[0]!.problem).toBeNull();
    await core.services.diagnostics.flush();
    expect(readFileSync(core.services.diagnostics.path, 'utf8')).toMatch(/Notify: sending a mail failed \(attempt 1\); retrying in/);
  });

  it('a mail that finally fails stays failed with the reason; resend delivers it, discard removes it', async () => {
    const port = await freePort();
    const { core, home } = await setup(port, [100, 100]);
    await core.router.invoke('notify.mailFailure', failure('mrossi'), { door: 'test' });
    await core.router.invoke('notify.mailFailure', failure('jnovak'), { door: 'test' });
    await until(async () => (await core.router.invoke('notify.outbox', {}, { door: 'test' })).counts.failed === 2, 'both mails to fail', 10_000);
    const box = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(box.items.every((i) => i.attempts === 3 && i.problem?.kind === 'connection-refused')).toBe(true);
    expect(box.items[0]!.problem!.message).toMatch(/refused the connection/);

    const smtp = await startMailServer({ tls: 'none', port });
    closers.push(() => smtp.close());
    const [a, b] = box.items;
    // Through the CLI, as an admin would after fixing the relay: a new process on the same data folder.
    const env = { ...process.env, HMC_HOME: home };
    const resent = await runHmc(['notify', 'resend', a!.id, '--json'], { env });
    expect(resent.code).toBe(0);
    expect(JSON.parse(resent.out)).toMatchObject({ id: a!.id, state: 'sent' });
    await smtp.waitFor(1);
    expect(smtp.received[0]!.parsed.subject).toBe(`[HMC] mailbox.enable failed for ${a!.subject.split(' for ')[1]}`);
    const discarded = await core.router.invoke('notify.discard', { id: b!.id }, { door: 'test' });
    expect(discarded.discarded).toBe(true);
    const after = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(after.items.map((i) => [i.id, i.state])).toEqual([[a!.id, 'sent']]);
    const listed = await runHmc(['notify', 'outbox'], { env });
    expect(listed.out).toContain('0 queued, 0 sending, 1 sent, 0 failed');
    expect(smtp.received).toHaveLength(1);
  });

  it('a permanent refusal is not retried', async () => {
    const smtp = await startMailServer({ tls: 'none', refuse: [TO] });
    closers.push(() => smtp.close());
    const { core } = await setup(smtp.port, [100, 100]);
    await core.router.invoke('notify.mailFailure', failure('kdubois'), { door: 'test' });
    await until(async () => (await core.router.invoke('notify.outbox', {}, { door: 'test' })).counts.failed === 1, 'the refusal', 10_000);
    const box = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(box.items[0]).toMatchObject({ attempts: 1, problem: { kind: 'recipient-refused', transient: false } });
  });
});
