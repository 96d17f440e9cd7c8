import { expect, test } from 'vitest';
import { propertyText } from '../../../shared/exchange/display';
import { DETAIL_PROPERTIES, RECIPIENT_PROPERTIES, Recipient, RecipientProperties, RecipientSummary, SUMMARY_PROPERTIES } from '../../../shared/exchange/schemas';
import { remote } from './recipient-fixture';

test('the property lists come from the schemas', () => {
  expect(RECIPIENT_PROPERTIES).toEqual(Object.keys(RecipientProperties.shape));
  expect(Object.keys(Recipient.shape)).toEqual([...RECIPIENT_PROPERTIES, 'kind', 'syncState']);
  expect(SUMMARY_PROPERTIES).toEqual(Object.keys(RecipientSummary.shape));
  expect(SUMMARY_PROPERTIES.every((k) => RECIPIENT_PROPERTIES.includes(k))).toBe(true);
  // The details are the schema's properties in its order, less those it marks as not a detail.
  expect(RECIPIENT_PROPERTIES.filter((k) => !DETAIL_PROPERTIES.includes(k))).toEqual(['Identity', 'RecipientType', 'RemoteRecipientType', 'WhenChanged']);
  expect(DETAIL_PROPERTIES).toEqual(RECIPIENT_PROPERTIES.filter((k) => DETAIL_PROPERTIES.includes(k)));
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
