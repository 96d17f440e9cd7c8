/** The checklist's pure rules: the sync-age boundary on a fixed clock, the expected-state comparison, labels. */
import { describe, expect, test } from 'vitest';
import { changedValues } from '../../../shared/audit/diff';
import { actionLabel, changedFields, directorySyncCheck, expectedOf, parseExchangeDate, routingUniqueCheck } from '../../../shared/exchange/preflight';
import { recipient, remote } from './recipient-fixture';

const created = '2026-12-04T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('directory sync age', () => {
  test('warns inside the interval with the time it is safe, passes from then on', () => {
    const young = directorySyncCheck(created, at('2026-12-04T10:29:59.000Z'), 30);
    expect(young.status).toBe('warn');
    expect(young.evidence).toContain('created 29 minutes ago');
    expect(young.evidence).toContain('Safe from 2026-12-04T10:30:00.000Z.');
    expect(directorySyncCheck(created, at('2026-12-04T10:30:00.000Z'), 30).status).toBe('pass');
    expect(directorySyncCheck(created, at('2026-12-04T10:30:00.000Z'), 60).status).toBe('warn');
  });
  test('PowerShell date forms and an unreadable date (a warning, never a pass)', () => {
    expect(parseExchangeDate('/Date(1796378400000)/')).toBe(1796378400000);
    expect(parseExchangeDate('not a date')).toBeNull();
    expect(directorySyncCheck(null, Date.now(), 30).status).toBe('warn');
  });
});

describe('expected state', () => {
  test('the same recipient matches; a changed routing address (prefix and case ignored) or type does not', () => {
    const r = remote({ Guid: 'A1', PrimarySmtpAddress: 'ann@contoso.example' });
    const e = expectedOf(r)!;
    expect(changedFields(e, remote({ Guid: 'a1', PrimarySmtpAddress: 'ann@contoso.example', RemoteRoutingAddress: 'smtp:ANN@contoso.mail.onmicrosoft.com' }))).toEqual([]);
    expect(changedFields(e, remote({ Guid: 'A1', PrimarySmtpAddress: 'ann@contoso.example', RemoteRoutingAddress: 'SMTP:x@contoso.mail.onmicrosoft.com' }))).toEqual(['RemoteRoutingAddress']);
    expect(changedFields(e, recipient({ Guid: 'A1' }))).toEqual(['RecipientTypeDetails', 'RemoteRoutingAddress', 'PrimarySmtpAddress', 'HiddenFromAddressListsEnabled']);
  });
});

test('a routing address held by the recipient itself is not a conflict; another holder is named', () => {
  const self = { Identity: null, Name: 'Ann', DisplayName: 'Ann Lee', SamAccountName: 'ann', UserPrincipalName: 'ann@corp', Guid: 'G1', RecipientTypeDetails: 'RemoteUserMailbox', PrimarySmtpAddress: null };
  expect(routingUniqueCheck('ann@t.mail.onmicrosoft.com', [self], 'g1').status).toBe('pass');
  const c = routingUniqueCheck('ann@t.mail.onmicrosoft.com', [self], 'G2');
  expect(c).toMatchObject({ status: 'fail', code: 'INVALID_INPUT' });
  expect(c.evidence).toContain('Ann Lee (ann, ann@corp), a RemoteUserMailbox');
});

test('the button names the person', () => {
  expect(actionLabel('enable', { displayName: "Sean O'Brien", samAccountName: 'sean.obrien', userPrincipalName: null, guid: 'g' })).toBe("Enable remote mailbox for Sean O'Brien");
  expect(actionLabel('disable', { displayName: null, samAccountName: 'x', userPrincipalName: null, guid: 'g' })).toBe('Disable remote mailbox of x');
});

test('changed values: only the fields that differ, WhenChanged left out', () => {
  expect(changedValues({ a: 1, b: [1], WhenChanged: 'x' }, { a: 1, b: [1, 2], WhenChanged: 'y', c: true })).toEqual([
    { field: 'b', before: [1], after: [1, 2] },
    { field: 'c', before: null, after: true },
  ]);
  expect(changedValues(null, { a: 1 })).toEqual([]);
});
