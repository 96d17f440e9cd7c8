/**
 * Changes under faults on real PowerShell: a change that outlives its timeout, a process killed
 * mid-change, a process that dies after the change was written, a transport failure, an error lost
 * on the way back. Each ends with the right code and audit outcome, the next call works on a fresh
 * process, and an unknown outcome is resolved by reading the recipient back (never re-run).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { fails, sandboxCore, type SandboxCore } from './helpers';

const ctx = { door: 'test' as const };
let s: SandboxCore | null = null;

afterEach(async () => {
  await s?.dispose();
  s = null;
});

/** True if the process still runs after `ms` (a zombie awaiting its reaper does not count). */
async function runningAfter(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    let running: boolean;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      running = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      running = false;
    }
    if (!running || Date.now() > deadline) return running;
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Kills PowerShell the hard way (with the launcher's child, as a real crash would end it). */
async function crash(host: { processIds(): Promise<number[]> }): Promise<void> {
  const ids = await host.processIds();
  expect(ids.length).toBeGreaterThan(0);
  for (const p of ids.reverse()) process.kill(p, 'SIGKILL');
}

/** Resolves once the change's audit start record is written: the change is being sent to PowerShell. */
async function changeInFlight(sc: SandboxCore, op: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const { records } = await sc.core.router.invoke('audit.list', { op }, ctx);
    if (records.some((r) => r.phase === 'start')) return;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the change never started');
}

describe('changes after faults', () => {
  test('a change that outlives its timeout: TIMEOUT, the whole process tree killed, read back as not applied', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_DELAY_MS: '12000', HMC_SANDBOX_DELAY_CMDLETS: 'Enable-RemoteMailbox' } });
    await s.core.router.invoke('session.connect', {}, ctx);
    // Warm the process up with the default timeout, then shorten it: only the slow Enable-RemoteMailbox may hit it.
    for (let i = 0; i < 3; i++) await s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx);
    const settings = await s.core.router.invoke('settings.get', {}, ctx);
    await s.core.router.invoke('settings.update', { ...settings, exchange: { ...settings.exchange, callTimeoutMs: 5000 } }, ctx);
    const host = s.core.services.exchange.currentHost!;
    const pid = host.pid;
    const tree = await host.processIds();
    const t0 = Date.now();
    const e = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'lee.gu', routingAddress: 'lee.gu@contoso.mail.onmicrosoft.com' }, ctx));
    const elapsed = Date.now() - t0;
    expect(e.code).toBe('TIMEOUT');
    expect(e.message).toMatch(/NOT applied; it is safe to try again/);
    expect((e.details as { outcome: string }).outcome).toBe('not-applied');
    // The timed-out call was cut at its timeout; the rest is the read-back on a new process.
    expect(elapsed).toBeLessThan(5000 + 60_000);
    expect(e.message).toContain('within 5 s');
    expect(host.pid).not.toBe(pid);
    expect(host.starts).toBe(2);
    // No orphan keeps running the timed-out command (it would apply the change later).
    for (const p of tree) expect(await runningAfter(p, 3000)).toBe(false);
    await new Promise((res) => setTimeout(res, Math.max(0, 13_000 - (Date.now() - t0))));
    const r = await s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx);
    expect(r.kind).toBe('user');
    const { records } = await s.core.router.invoke('audit.list', {}, ctx);
    expect(records.find((x) => x.phase === 'end' && x.op === 'mailbox.enableRemote')).toMatchObject({ outcome: 'not-applied', error: { code: 'TIMEOUT' } });
  });

  test('a change whose process is killed mid-call: OUTCOME_UNKNOWN, resolved by read-back', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_DELAY_MS: '3000', HMC_SANDBOX_DELAY_CMDLETS: 'Set-RemoteMailbox' } });
    await s.core.router.invoke('session.connect', {}, ctx);
    const host = s.core.services.exchange.currentHost!;
    const before = await s.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx);
    expect(before.HiddenFromAddressListsEnabled).toBe(false);
    const pid = host.pid!;
    const pending = s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, ctx);
    pending.catch(() => undefined);
    await changeInFlight(s, 'mailbox.setHidden');
    await new Promise((res) => setTimeout(res, 500));
    expect(host.pid).toBe(pid);
    await crash(host);
    const e = await fails(pending);
    expect(e.code).toBe('OUTCOME_UNKNOWN');
    expect((e.details as { outcome: string }).outcome).toBe('not-applied');
    expect(host.pid).not.toBe(pid);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx)).HiddenFromAddressListsEnabled).toBe(false);
  });

  test('a process that dies after Exchange applied the change: OUTCOME_UNKNOWN, read back as applied', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_DIE_IN: 'Enable-RemoteMailbox', HMC_SANDBOX_DIE_AFTER_WRITE: '1' } });
    const e = await fails(
      s.core.router.invoke('mailbox.enableRemote', { identity: 'nestor.wilke', routingAddress: 'nestor.wilke@contoso.mail.onmicrosoft.com' }, ctx),
    );
    expect(e.code).toBe('OUTCOME_UNKNOWN');
    expect(e.message).toMatch(/WAS applied; do not run it again/);
    const d = e.details as { outcome: string; recipient: { RemoteRoutingAddress: string } };
    expect(d.outcome).toBe('applied');
    expect(d.recipient.RemoteRoutingAddress).toBe('SMTP:nestor.wilke@contoso.mail.onmicrosoft.com');
    // Nothing was run twice: one start record, one end record.
    const { records } = await s.core.router.invoke('audit.list', {}, ctx);
    expect(records.filter((x) => x.op === 'mailbox.enableRemote').map((x) => x.phase).sort()).toEqual(['end', 'start']);
    // The next call works on a fresh process.
    expect((await s.core.router.invoke('mailbox.get', { identity: 'nestor.wilke' }, ctx)).kind).toBe('remoteMailbox');
  });

  test('a -WhatIf whose process dies: the preview did not complete, no outcome is left open', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_DIE_IN: 'Enable-RemoteMailbox' } });
    const e = await fails(
      s.core.router.invoke('mailbox.enableRemote', { identity: 'nestor.wilke', routingAddress: 'nestor.wilke@contoso.mail.onmicrosoft.com', whatIf: true }, ctx),
    );
    expect(e.code).toBe('POWERSHELL_FAILED');
    expect(e.message).toBe(
      'The PowerShell process ended while running Enable-RemoteMailbox; it was restarted. The preview (-WhatIf) did not complete; a preview changes nothing, so nothing was changed. Preview again.',
    );
    expect(e.message).not.toMatch(/unknown/i);
    expect((e.details as { whatIf: boolean }).whatIf).toBe(true);
    // A preview is not a change: nothing audited, the recipient as it was.
    expect((await s.core.router.invoke('audit.list', {}, ctx)).records).toEqual([]);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'nestor.wilke' }, ctx)).kind).toBe('user');
  });

  test('a transport failure on a change: OUTCOME_UNKNOWN, read back, never retried', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_TRANSPORT_FAILURES: '1', HMC_SANDBOX_TRANSPORT_CMDLETS: 'Disable-RemoteMailbox' } });
    const e = await fails(s.core.router.invoke('mailbox.disableRemote', { identity: 'remote.hidden' }, ctx));
    expect(e.code).toBe('OUTCOME_UNKNOWN');
    expect((e.details as { outcome: string }).outcome).toBe('not-applied');
    expect((await s.core.router.invoke('mailbox.get', { identity: 'remote.hidden' }, ctx)).kind).toBe('remoteMailbox');
    const r = await s.core.router.invoke('mailbox.disableRemote', { identity: 'remote.hidden' }, ctx);
    expect(r.recipient?.kind).toBe('user');
  });

  test('a change Exchange reports as done but that did not happen: EXCHANGE_ERROR from the read-back', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_SILENT_NOOP: 'Set-RemoteMailbox' } });
    const e = await fails(s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, ctx));
    expect(e.code).toBe('EXCHANGE_ERROR');
    expect(e.message).toMatch(/returned no error, but reading the recipient back shows the change was not applied/);
    const { records } = await s.core.router.invoke('audit.list', { op: 'mailbox.setHidden' }, ctx);
    expect(records.find((x) => x.phase === 'end')).toMatchObject({ outcome: 'not-applied', error: { code: 'EXCHANGE_ERROR' } });
  });

});
