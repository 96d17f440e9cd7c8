/** How a recipient's properties read as text, the same on the mailbox desk and in `hmc mailbox get`. */
import type { RecipientProperty, Recipient } from './schemas';

/** A property as one line of text, or null when there is nothing to show (unset, empty list, empty text). */
export function propertyText(r: Pick<Recipient, RecipientProperty>, key: RecipientProperty): string | null {
  const v = r[key];
  if (v === null) return null;
  if (Array.isArray(v)) return v.length ? v.join(', ') : null;
  if (typeof v === 'boolean') return String(v);
  return v === '' ? null : v;
}
