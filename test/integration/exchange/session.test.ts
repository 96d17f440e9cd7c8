/**
 * The Exchange session on real PowerShell: reads survive a killed process (retried once on a fresh
 * one) and a transport failure (a fresh process and session next time); remote mode says it needs
 * Windows off Windows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, test } from 'vitest';
import { createCore } from '../../../electron/app/core';
import { fails, sandboxCore, type SandboxCore } from './helpers';

const ctx = { door: 'test' as const };
let s: SandboxCore | null = null;

afterEach(async () => {
  await s?.dispose();
  s = null;
});

/** Kills PowerShell the hard way (with the launcher's child, as a real crash would end it). */
async function crash(host: { processIds(): Promise<number[]> }): Promise<void> {
  const ids = await host.processIds();
  expect(ids.length).toBeGreaterThan(0);
  for (const p of ids.reverse()) process.kill(p, 'SIGKILL');
}

describe('reads after faults', () => {
  test('a read whose process is killed mid-call is retried once on a fresh process', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_DELAY_MS: '3000', HMC_SANDBOX_DELAY_CMDLETS: 'Get-User' } });
    await s.core.router.invoke('session.connect', {}, ctx);
    const host = s.core.services.exchange.currentHost!;
    const pid = host.pid!;
    const pending = s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx);
    await new Promise((res) => setTimeout(res, 800));
    await crash(host);
    const r = await pending;
    expect(r.Name).toBe('Lee Gu');
    expect(host.pid).not.toBe(pid);
    expect(host.starts).toBe(2);
  });

  test('a transport failure on a read: SESSION_UNREACHABLE, then a fresh process and session', async () => {
    s = await sandboxCore({ env: { HMC_SANDBOX_TRANSPORT_FAILURES: '1', HMC_SANDBOX_TRANSPORT_CMDLETS: 'Get-User' } });
    await s.core.router.invoke('session.connect', {}, ctx);
    const host = s.core.services.exchange.currentHost!;
    const e = await fails(s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx));
    expect(e.code).toBe('SESSION_UNREACHABLE');
    expect((e.details as { errors: Array<{ type: string; errorCode: number }> }).errors[0]).toMatchObject({
      type: 'System.Management.Automation.Remoting.PSRemotingTransportException',
      errorCode: -2144108250,
    });
    expect(s.core.services.sessionState().state).toBe('failed');
    expect((await s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx)).Name).toBe('Lee Gu');
    expect(host.starts).toBe(2);
    expect(s.core.services.sessionState().state).toBe('connected');
  });
});

describe('warm-up at start', () => {
  test('the session opens in the background, saying each step, and the first look-up finds it open', async () => {
    s = await sandboxCore();
    const seen: string[] = [];
    const connected = new Promise<void>((resolve) => {
      s!.core.services.events.subscribe('session.status', (p) => {
        seen.push(p.step ? `${p.state}:${p.step}` : p.state);
        if (p.state === 'connected') resolve();
      });
    });
    s.core.services.exchange.warmUp();
    await connected;
    expect(seen).toEqual(['connecting:powershell', 'connecting:exchange', 'connected']);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'lee.gu' }, ctx)).Name).toBe('Lee Gu');
    expect(s.core.services.exchange.currentHost!.starts).toBe(1);
    expect(seen).toHaveLength(3);
  });

  it.skipIf(process.platform === 'win32')('a warm-up that cannot connect leaves the failed state with its sentence, not an unhandled rejection', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-warm-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'remote', hosts: ['exch01.corp.example.org'] } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    try {
      const failed = new Promise<string | null>((resolve) => {
        core.services.events.subscribe('session.status', (p) => {
          if (p.state === 'failed') resolve(p.error);
        });
      });
      core.services.exchange.warmUp();
      expect(await failed).toMatch(/^Remote mode needs Windows/);
    } finally {
      await core.dispose();
    }
  });
});

describe('remote mode off Windows', () => {
  it.skipIf(process.platform === 'win32')('says in one sentence that remote needs Windows, instead of a PowerShell parameter error', async () => {
    const home = mkdtempSync(join(tmpdir(), 'hmc-remote-'));
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'remote', hosts: ['exch01.corp.example.org'] } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    try {
      const r = await core.router.call('session.connect', { force: true }, { door: 'test' });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('SESSION_UNREACHABLE');
        expect(r.error.message).toMatch(/^Remote mode needs Windows/);
      }
      const status = await core.router.invoke('system.status', {}, { door: 'test' });
      expect(status.session.state).toBe('failed');
    } finally {
      await core.dispose();
    }
  });
});
