/**
 * The machine-wide policy file, read by a real core against the sandbox Exchange: pinned values
 * replace the user's, a different value is refused, an action the policy turns off is refused
 * with a sentence, and a broken policy file turns the restricted actions off rather than vanishing.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fails, sandboxCore, type SandboxCore } from '../exchange/helpers';

const ctx = { door: 'test' } as const;
let s: SandboxCore | null = null;

afterEach(async () => {
  await s?.dispose();
  s = null;
});

async function withPolicy(policy: unknown | string): Promise<{ core: SandboxCore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'hmc-policy-'));
  const file = join(dir, 'policy.json');
  await writeFile(file, typeof policy === 'string' ? policy : JSON.stringify(policy));
  s = await sandboxCore({ env: { HMC_POLICY_FILE: file }, exchange: { hosts: ['mine.corp.example'] } });
  return { core: s, file };
}

describe('policy file', () => {
  it('pins the Exchange hosts and routing domain over the user\'s, and refuses a change to them', async () => {
    const { core, file } = await withPolicy({
      pinned: { exchange: { hosts: ['exch01.corp.example', 'exch02.corp.example'], routingDomain: 'contoso.mail.onmicrosoft.com' } },
    });
    const settings = await core.core.router.invoke('settings.get', {}, ctx);
    expect(settings.exchange.hosts).toEqual(['exch01.corp.example', 'exch02.corp.example']);
    expect(settings.exchange.routingDomain).toBe('contoso.mail.onmicrosoft.com');
    const info = await core.core.router.invoke('settings.policy', {}, ctx);
    expect(info).toMatchObject({ file, present: true, problem: null, pinned: ['exchange.hosts', 'exchange.routingDomain'] });

    // Saving what the page shows (pinned values included) is fine; changing a pinned value is not.
    await core.core.router.invoke('settings.update', { ...settings, exchange: { ...settings.exchange, callTimeoutMs: 9000 } }, ctx);
    const e = await fails(core.core.router.invoke('settings.update', { ...settings, exchange: { ...settings.exchange, hosts: ['evil.example'] } }, ctx));
    expect(e.code).toBe('POLICY_DISALLOWED');
    expect(e.message).toContain('exchange.hosts is pinned by your administrator\'s policy');
    expect(e.message).toContain(file);
    expect((await core.core.router.invoke('settings.get', {}, ctx)).exchange.callTimeoutMs).toBe(9000);
  });

  it('refuses hide/unhide when the policy turns it off, before anything reaches Exchange', async () => {
    const { core } = await withPolicy({ disallow: { hideUnhide: true } });
    const before = await core.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx);
    const e = await fails(core.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, ctx));
    expect(e.code).toBe('POLICY_DISALLOWED');
    expect(e.message).toMatch(/^Hiding and unhiding from address lists is turned off by your administrator's policy/);
    expect(await core.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx)).toEqual(before);
  });

  it('an invalid policy file pins nothing, turns bulk and hide/unhide off, and says why', async () => {
    const { core, file } = await withPolicy('{"pinned": {"exchange": {"hosts": "not-a-list"}}}');
    const info = await core.core.router.invoke('settings.policy', {}, ctx);
    expect(info.present).toBe(true);
    expect(info.disallow).toEqual({ bulk: true, hideUnhide: true });
    expect(info.problem).toContain(`The policy file ${file} is invalid at "pinned.exchange.hosts"`);
    expect((await core.core.router.invoke('settings.get', {}, ctx)).exchange.hosts).toEqual(['mine.corp.example']);
    const e = await fails(core.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, ctx));
    expect(e.code).toBe('POLICY_DISALLOWED');
  });

  it('no policy file: nothing pinned, nothing turned off', async () => {
    s = await sandboxCore({ env: { HMC_POLICY_FILE: join(tmpdir(), 'hmc-no-such-policy', 'policy.json') } });
    const info = await s.core.router.invoke('settings.policy', {}, ctx);
    expect(info).toMatchObject({ present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } });
  });
});
