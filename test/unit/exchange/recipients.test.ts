import { describe, expect, test } from 'vitest';
import { toRecipient, toSummary } from '../../../electron/services/exchange/recipients';
import { RECIPIENT_PROPERTIES, Recipient, SUMMARY_PROPERTIES } from '../../../shared/exchange/schemas';

const user = {
  Identity: 'corp.contoso.example/Users/Ann Lee',
  Name: 'Ann Lee',
  DisplayName: 'Ann Lee',
  SamAccountName: 'ann.lee',
  UserPrincipalName: 'ann.lee@corp.contoso.example',
  DistinguishedName: 'CN=Ann Lee,OU=Users,DC=corp,DC=contoso,DC=example',
  Guid: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  RecipientType: 'MailUser',
  RecipientTypeDetails: 'RemoteUserMailbox',
  WhenCreated: '2026-01-01T00:00:00.0000000Z',
  WhenChanged: '2026-02-01T00:00:00.0000000Z',
};
const remote = {
  ...user,
  Guid: 'ignored-the-user-has-it',
  WhenCreated: 'ignored-too',
  Alias: 'ann.lee',
  PrimarySmtpAddress: 'ann.lee@contoso.example',
  EmailAddresses: ['SMTP:ann.lee@contoso.example', 'smtp:ann.lee@contoso.mail.onmicrosoft.com'],
  EmailAddressPolicyEnabled: true,
  HiddenFromAddressListsEnabled: false,
  RemoteRoutingAddress: 'SMTP:ann.lee@contoso.mail.onmicrosoft.com',
  RemoteRecipientType: 'ProvisionMailbox',
  ExchangeGuid: '00000000-0000-0000-0000-000000000000',
  WhenChanged: '2026-03-01T00:00:00.0000000Z',
  ArchiveGuid: 'not a console property',
};

describe('toRecipient: every property of the schema, read from Get-User and the recipient object', () => {
  test('a remote mailbox: AD facts from the user, mail facts from the recipient, sync pending', () => {
    const r = toRecipient({ User: user, Recipient: remote });
    expect(Recipient.parse(r)).toEqual(r);
    expect(Object.keys(r).sort()).toEqual([...RECIPIENT_PROPERTIES, 'kind', 'syncState'].sort());
    expect(r).toMatchObject({
      kind: 'remoteMailbox',
      syncState: 'pending',
      Guid: user.Guid,
      WhenCreated: user.WhenCreated,
      WhenChanged: remote.WhenChanged,
      EmailAddresses: remote.EmailAddresses,
      HiddenFromAddressListsEnabled: false,
      RemoteRoutingAddress: remote.RemoteRoutingAddress,
    });
    expect(toRecipient({ User: user, Recipient: { ...remote, ExchangeGuid: user.Guid } }).syncState).toBe('synced');
    expect(toRecipient({ User: user, Recipient: { ...remote, ExchangeGuid: null } }).syncState).toBe('unknown');
  });
  test('a plain user has no recipient object: mail properties are null or empty', () => {
    const r = toRecipient({ User: { ...user, RecipientTypeDetails: 'User', RecipientType: 'User' }, Recipient: null });
    expect(r).toMatchObject({ kind: 'user', syncState: null, Alias: null, EmailAddresses: [], HiddenFromAddressListsEnabled: null, Name: 'Ann Lee' });
  });
  test('other types and odd values', () => {
    const r = toRecipient({ User: { ...user, RecipientTypeDetails: 'UserMailbox', Guid: 42 }, Recipient: { EmailAddresses: 'not a list', HiddenFromAddressListsEnabled: 'yes' } });
    expect(r).toMatchObject({ kind: 'other', syncState: null, Guid: '42', EmailAddresses: [], HiddenFromAddressListsEnabled: null });
    expect(toRecipient(null).kind).toBe('other');
  });
});

test('toSummary keeps the summary properties, as text', () => {
  const s = toSummary({ ...remote, Guid: user.Guid, Extra: 1 });
  expect(Object.keys(s)).toEqual(SUMMARY_PROPERTIES);
  expect(s).toMatchObject({ Name: 'Ann Lee', Guid: user.Guid, PrimarySmtpAddress: 'ann.lee@contoso.example' });
  expect(toSummary({}).Name).toBeNull();
});
