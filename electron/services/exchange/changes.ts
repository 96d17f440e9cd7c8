/**
 * The mailbox changes (enable, hide/unhide, routing repair, disable): each checks its input, reads
 * the recipient, refuses what the shared rules say it cannot apply to, and hands the change to the
 * audited-change runner. Routing addresses outside the tenant routing domain are refused unless the
 * admin overrides (Exchange accepts any domain, and mail flow breaks later).
 */
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import { CHANGE_RULES, applicability, type MailboxChange } from '../../../shared/exchange/changes';
import type { ChangeResult, DisableRemoteInput, EnableRemoteInput, Recipient, SetHiddenInput, SetRoutingInput } from '../../../shared/exchange/schemas';
import { checkRoutingAddress, checkSmtpAddress, stripSmtpPrefix } from '../../../shared/exchange/validate';
import { defaultRoutingAddress } from '../../../shared/exchange/routing-template';
import type { Settings } from '../../../shared/settings/schema';
import type { Recipients } from './recipients';
import type { CallerInfo, ChangeRunner } from './runner';
import type { ExchangeSession } from './session';

function routingPolicy(settings: Settings) {
  const ex = settings.exchange;
  return { routingDomain: ex.routingDomain ?? (ex.mode === 'sandbox' ? 'contoso.mail.onmicrosoft.com' : null), pattern: ex.routingDomainPattern };
}

/** The routing address without an SMTP: prefix, once it passed the policy (or the admin's override). */
function checkedRouting(address: string, allowForeign: boolean, settings: Settings): string {
  const plain = stripSmtpPrefix(address);
  const problem = allowForeign ? checkSmtpAddress(plain) : checkRoutingAddress(plain, routingPolicy(settings));
  if (problem) throw new HmcError('INVALID_INPUT', problem);
  return plain;
}

export class MailboxChanges {
  constructor(
    private readonly session: ExchangeSession,
    private readonly recipients: Recipients,
    private readonly runner: ChangeRunner,
  ) {}

  /**
   * The recipient as it stands, refused with WRONG_RECIPIENT_TYPE when the change cannot apply and
   * the console (not Exchange) is the one to say so.
   */
  private async target(identity: string, change: MailboxChange): Promise<Recipient> {
    const before = await this.recipients.get(identity);
    const rule = CHANGE_RULES[change.kind];
    const fit = applicability(change, before);
    if (rule.refusesOtherKinds && fit.kind === 'cannot') {
      throw new HmcError('WRONG_RECIPIENT_TYPE', `${rule.cmdlet} was not run for ${before.Name ?? identity}: ${fit.note}`, { recipient: before });
    }
    return before;
  }

  async enableRemote(input: z.output<typeof EnableRemoteInput>, caller: CallerInfo): Promise<ChangeResult> {
    const settings = await this.session.settings();
    let routing = input.routingAddress === undefined ? undefined : checkedRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
    const before = await this.target(input.identity, { kind: 'enable' });
    if (routing === undefined) {
      const { routingDomain } = routingPolicy(settings);
      if (!routingDomain) {
        throw new HmcError('INVALID_INPUT', 'Give a routing address, or set exchange.routingDomain (e.g. contoso.mail.onmicrosoft.com) in the settings.');
      }
      routing = checkedRouting(defaultRoutingAddress(settings.exchange.routingAddressTemplate, input.alias ?? before.SamAccountName ?? '', routingDomain), false, settings);
    }
    return this.runner.change(
      {
        change: { kind: 'enable', routingAddress: routing },
        params: {
          Identity: before.Guid ?? input.identity,
          RemoteRoutingAddress: routing,
          PrimarySmtpAddress: input.primarySmtpAddress === undefined ? undefined : stripSmtpPrefix(input.primarySmtpAddress),
          Alias: input.alias,
          DisplayName: input.displayName,
          DomainController: input.domainController,
        },
        whatIf: input.whatIf,
        before,
        auditInput: input,
      },
      caller,
    );
  }

  async setHidden(input: z.output<typeof SetHiddenInput>, caller: CallerInfo): Promise<ChangeResult> {
    const change: MailboxChange = { kind: 'hide', hidden: input.hidden };
    const before = await this.target(input.identity, change);
    return this.runner.change(
      { change, params: { Identity: before.Guid ?? input.identity, HiddenFromAddressListsEnabled: input.hidden }, whatIf: input.whatIf, before, auditInput: input },
      caller,
    );
  }

  async setRoutingAddress(input: z.output<typeof SetRoutingInput>, caller: CallerInfo): Promise<ChangeResult> {
    const settings = await this.session.settings();
    const routing = checkedRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
    const change: MailboxChange = { kind: 'routing', routingAddress: routing };
    const before = await this.target(input.identity, change);
    return this.runner.change(
      { change, params: { Identity: before.Guid ?? input.identity, RemoteRoutingAddress: routing }, whatIf: input.whatIf, before, auditInput: input },
      caller,
    );
  }

  async disableRemote(input: z.output<typeof DisableRemoteInput>, caller: CallerInfo): Promise<ChangeResult> {
    const change: MailboxChange = { kind: 'disable' };
    const before = await this.target(input.identity, change);
    return this.runner.change(
      { change, params: { Identity: before.Guid ?? input.identity, Confirm: false }, switches: ['Confirm'], whatIf: input.whatIf, before, auditInput: input },
      caller,
    );
  }
}
