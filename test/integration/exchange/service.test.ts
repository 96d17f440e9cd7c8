/**
 * Every Exchange operation against the sandbox on real PowerShell 7: success and each error path,
 * asserting the classified code and the message. One core (one PowerShell process) for the file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SessionState } from '../../../shared/exchange/schemas';
import { fails, sandboxCore, type SandboxCore } from './helpers';

let s: SandboxCore;
const ctx = { door: 'test' as const };
const events: SessionState[] = [];

beforeAll(async () => {
  s = await sandboxCore({ syncDelaySeconds: 3 });
  s.core.services.events.subscribe('session.status', (p) => events.push(p));
});
afterAll(async () => {
  await s?.dispose();
});

describe('session', () => {
  test('connect, status and the status event', async () => {
    expect(s.core.services.sessionState().state).toBe('disconnected');
    const r = await s.core.router.invoke('session.connect', {}, ctx);
    expect(r.state).toMatchObject({ state: 'connected', mode: 'sandbox', host: 'sandbox', error: null });
    expect(events.map((e) => (e.step ? `${e.state}:${e.step}` : e.state))).toEqual(['connecting:powershell', 'connecting:exchange', 'connected']);
    expect(s.core.services.sessionState().state).toBe('connected');
    expect((await s.core.router.invoke('session.status', {}, ctx)).state).toBe('connected');
    const status = await s.core.router.invoke('system.status', {}, ctx);
    expect(status.session.state).toBe('connected');
  });
});

describe('mailbox.get', () => {
  test('a plain AD user', async () => {
    const r = await s.core.router.invoke('mailbox.get', { identity: 'sean.obrien' }, ctx);
    expect(r).toMatchObject({ kind: 'user', RecipientTypeDetails: 'User', Name: "Sean O'Brien", syncState: null, RemoteRoutingAddress: null });
  });
  test('every identity form resolves the same object', async () => {
    const a = await s.core.router.invoke('mailbox.get', { identity: 'siobhan.odonnell' }, ctx);
    expect(a.Name).toBe('Siobhán O’Donnell');
    for (const id of [a.UserPrincipalName!, a.DistinguishedName!, a.Guid!, 'CORP\\siobhan.odonnell', 'Siobhán O’Donnell']) {
      expect((await s.core.router.invoke('mailbox.get', { identity: id }, ctx)).Guid).toBe(a.Guid);
    }
  });
  test('a ticket\'s forms of a mailbox: primary and secondary SMTP address, with or without the SMTP: prefix, and the GUID in braces', async () => {
    const r = await s.core.router.invoke('mailbox.get', { identity: 'remote.oneill' }, ctx);
    const forms = ['remote.oneill@contoso.example', 'SMTP:remote.oneill@contoso.example', 'remote.oneill@contoso.mail.onmicrosoft.com', `{${r.Guid!}}`, 'CORP\\REMOTE.ONEILL'];
    for (const id of forms) {
      expect((await s.core.router.invoke('mailbox.get', { identity: id }, ctx)).Guid, id).toBe(r.Guid);
    }
  });
  test('a remote mailbox, synced and pending, with Exchange property names', async () => {
    const r = await s.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx);
    expect(r).toMatchObject({ kind: 'remoteMailbox', RecipientTypeDetails: 'RemoteUserMailbox', syncState: 'synced', RemoteRecipientType: 'ProvisionMailbox' });
    expect(r.RemoteRoutingAddress).toBe('SMTP:remote.synced@contoso.mail.onmicrosoft.com');
    expect(r.EmailAddresses).toContain('SMTP:remote.synced@contoso.example');
    expect(r.ExchangeGuid).not.toMatch(/^0{8}-/);
    const p = await s.core.router.invoke('mailbox.get', { identity: 'remote.pending' }, ctx);
    expect(p.syncState).toBe('pending');
    expect(p.ExchangeGuid).toBe('00000000-0000-0000-0000-000000000000');
  });
  test('another recipient type', async () => {
    const r = await s.core.router.invoke('mailbox.get', { identity: 'onprem.mailbox' }, ctx);
    expect(r).toMatchObject({ kind: 'other', RecipientTypeDetails: 'UserMailbox', PrimarySmtpAddress: 'onprem.mailbox@contoso.example' });
  });
  test('the child domain is visible (ViewEntireForest)', async () => {
    expect((await s.core.router.invoke('mailbox.get', { identity: 'EMEA\\emea.user' }, ctx)).Name).toBe('Elise Emea');
  });
  test('not found: RECIPIENT_NOT_FOUND with the identity in the message', async () => {
    const e = await fails(s.core.router.invoke('mailbox.get', { identity: "no.such'user" }, ctx));
    expect(e.code).toBe('RECIPIENT_NOT_FOUND');
    expect(e.message).toContain("object 'no.such'user' couldn't be found on 'DC01.corp.contoso.example'");
  });
  test('ambiguous: RECIPIENT_AMBIGUOUS', async () => {
    const e = await fails(s.core.router.invoke('mailbox.get', { identity: 'Chris Duplicate' }, ctx));
    expect(e.code).toBe('RECIPIENT_AMBIGUOUS');
    expect(e.message).toContain('matches multiple entries');
  });
  test.each([['a\nb'], [''], [' x'], ['x'.repeat(1100)]])('invalid identity %j: INVALID_INPUT before PowerShell', async (id) => {
    const before = s.core.services.exchange.currentHost?.starts;
    const e = await fails(s.core.router.invoke('mailbox.get', { identity: id }, ctx));
    expect(e.code).toBe('INVALID_INPUT');
    expect(s.core.services.exchange.currentHost?.starts).toBe(before);
  });
});

describe('recipient.search', () => {
  test('by name fragment (ANR), plain users included', async () => {
    const r = await s.core.router.invoke('recipient.search', { text: "O'" }, ctx);
    expect(r.by).toBe('anr');
    const names = r.results.map((x) => x.Name);
    expect(names).toEqual(expect.arrayContaining(["Sean O'Brien", "Aoife O'Neill"]));
    expect(names).not.toContain('Siobhán O’Donnell');
  });
  test('by exact address (collision check)', async () => {
    const r = await s.core.router.invoke('recipient.search', { text: 'remote.oneill@contoso.example' }, ctx);
    expect(r.by).toBe('address');
    expect(r.results.map((x) => x.SamAccountName)).toEqual(['remote.oneill']);
    expect((await s.core.router.invoke('recipient.search', { text: "nobody'x@contoso.example" }, ctx)).results).toEqual([]);
  });
  test('limit and truncation', async () => {
    const r = await s.core.router.invoke('recipient.search', { text: 'r', by: 'anr', limit: 1 }, ctx);
    expect(r.results).toHaveLength(1);
    expect(r.truncated).toBe(true);
  });
  test('bad address: INVALID_INPUT', async () => {
    expect((await fails(s.core.router.invoke('recipient.search', { text: 'a b@x', by: 'address' }, ctx))).code).toBe('INVALID_INPUT');
  });
});

describe('mailbox.enableRemote', () => {
  test('what-if changes nothing and previews the exact command', async () => {
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance', routingAddress: 'adele.vance@contoso.mail.onmicrosoft.com', whatIf: true }, ctx);
    expect(r.whatIf).toBe(true);
    expect(r.command).toMatch(/^Enable-RemoteMailbox -Identity '[0-9a-f-]{36}' -RemoteRoutingAddress 'adele\.vance@contoso\.mail\.onmicrosoft\.com' -WhatIf$/);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'adele.vance' }, ctx)).kind).toBe('user');
  });
  test('enables, applies the address policy, reports sync pending, then synced after the delay', async () => {
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance', routingAddress: 'adele.vance@contoso.mail.onmicrosoft.com' }, ctx);
    expect(r.whatIf).toBe(false);
    expect(r.before?.kind).toBe('user');
    expect(r.recipient).toMatchObject({
      kind: 'remoteMailbox',
      RecipientTypeDetails: 'RemoteUserMailbox',
      RemoteRoutingAddress: 'SMTP:adele.vance@contoso.mail.onmicrosoft.com',
      PrimarySmtpAddress: 'adele.vance@contoso.example',
      EmailAddressPolicyEnabled: true,
      syncState: 'pending',
    });
    expect(r.recipient?.EmailAddresses).toEqual(['SMTP:adele.vance@contoso.example', 'smtp:adele.vance@contoso.mail.onmicrosoft.com']);
    await new Promise((res) => setTimeout(res, 3200));
    expect((await s.core.router.invoke('mailbox.get', { identity: 'adele.vance' }, ctx)).syncState).toBe('synced');
  });
  test('routing address defaults to alias@routing domain; primary SMTP disables the policy', async () => {
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'alex.wilber', primarySmtpAddress: 'alex@contoso.example' }, ctx);
    expect(r.recipient).toMatchObject({ RemoteRoutingAddress: 'SMTP:alex.wilber@contoso.mail.onmicrosoft.com', PrimarySmtpAddress: 'alex@contoso.example', EmailAddressPolicyEnabled: false });
  });
  test('a routing address outside the routing domain is refused unless overridden', async () => {
    const e = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'diego.siciliani', routingAddress: 'diego@contoso.example' }, ctx));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/contoso\.mail\.onmicrosoft\.com/);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'diego.siciliani' }, ctx)).kind).toBe('user');
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'diego.siciliani', routingAddress: 'diego@contoso.example', allowForeignRoutingDomain: true }, ctx);
    expect(r.recipient?.RemoteRoutingAddress).toBe('SMTP:diego@contoso.example');
  });
  test('already remote, or a mailbox: WRONG_RECIPIENT_TYPE with the Exchange message', async () => {
    const e = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'remote.synced', routingAddress: 'x@contoso.mail.onmicrosoft.com' }, ctx));
    expect(e.code).toBe('WRONG_RECIPIENT_TYPE');
    expect(e.message).toContain('This task does not support recipients of this type');
    expect(e.message).toContain('is of type RemoteUserMailbox');
    const m = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'onprem.mailbox', routingAddress: 'x@contoso.mail.onmicrosoft.com' }, ctx));
    expect(m.code).toBe('WRONG_RECIPIENT_TYPE');
    expect(m.message).toContain('is of type UserMailbox');
  });
  test('unknown identity: RECIPIENT_NOT_FOUND', async () => {
    expect((await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'ghost', routingAddress: 'g@contoso.mail.onmicrosoft.com' }, ctx))).code).toBe('RECIPIENT_NOT_FOUND');
  });
  test('a primary address in use: EXCHANGE_ERROR with the Exchange message', async () => {
    const e = await fails(s.core.router.invoke('mailbox.enableRemote', { identity: 'grady.archie', primarySmtpAddress: 'remote.synced@contoso.example' }, ctx));
    expect(e.code).toBe('EXCHANGE_ERROR');
    expect(e.message).toContain('is already being used');
  });
});

describe('hide, routing repair, disable', () => {
  test('hide and unhide', async () => {
    const h = await s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true }, ctx);
    expect(h.command).toMatch(/^Set-RemoteMailbox -Identity '[0-9a-f-]{36}' -HiddenFromAddressListsEnabled \$true$/);
    expect(h.recipient?.HiddenFromAddressListsEnabled).toBe(true);
    const w = await s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: false, whatIf: true }, ctx);
    expect(w.recipient?.HiddenFromAddressListsEnabled).toBe(true);
    const u = await s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: false }, ctx);
    expect(u.recipient?.HiddenFromAddressListsEnabled).toBe(false);
  });
  test('hide on a plain user: WRONG_RECIPIENT_TYPE', async () => {
    expect((await fails(s.core.router.invoke('mailbox.setHidden', { identity: 'megan.bowen', hidden: true }, ctx))).code).toBe('WRONG_RECIPIENT_TYPE');
  });
  test('repair a wrong routing address', async () => {
    expect((await s.core.router.invoke('mailbox.get', { identity: 'remote.badroute' }, ctx)).RemoteRoutingAddress).toBe('SMTP:bruno.badroute@contoso.example');
    const r = await s.core.router.invoke('mailbox.setRoutingAddress', { identity: 'remote.badroute', routingAddress: 'remote.badroute@contoso.mail.onmicrosoft.com' }, ctx);
    expect(r.recipient?.RemoteRoutingAddress).toBe('SMTP:remote.badroute@contoso.mail.onmicrosoft.com');
    expect((await fails(s.core.router.invoke('mailbox.setRoutingAddress', { identity: 'remote.badroute', routingAddress: 'x@fabrikam.example' }, ctx))).code).toBe('INVALID_INPUT');
  });
  test('disable (what-if, then real); again: WRONG_RECIPIENT_TYPE', async () => {
    const w = await s.core.router.invoke('mailbox.disableRemote', { identity: 'remote.oneill', whatIf: true }, ctx);
    expect(w.command).toMatch(/^Disable-RemoteMailbox -Identity '[0-9a-f-]{36}' -Confirm:\$false -WhatIf$/);
    expect((await s.core.router.invoke('mailbox.get', { identity: 'remote.oneill' }, ctx)).kind).toBe('remoteMailbox');
    const r = await s.core.router.invoke('mailbox.disableRemote', { identity: 'remote.oneill' }, ctx);
    expect(r.recipient).toMatchObject({ kind: 'user', RecipientTypeDetails: 'User', RemoteRoutingAddress: null });
    expect((await fails(s.core.router.invoke('mailbox.disableRemote', { identity: 'remote.oneill' }, ctx))).code).toBe('WRONG_RECIPIENT_TYPE');
  });
});

describe('sandbox administration and audit', () => {
  test('add-user then enable it', async () => {
    const u = await s.core.router.invoke('sandbox.addUser', { samAccountName: "t'est$1", displayName: 'Tëst “User” $(x)', type: 'User' }, ctx);
    expect(u).toMatchObject({ SamAccountName: "t'est$1", DisplayName: 'Tëst “User” $(x)', kind: 'user' });
    const dup = await fails(s.core.router.invoke('sandbox.addUser', { samAccountName: "t'est$1" }, ctx));
    expect(dup.code).toBe('EXCHANGE_ERROR');
    const r = await s.core.router.invoke('mailbox.enableRemote', { identity: "t'est$1", routingAddress: "t'est$1@contoso.mail.onmicrosoft.com" }, ctx);
    expect(r.recipient?.RemoteRoutingAddress).toBe("SMTP:t'est$1@contoso.mail.onmicrosoft.com");
  });
  test('every change has a start and an end record; secrets never appear', async () => {
    const { records } = await s.core.router.invoke('audit.list', { limit: 1000 }, ctx);
    const enable = records.filter((r) => r.op === 'mailbox.enableRemote');
    const starts = enable.filter((r) => r.phase === 'start');
    const ends = enable.filter((r) => r.phase === 'end');
    expect(starts.length).toBeGreaterThanOrEqual(5);
    expect(ends.map((r) => r.id).sort()).toEqual(starts.map((r) => r.id).sort());
    expect(ends.some((r) => r.outcome === 'error' && r.error?.code === 'WRONG_RECIPIENT_TYPE')).toBe(true);
    // A change sent to Exchange records its command; one refused before (bad input) records none, and its refusal.
    expect(starts.every((r) => r.command?.startsWith('Enable-RemoteMailbox -Identity ') || (r.command === null && ends.find((e) => e.id === r.id)?.outcome === 'error'))).toBe(true);
    expect(ends.some((r) => r.error?.code === 'INVALID_INPUT')).toBe(true);
    // Who made the change: the OS account and machine, on both records.
    const { userInfo, hostname } = await import('node:os');
    expect(enable.every((r) => r.actor === `${userInfo().username}@${hostname()}`)).toBe(true);
    expect(records.some((r) => r.op === 'mailbox.enableRemote' && (r.input as { whatIf?: boolean })?.whatIf === true)).toBe(false);
  });
  test('the directory file stays valid JSON and no temp files are left', async () => {
    const doc = JSON.parse(readFileSync(s.directory, 'utf8')) as { users: unknown[] };
    expect(doc.users.length).toBeGreaterThan(30);
    expect(readdirSync(dirname(s.directory)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
  test('reset restores the seed', async () => {
    const r = await s.core.router.invoke('sandbox.reset', {}, ctx);
    expect(r).toEqual({ directoryPath: s.directory, users: 38 });
    expect((await s.core.router.invoke('mailbox.get', { identity: 'adele.vance' }, ctx)).kind).toBe('user');
  });
  test('disconnect', async () => {
    const st = await s.core.router.invoke('session.disconnect', {}, ctx);
    expect(st.state).toBe('disconnected');
    expect(events.at(-1)?.state).toBe('disconnected');
  });
});
