/**
 * Our generated rules replayed as IQService would run them, one fixture request each, against the
 * sandbox Exchange: the decision (and that it is the plan inspector's), the Exchange state after it,
 * the log lines and the RESULT line. One core (one sandbox directory) for the file: the fixtures name
 * different users.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplayReport } from '../../../shared/rules/schemas';
import { doc, logLines, rulesCore, ROUTING_DOMAIN, type RulesCore } from './helpers';

let c: RulesCore;
beforeAll(async () => {
  c = await rulesCore();
});
afterAll(async () => {
  await c.dispose();
});

const CLEAN = 'service-result-created-on-server.xml';

function expectRan(r: ReplayReport, exitCode = 0): void {
  expect(r.ranToEnd, JSON.stringify(r.findings)).toBe(true);
  expect(r.killed).toBe(false);
  expect(r.exitCode, r.stderr).toBe(exitCode);
  // The replay's decision is the plan inspector's.
  expect(r.decision.taken.source).toBe('result-line');
  expect(r.decision.agrees, JSON.stringify(r.decision)).toBe(true);
  const lines = logLines(r);
  expect(lines.length).toBeGreaterThan(2);
  // Every line is one the log viewer reads as an entry head.
  for (const l of lines) expect(l).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:: /);
  expect(lines.at(-1)).toMatch(/:: RESULT :: \{/);
  expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
}

describe('the generated rules, replayed per fixture', () => {
  it('joiner Create: enables the remote mailbox with the template address, reads it back, and hmc mailbox get sees it', async () => {
    const r = await c.replay({ kind: 'after-create', request: await doc('rules/joiner-create.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.decision.expected).toMatchObject({ action: 'enable-remote-mailbox', identity: 'aobrien', remoteRoutingAddress: `aobrien@${ROUTING_DOMAIN}` });
    expect(r.resultLine).toMatchObject({ rule: 'ConnectorAfterCreate', user: 'aobrien', action: 'enable-remote-mailbox', host: 'exch01.corp.example.org', outcome: 'changed', errorClass: null });
    expect(r.seeded).toMatchObject({ added: true, recipient: { DistinguishedName: "CN=Ana O'Brien,OU=Joiners,OU=Staff,DC=corp,DC=example,DC=org", kind: 'user' } });
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ named: true, cmdlets: ['Enable-RemoteMailbox'], before: { kind: 'user' }, after: { kind: 'remoteMailbox', RemoteRoutingAddress: `SMTP:aobrien@${ROUTING_DOMAIN}` } });
    // -DomainController from the result's createdOnServer; the session closed; the port checked first.
    expect(r.calls.find((x) => x.cmdlet === 'Enable-RemoteMailbox')!.params.DomainController).toBe('dc02.corp.example.org');
    expect(r.sessions).toEqual([expect.objectContaining({ uri: 'http://exch01.corp.example.org/PowerShell/', outcome: 'opened', removed: true, openTimeoutMs: 10_000, credentialUser: null })]);
    const lines = logLines(r).join('\n');
    expect(lines).toContain("user 'aobrien' INFO: Decision: enable-remote-mailbox.");
    expect(lines).toContain('Remote mailbox enabled: RemoteUserMailbox');
    // The request is logged for the log viewer, its password masked.
    expect(lines).toMatch(/Request Object :: <AccountRequest [^\n]*name="\*password\*" op="Set" value="\*\*\*\*\*\*\*\*"/);
    expect(lines).not.toContain('q0Zk3pR9xW1vTnL8sY4bAg');
    expect(r.result!.errors).toEqual([]);
    const seen = await c.core.router.invoke('mailbox.get', { identity: 'aobrien' }, { door: 'test' });
    expect(seen).toMatchObject({ kind: 'remoteMailbox', RemoteRoutingAddress: `SMTP:aobrien@${ROUTING_DOMAIN}` });
  });

  it('a Create whose ServiceResult has errors: no action, nothing touched', async () => {
    const r = await c.replay({ kind: 'after-create', request: await doc('rules/joiner-create.xml'), result: await doc('service-result-errors.xml') });
    expectRan(r);
    expect(r.decision.expected.action).toBe('none');
    expect(r.resultLine).toMatchObject({ action: 'none', outcome: 'skipped', errorClass: null });
    expect(r.calls).toEqual([]);
    expect(logLines(r).join('\n')).toContain('these checks do not hold: result has no errors');
  });

  it('a group object: no action', async () => {
    const r = await c.replay({ kind: 'after-create', request: await doc('rules/group-object.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.resultLine).toMatchObject({ user: 'gg-sales-emea', action: 'none', outcome: 'skipped' });
    expect(r.calls).toEqual([]);
    expect(logLines(r).join('\n')).toContain('ObjectType is User');
  });

  it('a Create without a flow argument: no action', async () => {
    const r = await c.replay({ kind: 'after-create', request: await doc('account-request-joiner-create.xml'), result: await doc(CLEAN) });
    expectRan(r);
    expect(r.resultLine).toMatchObject({ action: 'none', outcome: 'skipped' });
    expect(logLines(r).join('\n')).toContain('flow is Joiner');
  });

  it('a leaver Modify (DN only): hides the remote mailbox from the address lists', async () => {
    const r = await c.replay({ kind: 'after-modify', request: await doc('rules/leaver-modify.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.resultLine).toMatchObject({ user: 'CN=Bruno Leaver,OU=Staff,DC=corp,DC=example,DC=org', action: 'hide-from-address-lists', outcome: 'changed' });
    expect(r.changes[0]).toMatchObject({ named: true, before: { HiddenFromAddressListsEnabled: false }, after: { HiddenFromAddressListsEnabled: true } });
    expect(logLines(r).join('\n')).toContain('Remote mailbox hidden from the address lists');
  });

  it('a Disable without a flow: a leaver too', async () => {
    const r = await c.replay({ kind: 'after-modify', request: await doc('rules/leaver-disable.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.resultLine).toMatchObject({ user: 'ddisabled', action: 'hide-from-address-lists', outcome: 'changed' });
    expect(r.changes[0]!.after).toMatchObject({ SamAccountName: 'ddisabled', HiddenFromAddressListsEnabled: true });
  });

  it('a rehire: shows the hidden remote mailbox in the address lists again', async () => {
    const r = await c.replay({ kind: 'after-modify', request: await doc('rules/rehire-modify.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.seeded!.recipient).toMatchObject({ kind: 'remoteMailbox', HiddenFromAddressListsEnabled: true });
    expect(r.resultLine).toMatchObject({ action: 'unhide-from-address-lists', outcome: 'changed' });
    expect(r.changes[0]!.after).toMatchObject({ HiddenFromAddressListsEnabled: false });
  });

  it('a hostile sAMAccountName (every quote kind, $() and backticks) reaches Exchange as a value and never runs', async () => {
    const hostile = "o'b\u2018r\u2019i\u201ae\u201bn\"q\u201cu\u201do\u201e$(whoami)$([IO.File]::WriteAllText('pwned.txt','x'))`$env:USERNAME`t;x";
    const r = await c.replay({ kind: 'after-create', request: await doc('rules/hostile-sam.xml'), result: await doc(CLEAN), seed: true });
    expectRan(r);
    expect(r.decision.expected.identity).toBe(hostile);
    expect(r.resultLine).toMatchObject({ user: hostile, action: 'enable-remote-mailbox', outcome: 'changed' });
    expect(r.changes[0]!.after).toMatchObject({ SamAccountName: hostile, kind: 'remoteMailbox', RemoteRoutingAddress: `SMTP:${hostile}@${ROUTING_DOMAIN}` });
    // Nothing ran: no pwned.txt beside the script (the process's working folder) or anywhere on its C:.
    expect(existsSync(join(r.folder, 'drive', 'C', 'Program Files', 'SailPoint', 'IQService', 'pwned.txt'))).toBe(false);
    expect(r.logs.map((l) => l.windowsPath).filter((p) => /pwned/i.test(p))).toEqual([]);
    // The log shows the name as it is: nothing expanded ($(whoami), `$env:USERNAME stay text).
    expect(logLines(r).join('\n')).toContain(`user '${hostile}' INFO: Decision: enable-remote-mailbox.`);
  });
});
