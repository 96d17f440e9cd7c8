/** A Recipient for pure tests: every property null (or empty), then the given ones. */
import { RECIPIENT_PROPERTIES, type Recipient } from '../../../shared/exchange/schemas';

export function recipient(over: Partial<Recipient> = {}): Recipient {
  const base = Object.fromEntries(RECIPIENT_PROPERTIES.map((k) => [k, k === 'EmailAddresses' ? [] : null])) as unknown as Omit<Recipient, 'kind' | 'syncState'>;
  return { ...base, kind: 'user', syncState: null, RecipientTypeDetails: 'User', ...over };
}

export const remote = (over: Partial<Recipient> = {}): Recipient =>
  recipient({
    kind: 'remoteMailbox',
    RecipientTypeDetails: 'RemoteUserMailbox',
    RemoteRoutingAddress: 'SMTP:ann@contoso.mail.onmicrosoft.com',
    HiddenFromAddressListsEnabled: false,
    syncState: 'synced',
    ...over,
  });
