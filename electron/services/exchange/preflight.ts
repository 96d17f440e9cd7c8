/**
 * mailbox.preflight: gathers what the checklist judges (the recipient, the ANR matches of an
 * ambiguous identity, who already holds a routing address, the account's age against the
 * directory-sync interval) and judges it with the shared rules. The change operations run the same
 * checks before they send anything.
 */
import type { z } from 'zod';
import { isHmcError } from '../../../shared/errors';
import { CHANGE_RULES } from '../../../shared/exchange/changes';
import * as P from '../../../shared/exchange/preflight';
import { routingPolicy as sharedRoutingPolicy } from '../../../shared/exchange/routing';
import type { PreflightCheck, PreflightInput, PreflightOutput, Recipient, RecipientName } from '../../../shared/exchange/schemas';
import { stripSmtpPrefix } from '../../../shared/exchange/validate';
import type { Settings } from '../../../shared/settings/schema';
import { defaultRoutingAddress as templateAddress } from '../../../shared/exchange/routing-template';
import type { Recipients } from './recipients';
import { commandForms } from './runner';
import type { ExchangeSession } from './session';
import type { WireInput } from '../powershell/protocol';

/** The same policy the desk's card judges routing addresses by (shared/exchange/routing.ts). */
export function routingPolicy(settings: Settings) {
  return sharedRoutingPolicy(settings.exchange);
}

/** The routing address an enable sets when none is given: the routing address template applied to the alias (or sAMAccountName) and the tenant routing domain. */
export function defaultRoutingAddress(settings: Settings, r: Recipient, alias?: string): string | null {
  const { routingDomain } = routingPolicy(settings);
  return routingDomain ? templateAddress(settings.exchange.routingAddressTemplate, alias ?? r.SamAccountName ?? '', routingDomain) : null;
}

/** The change's parameters without the optional extras (what the checklist shows as the command). */
export function baseParams(input: { action: z.output<typeof PreflightInput>['action'] }, guid: string, routing: string | null): Record<string, WireInput> {
  switch (input.action) {
    case 'enable':
      return { Identity: guid, RemoteRoutingAddress: routing ?? undefined };
    case 'hide':
    case 'unhide':
      return { Identity: guid, HiddenFromAddressListsEnabled: input.action === 'hide' };
    case 'set-routing':
      return { Identity: guid, RemoteRoutingAddress: routing ?? undefined };
    case 'disable':
      return { Identity: guid, Confirm: false };
  }
}

export class Preflight {
  constructor(
    private readonly session: ExchangeSession,
    private readonly recipients: Recipients,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ANR matches of an ambiguous identity, as names (best effort: a failed search lists none). */
  private async matches(identity: string): Promise<RecipientName[]> {
    try {
      const r = await this.recipients.search({ text: identity, by: 'anr', limit: 20 });
      return r.results.map(P.summaryName);
    } catch (e) {
      if (!isHmcError(e)) throw e;
      // The ambiguity itself is the answer; the list is a courtesy, and the item says when it is empty.
      return [];
    }
  }

  /** Who already has the address among its proxy addresses (Get-Recipient -Filter EmailAddresses -eq). */
  async holders(address: string) {
    return (await this.recipients.search({ text: stripSmtpPrefix(address), by: 'address', limit: 10 })).results;
  }

  /** The items after the identity resolved: type, routing, directory sync, disable. */
  async checksFor(input: z.output<typeof PreflightInput>, r: Recipient, settings: Settings, routing: string | null): Promise<PreflightCheck[]> {
    const checks: PreflightCheck[] = [P.identityPass(r), P.typeCheck(input.action, r, routing ?? undefined)];
    if (input.action === 'enable' || input.action === 'set-routing') {
      if (routing === null) {
        checks.push({
          id: 'routing-domain',
          status: 'fail',
          title: 'Routing address in the tenant routing domain',
          evidence:
            input.action === 'enable'
              ? 'Give a routing address, or set exchange.routingDomain (e.g. contoso.mail.onmicrosoft.com) in the settings.'
              : 'Give the routing address to set.',
          code: 'INVALID_INPUT',
        });
      } else {
        checks.push(P.routingDomainCheck(routing, routingPolicy(settings), input.allowForeignRoutingDomain));
        checks.push(P.routingUniqueCheck(routing, await this.holders(routing), r.Guid));
      }
    }
    if (input.action === 'enable' && r.kind === 'user') {
      checks.push(P.directorySyncCheck(r.WhenCreated, this.now(), settings.exchange.directorySyncMinutes));
    }
    if (input.action === 'disable' && r.kind === 'remoteMailbox') checks.push(...P.disableChecks(r));
    return checks;
  }

  async run(input: z.output<typeof PreflightInput>): Promise<PreflightOutput> {
    const settings = await this.session.settings();
    const empty = { action: input.action, recipient: null, expected: null, routingAddress: null, command: null, blocked: true, matches: [] as RecipientName[] };
    let r: Recipient;
    try {
      r = await this.recipients.get(input.identity);
    } catch (e) {
      if (isHmcError(e) && e.code === 'RECIPIENT_NOT_FOUND') return { ...empty, checks: [P.identityNotFound(input.identity, e.message)] };
      if (isHmcError(e) && e.code === 'RECIPIENT_AMBIGUOUS') {
        const matches = await this.matches(input.identity);
        return { ...empty, matches, checks: [P.identityAmbiguous(input.identity, matches)] };
      }
      throw e;
    }
    const given = input.routingAddress === undefined ? null : stripSmtpPrefix(input.routingAddress);
    const routing = input.action === 'enable' ? (given ?? defaultRoutingAddress(settings, r)) : input.action === 'set-routing' ? given : null;
    const checks = await this.checksFor(input, r, settings, routing);
    const change = P.changeFor(input.action, routing ?? undefined);
    const rule = CHANGE_RULES[change.kind];
    const command = commandForms(rule.cmdlet, baseParams(input, r.Guid ?? input.identity, routing), input.action === 'disable' ? ['Confirm'] : []).change;
    return { action: input.action, recipient: P.nameOf(r), checks, blocked: P.blocked(checks), expected: P.expectedOf(r), routingAddress: routing, command, matches: [] };
  }
}
