/**
 * The checklist every mailbox change runs first (pure): each item pass / warn / fail with what it
 * saw. `fail` blocks the change, `warn` never does. The service gathers the facts (the recipient,
 * the ANR matches, who holds an address, the clock and the settings); these functions judge them,
 * so the desk, the bulk runner, the CLI and the change operations all judge alike.
 */
import { applicability, sameAddress, type MailboxChange } from './changes';
import type { ExpectedState, PreflightAction, PreflightCheck, Recipient, RecipientName, RecipientSummary } from './schemas';
import { checkRoutingAddress, checkSmtpAddress, stripSmtpPrefix, type RoutingPolicy } from './validate';

/** The change an action stands for (`routingAddress` once known). */
export function changeFor(action: PreflightAction, routingAddress?: string): MailboxChange {
  switch (action) {
    case 'enable':
      return { kind: 'enable', routingAddress };
    case 'hide':
      return { kind: 'hide', hidden: true };
    case 'unhide':
      return { kind: 'hide', hidden: false };
    case 'set-routing':
      return { kind: 'routing', routingAddress: routingAddress ?? '' };
    case 'disable':
      return { kind: 'disable' };
  }
}

/** The action a change stands for. */
export function actionFor(change: MailboxChange): PreflightAction {
  if (change.kind === 'hide') return change.hidden ? 'hide' : 'unhide';
  return change.kind === 'routing' ? 'set-routing' : change.kind;
}

/** What the action's button says, naming the person ("Enable remote mailbox for Sean O'Brien"). */
export function actionLabel(action: PreflightAction, name: RecipientName | null): string {
  const who = name ? personOf(name) : 'this recipient';
  switch (action) {
    case 'enable':
      return `Enable remote mailbox for ${who}`;
    case 'hide':
      return `Hide ${who} from address lists`;
    case 'unhide':
      return `Show ${who} in address lists`;
    case 'set-routing':
      return `Set routing address for ${who}`;
    case 'disable':
      return `Disable remote mailbox of ${who}`;
  }
}

/** The name a person goes by: the display name, else the account name, else the GUID. */
export function personOf(n: RecipientName): string {
  return n.displayName || n.samAccountName || n.userPrincipalName || n.guid || 'unknown recipient';
}

/** "Sean O'Brien (sean.obrien, sean.obrien@corp.example)": every name an admin may know it by. */
export function describeName(n: RecipientName): string {
  const also = [n.samAccountName, n.userPrincipalName].filter((v): v is string => Boolean(v) && v !== n.displayName);
  return also.length ? `${personOf(n)} (${also.join(', ')})` : personOf(n);
}

export function nameOf(r: Pick<Recipient, 'DisplayName' | 'SamAccountName' | 'UserPrincipalName' | 'Guid'>): RecipientName {
  return { displayName: r.DisplayName, samAccountName: r.SamAccountName, userPrincipalName: r.UserPrincipalName, guid: r.Guid };
}

export function summaryName(r: RecipientSummary): RecipientName {
  return { displayName: r.DisplayName ?? r.Name, samAccountName: r.SamAccountName, userPrincipalName: r.UserPrincipalName, guid: r.Guid };
}

export function expectedOf(r: Recipient): ExpectedState | null {
  if (!r.Guid) return null;
  return {
    Guid: r.Guid,
    RecipientTypeDetails: r.RecipientTypeDetails,
    RemoteRoutingAddress: r.RemoteRoutingAddress,
    PrimarySmtpAddress: r.PrimarySmtpAddress,
    HiddenFromAddressListsEnabled: r.HiddenFromAddressListsEnabled,
  };
}

/** The fields of `expected` the recipient no longer matches (addresses compared as Exchange does). */
export function changedFields(expected: ExpectedState, r: Recipient): string[] {
  const now = expectedOf(r);
  const out: string[] = [];
  for (const k of Object.keys(expected) as (keyof ExpectedState)[]) {
    const a = expected[k];
    const b = now ? now[k] : null;
    const same = typeof a === 'string' && typeof b === 'string' && /Address$/.test(k) ? sameAddress(a, b) : a === b || (k === 'Guid' && String(a).toLowerCase() === String(b).toLowerCase());
    if (!same) out.push(k);
  }
  return out;
}

/** The sentence of a STATE_CHANGED refusal. */
export function stateChangedMessage(name: RecipientName, fields: string[], expected: ExpectedState, r: Recipient): string {
  const shown = fields.map((f) => `${f} was ${JSON.stringify(expected[f as keyof ExpectedState])}, is now ${JSON.stringify((expectedOf(r) ?? {})[f as keyof ExpectedState] ?? null)}`);
  return `${describeName(name)} changed since the checklist was run (${shown.join('; ')}); nothing was sent. Look the recipient up again and review the change.`;
}

export function identityPass(r: Recipient): PreflightCheck {
  return { id: 'identity', status: 'pass', title: 'Exactly one user', evidence: `Resolved to ${describeName(nameOf(r))}, GUID ${r.Guid ?? 'unknown'}.` };
}

export function identityNotFound(identity: string, message: string): PreflightCheck {
  return { id: 'identity', status: 'fail', title: 'Exactly one user', evidence: message || `No recipient matches ${JSON.stringify(identity)}; check the identity.`, code: 'RECIPIENT_NOT_FOUND' };
}

export function identityAmbiguous(identity: string, matches: RecipientName[]): PreflightCheck {
  const listed = matches.length ? matches.map(describeName).join('; ') : 'the name search found none to list';
  return {
    id: 'identity',
    status: 'fail',
    title: 'Exactly one user',
    evidence: `${JSON.stringify(identity)} matches several recipients (${listed}); use the UPN, DN or GUID of the one you mean.`,
    code: 'RECIPIENT_AMBIGUOUS',
  };
}

const TYPE_TITLE = 'The recipient type allows the action';

/** Whether the recipient's type allows the action, and what to do otherwise. */
export function typeCheck(action: PreflightAction, r: Recipient, routingAddress?: string): PreflightCheck {
  const type = r.RecipientTypeDetails ?? 'unknown type';
  const fit = applicability(changeFor(action, routingAddress), r);
  if (fit.kind === 'change') return { id: 'type', status: 'pass', title: TYPE_TITLE, evidence: `${type}: ${action} applies.` };
  if (fit.kind === 'nothing') return { id: 'type', status: 'warn', title: TYPE_TITLE, evidence: fit.note };
  let todo = fit.note;
  if (action === 'enable' && type === 'UserMailbox') {
    todo = 'A UserMailbox lives on-premises and cannot be enabled as a remote mailbox; to put it in the cloud, create a move request (New-MoveRequest) instead.';
  }
  return { id: 'type', status: 'fail', title: TYPE_TITLE, evidence: `${type}: ${todo}`, code: 'WRONG_RECIPIENT_TYPE' };
}

/** The routing address is in the tenant routing domain (or the admin overrode it: a warning then). */
export function routingDomainCheck(address: string, policy: RoutingPolicy, allowForeign: boolean): PreflightCheck {
  const title = 'Routing address in the tenant routing domain';
  const syntax = checkSmtpAddress(address);
  if (syntax) return { id: 'routing-domain', status: 'fail', title, evidence: syntax, code: 'INVALID_INPUT' };
  const problem = checkRoutingAddress(address, policy);
  if (!problem) return { id: 'routing-domain', status: 'pass', title, evidence: `${stripSmtpPrefix(address)} is in ${policy.routingDomain ?? policy.pattern}.` };
  if (allowForeign) return { id: 'routing-domain', status: 'warn', title, evidence: `${problem.replace(/; correct it, or override if this is intended\.$/, '.')} Overridden by the admin.` };
  return { id: 'routing-domain', status: 'fail', title, evidence: problem, code: 'INVALID_INPUT' };
}

/** No other recipient already uses the routing address (Get-Recipient against proxy addresses). */
export function routingUniqueCheck(address: string, holders: RecipientSummary[], selfGuid: string | null): PreflightCheck {
  const title = 'Routing address not used by another recipient';
  const others = holders.filter((h) => !selfGuid || (h.Guid ?? '').toLowerCase() !== selfGuid.toLowerCase());
  const plain = stripSmtpPrefix(address);
  if (others.length === 0) return { id: 'routing-unique', status: 'pass', title, evidence: `No other recipient has ${plain} among its proxy addresses.` };
  const names = others.map((h) => `${describeName(summaryName(h))}, a ${h.RecipientTypeDetails ?? 'recipient'}`).join('; ');
  return {
    id: 'routing-unique',
    status: 'fail',
    title,
    evidence: `${plain} is already a proxy address of ${names}; choose another routing address, or remove it from that recipient first.`,
    code: 'INVALID_INPUT',
  };
}

/** PowerShell's dates arrive as ISO text or as "/Date(ms)/". */
export function parseExchangeDate(text: string | null): number | null {
  if (!text) return null;
  const m = /^\/Date\((-?\d+)/.exec(text);
  const ms = m ? Number(m[1]) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** For enable: an AD account younger than one directory-sync interval may not exist in Entra yet. */
export function directorySyncCheck(whenCreated: string | null, nowMs: number, syncMinutes: number): PreflightCheck {
  const title = 'Directory sync has seen the account';
  const created = parseExchangeDate(whenCreated);
  if (created === null) {
    return { id: 'directory-sync', status: 'warn', title, evidence: 'The account has no readable creation time (whenCreated); check in Entra that the user exists before relying on the cloud mailbox.' };
  }
  const safe = created + syncMinutes * 60_000;
  const ageMinutes = Math.max(0, Math.floor((nowMs - created) / 60_000));
  if (nowMs >= safe) {
    return { id: 'directory-sync', status: 'pass', title, evidence: `The account was created ${new Date(created).toISOString()}, more than the ${syncMinutes}-minute sync interval ago.` };
  }
  return {
    id: 'directory-sync',
    status: 'warn',
    title,
    evidence: `The account was created ${ageMinutes} minute${ageMinutes === 1 ? '' : 's'} ago (${new Date(created).toISOString()}), within the ${syncMinutes}-minute directory-sync interval: the Entra user may not exist yet, and the cloud mailbox appears only after the next sync. Safe from ${new Date(safe).toISOString()}.`,
  };
}

/** For disable: what it removes, and a warning while the recipient is still in the address lists. */
export function disableChecks(r: Recipient): PreflightCheck[] {
  const removes: PreflightCheck = {
    id: 'disable-removes',
    status: 'pass',
    title: 'What disabling removes',
    evidence: `Disable-RemoteMailbox removes the cloud mailbox association from the AD user: its Exchange attributes (RemoteRoutingAddress ${r.RemoteRoutingAddress ?? 'none'}, ${r.EmailAddresses.length} proxy address${r.EmailAddresses.length === 1 ? '' : 'es'}, alias ${r.Alias ?? 'none'}). The AD account stays; the cloud mailbox is removed with the next directory sync unless it is licensed or on hold.`,
  };
  const hidden: PreflightCheck =
    r.HiddenFromAddressListsEnabled === true
      ? { id: 'disable-hidden', status: 'pass', title: 'Hidden from address lists first', evidence: 'The recipient is hidden from address lists.' }
      : {
          id: 'disable-hidden',
          status: 'warn',
          title: 'Hidden from address lists first',
          evidence: 'The recipient is still shown in address lists; leavers are usually hidden first (hmc mailbox hide) so colleagues stop picking the address.',
        };
  return [removes, hidden];
}

export function blocked(checks: PreflightCheck[]): boolean {
  return checks.some((c) => c.status === 'fail');
}

export function warnings(checks: PreflightCheck[]): PreflightCheck[] {
  return checks.filter((c) => c.status === 'warn');
}
