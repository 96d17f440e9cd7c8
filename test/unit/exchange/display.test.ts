import { expect, test } from 'vitest';
import { propertyText } from '../../../shared/exchange/display';
import { RECIPIENT_PROPERTIES, Recipient, RecipientProperties, RecipientSummary, SUMMARY_PROPERTIES } from '../../../shared/exchange/schemas';
import { remote } from './recipient-fixture';

test('the property lists come from the schemas', () => {
  expect(RECIPIENT_PROPERTIES).toEqual(Object.keys(RecipientProperties.shape));
  expect(Object.keys(Recipient.shape)).toEqual([...RECIPIENT_PROPERTIES, 'kind', 'syncState']);
  expect(SUMMARY_PROPERTIES).toEqual(Object.keys(RecipientSummary.shape));
  expect(SUMMARY_PROPERTIES.every((k) => RECIPIENT_PROPERTIES.includes(k))).toBe(true);
});

test('propertyText', () => {
  const r = remote({ EmailAddresses: ['SMTP:a@b.example', 'smtp:c@b.example'], EmailAddressPolicyEnabled: false, Alias: '' });
  expect(propertyText(r, 'EmailAddresses')).toBe('SMTP:a@b.example, smtp:c@b.example');
  expect(propertyText(r, 'EmailAddressPolicyEnabled')).toBe('false');
  expect(propertyText(r, 'HiddenFromAddressListsEnabled')).toBe('false');
  expect(propertyText(r, 'Alias')).toBeNull();
  expect(propertyText(r, 'Guid')).toBeNull();
  expect(propertyText(remote(), 'EmailAddresses')).toBeNull();
  expect(propertyText(r, 'RemoteRoutingAddress')).toBe('SMTP:ann@contoso.mail.onmicrosoft.com');
});
