/**
 * The mailbox desk's changes: what the forms hold for each change, how each is sent (preview or
 * run), and the change a hand-over intends. Whether a change applies to a recipient is the shared
 * rule (shared/exchange/changes.ts), the same the bulk panel and the service use.
 */
import { HmcError } from '../../shared/errors';
import { applicability, type MailboxChange } from '../../shared/exchange/changes';
import type { ChangeResult, ExpectedState, Recipient } from '../../shared/exchange/schemas';
import type { MailboxIntent } from '../app/navigation';
import { hmc } from '../client';

/** A change as the desk's forms hold it: enable carries the form's optional fields. */
export type DeskChange =
  | { kind: 'enable'; routingAddress: string; primarySmtpAddress: string; allowForeign: boolean }
  /** `allowForeign`: the admin's explicit override for an address outside the tenant routing domain. */
  | { kind: 'routing'; routingAddress: string; allowForeign?: boolean }
  | Exclude<MailboxChange, { kind: 'enable' } | { kind: 'routing' }>;

export const CHANGE_TITLES: Record<DeskChange['kind'], string> = {
  enable: 'Enable remote mailbox',
  hide: 'Change address-list visibility',
  routing: 'Set routing address',
  disable: 'Disable remote mailbox',
};

export function errorText(e: unknown): string {
  return e instanceof HmcError ? `${e.code}: ${e.message}` : String(e);
}

/**
 * Sends the change: a what-if preview, or the change itself. `expected` is the state the change was
 * checked against (the card for a preview, the checklist for the run): the core refuses with
 * STATE_CHANGED when the recipient no longer matches it.
 */
export async function sendChange(identity: string, c: DeskChange, whatIf: boolean, expected?: ExpectedState | null): Promise<ChangeResult> {
  const base = { identity, whatIf, ...(expected ? { expected } : {}) };
  switch (c.kind) {
    case 'enable':
      return hmc.call('mailbox.enableRemote', {
        ...base,
        ...(c.routingAddress.trim() ? { routingAddress: c.routingAddress.trim() } : {}),
        ...(c.primarySmtpAddress.trim() ? { primarySmtpAddress: c.primarySmtpAddress.trim() } : {}),
        allowForeignRoutingDomain: c.allowForeign,
      });
    case 'hide':
      return hmc.call('mailbox.setHidden', { ...base, hidden: c.hidden });
    case 'routing':
      return hmc.call('mailbox.setRoutingAddress', {
        ...base,
        routingAddress: c.routingAddress.trim(),
        allowForeignRoutingDomain: c.allowForeign ?? false,
      });
    case 'disable':
      return hmc.call('mailbox.disableRemote', base);
  }
}

/** The change a hand-over intends for this recipient, if the shared rule says it applies (else why not). */
export function intendedChange(intent: MailboxIntent, r: Recipient, routing: string, allowForeign = false): { change: DeskChange } | { note: string } {
  const change: DeskChange =
    intent.kind === 'enable' ? { kind: 'enable', routingAddress: routing, primarySmtpAddress: '', allowForeign } : { kind: 'hide', hidden: true };
  const fit = applicability(change, r);
  return fit.kind === 'change' ? { change } : { note: fit.note };
}

export function intentText(intent: MailboxIntent, identity: string): string {
  return intent.kind === 'enable'
    ? `enable a remote mailbox for ${identity}${intent.routingAddress ? ` with routing address ${intent.routingAddress}` : ' (routing address alias@tenant routing domain)'}`
    : `hide ${identity} from address lists`;
}
