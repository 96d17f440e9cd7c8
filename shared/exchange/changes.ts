/**
 * What each change the console makes means for a recipient, in one place: which recipients it
 * works on, whether it applies to one as it stands (or there is nothing to do, or it cannot),
 * and, read back afterwards, whether it took effect. The mailbox desk, the bulk panel and the
 * Exchange service all decide with these.
 */
import type { Recipient } from './schemas';
import { stripSmtpPrefix } from './validate';

export type MailboxChange =
  /** Enable-RemoteMailbox; `routingAddress` once known (the service fills in alias@routing domain). */
  | { kind: 'enable'; routingAddress?: string }
  | { kind: 'hide'; hidden: boolean }
  | { kind: 'routing'; routingAddress: string }
  | { kind: 'disable' };

export type ChangeKind = MailboxChange['kind'];

export interface ChangeRule {
  /** The operation in the contract. */
  op: 'mailbox.enableRemote' | 'mailbox.setHidden' | 'mailbox.setRoutingAddress' | 'mailbox.disableRemote';
  /** The cmdlet that makes the change. */
  cmdlet: 'Enable-RemoteMailbox' | 'Set-RemoteMailbox' | 'Disable-RemoteMailbox';
  /** The kind of recipient it works on. */
  target: Recipient['kind'];
  /**
   * Whether the console refuses a recipient of another kind before sending anything.
   * Set-/Disable-RemoteMailbox see only remote mailboxes and would answer "couldn't be found";
   * Enable-RemoteMailbox's own refusal ("... is of type UserMailbox") says it better.
   */
  refusesOtherKinds: boolean;
}

export const CHANGE_RULES: Record<ChangeKind, ChangeRule> = {
  enable: { op: 'mailbox.enableRemote', cmdlet: 'Enable-RemoteMailbox', target: 'user', refusesOtherKinds: false },
  hide: { op: 'mailbox.setHidden', cmdlet: 'Set-RemoteMailbox', target: 'remoteMailbox', refusesOtherKinds: true },
  routing: { op: 'mailbox.setRoutingAddress', cmdlet: 'Set-RemoteMailbox', target: 'remoteMailbox', refusesOtherKinds: true },
  disable: { op: 'mailbox.disableRemote', cmdlet: 'Disable-RemoteMailbox', target: 'remoteMailbox', refusesOtherKinds: true },
};

export type Applicability = { kind: 'change' } | { kind: 'nothing'; note: string } | { kind: 'cannot'; note: string };

/** Same address, ignoring an SMTP: prefix and case (Exchange shows RemoteRoutingAddress as SMTP:...). */
export function sameAddress(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return false;
  return stripSmtpPrefix(a).toLowerCase() === stripSmtpPrefix(b).toLowerCase();
}

function typeOf(r: Recipient): string {
  return r.RecipientTypeDetails ?? 'unknown type';
}

/** What the change does to the part of a remote mailbox it touches, in words ("hide", ...). */
const REMOTE_ONLY: Record<Exclude<ChangeKind, 'enable'>, (c: MailboxChange) => { verb: string; gerund: string }> = {
  hide: (c) => (c.kind === 'hide' && !c.hidden ? { verb: 'unhide', gerund: 'Unhiding' } : { verb: 'hide', gerund: 'Hiding' }),
  routing: () => ({ verb: 'repair', gerund: 'Setting the routing address' }),
  disable: () => ({ verb: 'disable', gerund: 'Disabling' }),
};

/** Whether the change applies to the recipient as it stands now; otherwise why not. */
export function applicability(change: MailboxChange, r: Recipient): Applicability {
  if (change.kind === 'enable') {
    if (r.kind === 'user') return { kind: 'change' };
    if (r.kind === 'remoteMailbox') {
      return { kind: 'nothing', note: `Already a ${typeOf(r)}${r.RemoteRoutingAddress ? ` (${r.RemoteRoutingAddress})` : ''}: nothing to do.` };
    }
    return { kind: 'cannot', note: `A ${typeOf(r)} cannot be enabled as a remote mailbox; handle it on its own.` };
  }
  if (r.kind !== 'remoteMailbox') {
    const { verb, gerund } = REMOTE_ONLY[change.kind](change);
    return r.kind === 'user'
      ? { kind: 'cannot', note: `A plain AD user has no remote mailbox to ${verb}; enable one first.` }
      : { kind: 'cannot', note: `${gerund} applies to remote mailboxes; this is a ${typeOf(r)}.` };
  }
  if (change.kind === 'hide' && (r.HiddenFromAddressListsEnabled ?? false) === change.hidden) {
    return { kind: 'nothing', note: change.hidden ? 'Already hidden from address lists: nothing to do.' : 'Already shown in address lists: nothing to do.' };
  }
  if (change.kind === 'routing' && sameAddress(r.RemoteRoutingAddress, change.routingAddress)) {
    return { kind: 'nothing', note: `The routing address is already ${r.RemoteRoutingAddress}: nothing to do.` };
  }
  return { kind: 'change' };
}

export type Verdict = 'applied' | 'not-applied' | 'unknown';

/** Read back after the change (or after a fault that hid its outcome): did it take effect? */
export function verdict(change: MailboxChange, before: Recipient, after: Recipient): Verdict {
  switch (change.kind) {
    case 'enable':
      if (after.kind === 'remoteMailbox' && (change.routingAddress === undefined || sameAddress(after.RemoteRoutingAddress, change.routingAddress))) {
        return 'applied';
      }
      return after.RecipientTypeDetails === before.RecipientTypeDetails ? 'not-applied' : 'unknown';
    case 'hide':
      return after.HiddenFromAddressListsEnabled === change.hidden ? 'applied' : 'not-applied';
    case 'routing':
      return sameAddress(after.RemoteRoutingAddress, change.routingAddress) ? 'applied' : 'not-applied';
    case 'disable':
      return after.kind === 'user' ? 'applied' : after.kind === 'remoteMailbox' ? 'not-applied' : 'unknown';
  }
}

/**
 * Read back long after the change, its "before" unknown (its process died before the end record):
 * did it take effect? Each change applies only to one kind of recipient, which tells the rest.
 */
export function verdictAfter(change: MailboxChange, after: Recipient): Verdict {
  switch (change.kind) {
    case 'enable':
      if (after.kind === 'remoteMailbox') return change.routingAddress === undefined || sameAddress(after.RemoteRoutingAddress, change.routingAddress) ? 'applied' : 'unknown';
      return after.kind === 'user' ? 'not-applied' : 'unknown';
    case 'hide':
      if (after.kind !== 'remoteMailbox') return 'unknown';
      return (after.HiddenFromAddressListsEnabled ?? false) === change.hidden ? 'applied' : 'not-applied';
    case 'routing':
      if (after.kind !== 'remoteMailbox') return 'unknown';
      return sameAddress(after.RemoteRoutingAddress, change.routingAddress) ? 'applied' : 'not-applied';
    case 'disable':
      return after.kind === 'user' ? 'applied' : after.kind === 'remoteMailbox' ? 'not-applied' : 'unknown';
  }
}

/** What the read-back after a fault tells the admin, one sentence per verdict. */
export const VERDICT_SENTENCE: Record<Verdict, string> = {
  applied: 'Reading the recipient back shows the change WAS applied; do not run it again.',
  'not-applied': 'Reading the recipient back shows the change was NOT applied; it is safe to try again.',
  unknown: 'The recipient could not be read back: check it before trying again.',
};
