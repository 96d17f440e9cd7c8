import { describe, expect, test } from 'vitest';
import { CHANGE_RULES, VERDICT_SENTENCE, applicability, sameAddress, verdict, verdictAfter, type MailboxChange } from '../../../shared/exchange/changes';
import { recipient, remote } from './recipient-fixture';

const user = recipient({ SamAccountName: 'ann' });
const mailbox = recipient({ kind: 'other', RecipientTypeDetails: 'UserMailbox' });

describe('applicability: the one rule the desk, the bulk panel and the service share', () => {
  test('enable: a plain user only', () => {
    expect(applicability({ kind: 'enable' }, user)).toEqual({ kind: 'change' });
    expect(applicability({ kind: 'enable' }, remote())).toEqual({
      kind: 'nothing',
      note: 'Already a RemoteUserMailbox (SMTP:ann@contoso.mail.onmicrosoft.com): nothing to do.',
    });
    expect(applicability({ kind: 'enable' }, mailbox)).toEqual({ kind: 'cannot', note: 'A UserMailbox cannot be enabled as a remote mailbox; handle it on its own.' });
  });
  test('hide and unhide: remote mailboxes not already in that state', () => {
    expect(applicability({ kind: 'hide', hidden: true }, remote())).toEqual({ kind: 'change' });
    expect(applicability({ kind: 'hide', hidden: true }, remote({ HiddenFromAddressListsEnabled: true }))).toEqual({
      kind: 'nothing',
      note: 'Already hidden from address lists: nothing to do.',
    });
    expect(applicability({ kind: 'hide', hidden: false }, remote())).toMatchObject({ kind: 'nothing', note: 'Already shown in address lists: nothing to do.' });
    expect(applicability({ kind: 'hide', hidden: false }, remote({ HiddenFromAddressListsEnabled: true }))).toEqual({ kind: 'change' });
    expect(applicability({ kind: 'hide', hidden: true }, user)).toEqual({ kind: 'cannot', note: 'A plain AD user has no remote mailbox to hide; enable one first.' });
    expect(applicability({ kind: 'hide', hidden: false }, user)).toMatchObject({ kind: 'cannot', note: expect.stringContaining('to unhide') });
    expect(applicability({ kind: 'hide', hidden: true }, mailbox)).toEqual({ kind: 'cannot', note: 'Hiding applies to remote mailboxes; this is a UserMailbox.' });
  });
  test('routing: a remote mailbox with another address (prefix and case do not count)', () => {
    expect(applicability({ kind: 'routing', routingAddress: 'new@contoso.mail.onmicrosoft.com' }, remote())).toEqual({ kind: 'change' });
    expect(applicability({ kind: 'routing', routingAddress: 'ANN@contoso.mail.onmicrosoft.com' }, remote())).toMatchObject({ kind: 'nothing' });
    expect(applicability({ kind: 'routing', routingAddress: 'x@y.example' }, user)).toMatchObject({ kind: 'cannot' });
  });
  test('disable: remote mailboxes only', () => {
    expect(applicability({ kind: 'disable' }, remote())).toEqual({ kind: 'change' });
    expect(applicability({ kind: 'disable' }, user)).toMatchObject({ kind: 'cannot', note: 'A plain AD user has no remote mailbox to disable; enable one first.' });
    expect(applicability({ kind: 'disable' }, mailbox)).toMatchObject({ kind: 'cannot', note: 'Disabling applies to remote mailboxes; this is a UserMailbox.' });
  });
  test('every change that cannot apply names the kind it works on in its rule', () => {
    for (const [kind, rule] of Object.entries(CHANGE_RULES)) {
      const change = (kind === 'hide' ? { kind, hidden: true } : kind === 'routing' ? { kind, routingAddress: 'a@b.example' } : { kind }) as MailboxChange;
      const onTarget = rule.target === 'user' ? user : remote({ RemoteRoutingAddress: null });
      expect(applicability(change, onTarget).kind).toBe('change');
      expect(applicability(change, mailbox).kind).toBe('cannot');
    }
    expect(CHANGE_RULES.enable.refusesOtherKinds).toBe(false);
    expect(CHANGE_RULES.hide.refusesOtherKinds && CHANGE_RULES.routing.refusesOtherKinds && CHANGE_RULES.disable.refusesOtherKinds).toBe(true);
  });
});

describe('verdict: what the read-back says', () => {
  const routing = 'ann@contoso.mail.onmicrosoft.com';
  test('enable', () => {
    expect(verdict({ kind: 'enable', routingAddress: routing }, user, remote())).toBe('applied');
    expect(verdict({ kind: 'enable', routingAddress: 'other@contoso.mail.onmicrosoft.com' }, user, remote())).toBe('unknown');
    expect(verdict({ kind: 'enable', routingAddress: routing }, user, user)).toBe('not-applied');
    expect(verdict({ kind: 'enable', routingAddress: routing }, user, mailbox)).toBe('unknown');
  });
  test('hide, routing, disable', () => {
    expect(verdict({ kind: 'hide', hidden: true }, remote(), remote({ HiddenFromAddressListsEnabled: true }))).toBe('applied');
    expect(verdict({ kind: 'hide', hidden: true }, remote(), remote())).toBe('not-applied');
    expect(verdict({ kind: 'routing', routingAddress: `SMTP:${routing.toUpperCase()}` }, remote(), remote())).toBe('applied');
    expect(verdict({ kind: 'routing', routingAddress: 'x@contoso.mail.onmicrosoft.com' }, remote(), remote())).toBe('not-applied');
    expect(verdict({ kind: 'disable' }, remote(), user)).toBe('applied');
    expect(verdict({ kind: 'disable' }, remote(), remote())).toBe('not-applied');
    expect(verdict({ kind: 'disable' }, remote(), mailbox)).toBe('unknown');
  });
  test('one sentence per verdict', () => {
    expect(VERDICT_SENTENCE.applied).toMatch(/WAS applied; do not run it again/);
    expect(VERDICT_SENTENCE['not-applied']).toMatch(/NOT applied; it is safe to try again/);
    expect(VERDICT_SENTENCE.unknown).toMatch(/could not be read back/);
  });
});

test('sameAddress', () => {
  expect(sameAddress('SMTP:A@b.example', 'a@B.example')).toBe(true);
  expect(sameAddress(null, 'a@b.example')).toBe(false);
  expect(sameAddress('a@b.example', 'c@b.example')).toBe(false);
});

describe('verdictAfter: a change read back with no "before" (its process died)', () => {
  test('each change is told by the kind and state of the recipient it leaves', () => {
    const plain = recipient({ SamAccountName: 'ann' });
    const hidden = remote({ RemoteRoutingAddress: 'SMTP:a@t.mail.onmicrosoft.com', HiddenFromAddressListsEnabled: true });
    expect(verdictAfter({ kind: 'enable', routingAddress: 'a@t.mail.onmicrosoft.com' }, hidden)).toBe('applied');
    expect(verdictAfter({ kind: 'enable', routingAddress: 'b@t.mail.onmicrosoft.com' }, hidden)).toBe('unknown');
    expect(verdictAfter({ kind: 'enable' }, plain)).toBe('not-applied');
    expect(verdictAfter({ kind: 'hide', hidden: true }, hidden)).toBe('applied');
    expect(verdictAfter({ kind: 'hide', hidden: false }, hidden)).toBe('not-applied');
    expect(verdictAfter({ kind: 'hide', hidden: true }, plain)).toBe('unknown');
    expect(verdictAfter({ kind: 'disable' }, plain)).toBe('applied');
    expect(verdictAfter({ kind: 'disable' }, hidden)).toBe('not-applied');
  });
});
