/**
 * mailbox.preflight against the sandbox on real PowerShell 7: every checklist item, and the change
 * operations refusing what it fails (audited with the code) while going ahead on a warning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditRecord } from '../../../shared/audit/schemas';
import type { PreflightOutput } from '../../../shared/exchange/schemas';
import { fails, sandboxCore, type SandboxCore } from './helpers';

let s: SandboxCore;
const ctx = { door: 'test' as const };

beforeAll(async () => {
  s = await sandboxCore();
});
afterAll(async () => {
  await s?.dispose();
});

function item(p: PreflightOutput, id: string) {
  const c = p.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id} item in ${JSON.stringify(p.checks)}`);
  return c;
}

function trail(): AuditRecord[] {
  return readFileSync(join(s.home, 'audit', 'audit.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRecord);
}

function preflight(input: { identity: string; action: 'enable' | 'hide' | 'unhide' | 'set-routing' | 'disable'; routingAddress?: string; allowForeignRoutingDomain?: boolean }) {
  return s.core.router.invoke('mailbox.preflight', input, ctx);
}

describe('mailbox.preflight', () => {
  test('a clean enable: every item passes, the recipient by its names, the command and the expected state', async () => {
    const p = await preflight({ identity: 'sean.obrien', action: 'enable' });
    expect(p.blocked).toBe(false);
    expect(p.checks.map((c) => [c.id, c.status])).toEqual([
      ['identity', 'pass'],
      ['type', 'pass'],
      ['routing-domain', 'pass'],
      ['routing-unique', 'pass'],
      ['directory-sync', 'pass'],
    ]);
    expect(p.recipient).toMatchObject({ displayName: "Sean O'Brien", samAccountName: 'sean.obrien', userPrincipalName: 'sean.obrien@corp.contoso.example' });
    expect(p.recipient?.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(p.routingAddress).toBe('sean.obrien@contoso.mail.onmicrosoft.com');
    expect(p.command).toBe(`Enable-RemoteMailbox -Identity '${p.recipient!.guid}' -RemoteRoutingAddress 'sean.obrien@contoso.mail.onmicrosoft.com'`);
    expect(p.expected).toMatchObject({ Guid: p.recipient!.guid, RecipientTypeDetails: 'User', RemoteRoutingAddress: null, HiddenFromAddressListsEnabled: null });
  });

  test('an identity that matches nobody fails with RECIPIENT_NOT_FOUND and Exchange\'s message', async () => {
    const p = await preflight({ identity: 'ghost.user', action: 'hide' });
    expect(p).toMatchObject({ blocked: true, recipient: null, expected: null });
    expect(item(p, 'identity')).toMatchObject({ status: 'fail', code: 'RECIPIENT_NOT_FOUND' });
    expect(item(p, 'identity').evidence).toContain("couldn't be found");
  });

  test('an ambiguous identity fails and lists the ANR matches', async () => {
    // A second account whose name is another's sAMAccountName: "lee.gu" now names two objects.
    await s.core.router.invoke('sandbox.addUser', { samAccountName: 'lgu2', name: 'lee.gu', displayName: 'Lee Gu (contractor)' }, ctx);
    const p = await preflight({ identity: 'lee.gu', action: 'enable' });
    expect(p.blocked).toBe(true);
    expect(item(p, 'identity')).toMatchObject({ status: 'fail', code: 'RECIPIENT_AMBIGUOUS' });
    expect(p.matches.map((m) => m.samAccountName).sort()).toEqual(['lee.gu', 'lgu2']);
    expect(item(p, 'identity').evidence).toContain('Lee Gu (contractor) (lgu2');
  });

  test('the type must allow the action, with what to do otherwise', async () => {
    const mailbox = await preflight({ identity: 'onprem.mailbox', action: 'enable' });
    expect(item(mailbox, 'type')).toMatchObject({ status: 'fail', code: 'WRONG_RECIPIENT_TYPE' });
    expect(item(mailbox, 'type').evidence).toMatch(/UserMailbox.*move request/);
    const plain = await preflight({ identity: 'adele.vance', action: 'hide' });
    expect(item(plain, 'type')).toMatchObject({ status: 'fail' });
    expect(item(plain, 'type').evidence).toContain('enable one first');
    const remote = await preflight({ identity: 'remote.synced', action: 'hide' });
    expect(item(remote, 'type').status).toBe('pass');
  });

  test('a routing address outside the tenant routing domain fails, and warns when overridden', async () => {
    const p = await preflight({ identity: 'diego.siciliani', action: 'enable', routingAddress: 'diego@contoso.example' });
    expect(item(p, 'routing-domain')).toMatchObject({ status: 'fail', code: 'INVALID_INPUT' });
    expect(item(p, 'routing-domain').evidence).toContain('contoso.mail.onmicrosoft.com');
    const o = await preflight({ identity: 'diego.siciliani', action: 'enable', routingAddress: 'diego@contoso.example', allowForeignRoutingDomain: true });
    expect(item(o, 'routing-domain').status).toBe('warn');
    expect(o.blocked).toBe(false);
  });

  test('a routing address another recipient uses fails naming that recipient', async () => {
    const p = await preflight({ identity: 'adele.vance', action: 'enable', routingAddress: 'remote.synced@contoso.mail.onmicrosoft.com' });
    expect(p.blocked).toBe(true);
    expect(item(p, 'routing-unique')).toMatchObject({ status: 'fail' });
    expect(item(p, 'routing-unique').evidence).toContain('Rita Remote (remote.synced');
    // Its own address is not "another recipient's".
    const own = await preflight({ identity: 'remote.synced', action: 'set-routing', routingAddress: 'remote.synced@contoso.mail.onmicrosoft.com' });
    expect(item(own, 'routing-unique').status).toBe('pass');
  });

  test('enable warns when the AD account is younger than the directory-sync interval, with when it is safe', async () => {
    await s.core.router.invoke('sandbox.addUser', { samAccountName: 'new.joiner', firstName: 'Nia', lastName: 'Joiner' }, ctx);
    const p = await preflight({ identity: 'new.joiner', action: 'enable' });
    const sync = item(p, 'directory-sync');
    expect(sync.status).toBe('warn');
    expect(sync.evidence).toContain('30-minute directory-sync interval');
    const safe = /Safe from (\S+)\.$/.exec(sync.evidence)?.[1];
    expect(Date.parse(safe!) - Date.now()).toBeGreaterThan(25 * 60_000);
    expect(p.blocked).toBe(false);
  });

  test('disable says what it removes and warns while the recipient is not hidden', async () => {
    const shown = await preflight({ identity: 'remote.synced', action: 'disable' });
    expect(item(shown, 'disable-removes')).toMatchObject({ status: 'pass' });
    expect(item(shown, 'disable-removes').evidence).toContain('SMTP:remote.synced@contoso.mail.onmicrosoft.com');
    expect(item(shown, 'disable-hidden').status).toBe('warn');
    const hidden = await preflight({ identity: 'remote.hidden', action: 'disable' });
    expect(item(hidden, 'disable-hidden').status).toBe('pass');
  });
});

describe('the change operations run the checklist', () => {
  test('a routing address in use refuses the change, names the holder, changes nothing, and is audited with its code', async () => {
    const e = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance', routingAddress: 'remote.synced@contoso.mail.onmicrosoft.com' }, ctx));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('Rita Remote');
    expect((await s.core.router.invoke('mailbox.get', { identity: 'adele.vance' }, ctx)).kind).toBe('user');
    const end = trail().filter((r) => r.op === 'mailbox.enableRemote' && r.phase === 'end').at(-1)!;
    expect(end).toMatchObject({ outcome: 'error', error: { code: 'INVALID_INPUT' } });
    const start = trail().find((r) => r.id === end.id && r.phase === 'start')!;
    expect(start.target).toMatchObject({ samAccountName: 'adele.vance', displayName: 'Adele Vance' });
    expect(start.preflight?.find((c) => c.id === 'routing-unique')?.status).toBe('fail');
  });

  test('refusals keep their codes and are audited: domain before the directory, not found, wrong type', async () => {
    const domain = await fails(s.core.router.invoke('mailbox.setRoutingAddress', { identity: 'remote.synced', routingAddress: 'x@contoso.example' }, ctx));
    expect(domain.code).toBe('INVALID_INPUT');
    const ghost = await fails(s.core.router.invoke('mailbox.setHidden', { identity: 'ghost.user', hidden: true }, ctx));
    expect(ghost.code).toBe('RECIPIENT_NOT_FOUND');
    const plain = await fails(s.core.router.invoke('mailbox.disableRemote', { identity: 'adele.vance' }, ctx));
    expect(plain.code).toBe('WRONG_RECIPIENT_TYPE');
    const ends = trail().filter((r) => r.phase === 'end').slice(-3);
    expect(ends.map((r) => [r.op, r.error?.code])).toEqual([
      ['mailbox.setRoutingAddress', 'INVALID_INPUT'],
      ['mailbox.setHidden', 'RECIPIENT_NOT_FOUND'],
      ['mailbox.disableRemote', 'WRONG_RECIPIENT_TYPE'],
    ]);
    // The domain was refused before the directory was asked: the record knows no recipient.
    expect(trail().find((r) => r.id === ends[0]!.id && r.phase === 'start')!.target).toBeUndefined();
    expect(trail().find((r) => r.id === ends[2]!.id && r.phase === 'start')!.target).toMatchObject({ samAccountName: 'adele.vance' });
  });

  test('a warning never blocks: the young account is enabled, and the audit keeps the warning and the changed fields', async () => {
    const p = await preflight({ identity: 'new.joiner', action: 'enable' });
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'new.joiner', expected: p.expected! }, ctx);
    expect(r.recipient?.kind).toBe('remoteMailbox');
    expect(r.preflight?.find((c) => c.id === 'directory-sync')?.status).toBe('warn');
    const end = trail().filter((x) => x.op === 'mailbox.enableRemote' && x.phase === 'end').at(-1)!;
    expect(end.outcome).toBe('ok');
    expect(end.changes?.find((c) => c.field === 'RecipientTypeDetails')).toEqual({ field: 'RecipientTypeDetails', before: 'User', after: 'RemoteUserMailbox' });
    const start = trail().find((x) => x.id === end.id && x.phase === 'start')!;
    expect(start.preflight?.find((c) => c.id === 'directory-sync')?.status).toBe('warn');
    expect(start.target).toMatchObject({ samAccountName: 'new.joiner', displayName: 'Nia Joiner', userPrincipalName: 'new.joiner@corp.contoso.example' });
  });
});
