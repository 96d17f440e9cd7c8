/**
 * The mailbox changes (enable, hide/unhide, routing repair, disable): each checks its input, reads
 * the recipient, refuses one that no longer matches the state the admin reviewed (STATE_CHANGED),
 * runs the preflight checklist (a `fail` refuses, a `warn` goes on and is recorded) and hands the
 * change to the audited-change runner. A refusal before anything is sent is audited with its code.
 * Routing addresses outside the tenant routing domain are refused unless the admin overrides
 * (Exchange accepts any domain, and mail flow breaks later).
 */
import type { z } from 'zod';
import { HmcError, isHmcError } from '../../../shared/errors';
import { CHANGE_RULES, applicability, type MailboxChange } from '../../../shared/exchange/changes';
import { actionFor, changedFields, nameOf, stateChangedMessage } from '../../../shared/exchange/preflight';
import type {
  ChangeResult,
  DisableRemoteInput,
  EnableRemoteInput,
  ExpectedState,
  PreflightCheck,
  Recipient,
  SetHiddenInput,
  SetRoutingInput,
} from '../../../shared/exchange/schemas';
import { checkRoutingAddress, checkSmtpAddress, stripSmtpPrefix } from '../../../shared/exchange/validate';
import type { Settings } from '../../../shared/settings/schema';
import type { AuditStartExtra } from '../audit/service';
import { defaultRoutingAddress, routingPolicy, type Preflight } from './preflight';
import type { Recipients } from './recipients';
import type { CallerInfo, ChangeRunner, ChangeSpec } from './runner';
import type { ExchangeSession } from './session';

/** The routing address without an SMTP: prefix, once it passed the policy (or the admin's override). */
function checkedRouting(address: string, allowForeign: boolean, settings: Settings): string {
  const plain = stripSmtpPrefix(address);
  const problem = allowForeign ? checkSmtpAddress(plain) : checkRoutingAddress(plain, routingPolicy(settings));
  if (problem) throw new HmcError('INVALID_INPUT', problem);
  return plain;
}

/** The checklist items the change itself refuses on (the type is refused as before: by the console or by Exchange). */
const BLOCKING: ReadonlySet<PreflightCheck['id']> = new Set(['routing-unique']);

export class MailboxChanges {
  constructor(
    private readonly session: ExchangeSession,
    private readonly recipients: Recipients,
    private readonly runner: ChangeRunner,
    private readonly preflight: Preflight,
  ) {}

  /**
   * Builds the change with `prepare` and runs it. A refusal while preparing (bad input, unknown or
   * changed recipient, a failed checklist item) is audited with its code, unless it was a preview.
   */
  private async guarded(op: string, input: { whatIf: boolean }, caller: CallerInfo, prepare: (audit: AuditStartExtra) => Promise<ChangeSpec>): Promise<ChangeResult> {
    const audit: AuditStartExtra = {};
    let spec: ChangeSpec;
    try {
      spec = await prepare(audit);
    } catch (e) {
      if (!input.whatIf && isHmcError(e)) await this.runner.refused({ op, input, extra: audit }, caller, e);
      throw e;
    }
    return this.runner.change(spec, caller);
  }

  /**
   * The recipient as it stands and the checklist: refused with STATE_CHANGED when it no longer
   * matches `expected`, with WRONG_RECIPIENT_TYPE when the change cannot apply and the console
   * (not Exchange) is the one to say so, and with the failed item's code otherwise.
   */
  private async checked(
    identity: string,
    change: MailboxChange,
    expected: ExpectedState | undefined,
    audit: AuditStartExtra,
    routing: (before: Recipient) => string | null,
    allowForeignRoutingDomain = false,
  ): Promise<{ before: Recipient; preflight: PreflightCheck[]; routing: string | null }> {
    const before = await this.recipients.get(identity);
    audit.target = nameOf(before);
    if (expected) {
      const fields = changedFields(expected, before);
      if (fields.length) throw new HmcError('STATE_CHANGED', stateChangedMessage(nameOf(before), fields, expected, before), { fields, recipient: before });
    }
    const rule = CHANGE_RULES[change.kind];
    const fit = applicability(change, before);
    if (rule.refusesOtherKinds && fit.kind === 'cannot') {
      throw new HmcError('WRONG_RECIPIENT_TYPE', `${rule.cmdlet} was not run for ${before.Name ?? identity}: ${fit.note}`, { recipient: before });
    }
    const address = routing(before);
    const settings = await this.session.settings();
    const preflight = await this.preflight.checksFor(
      { identity, action: actionFor(change), routingAddress: address ?? undefined, allowForeignRoutingDomain },
      before,
      settings,
      address,
    );
    audit.preflight = preflight;
    const failed = preflight.find((c) => c.status === 'fail' && BLOCKING.has(c.id));
    if (failed) throw new HmcError(failed.code ?? 'INVALID_INPUT', `${rule.cmdlet} was not run: ${failed.evidence}`, { check: failed });
    return { before, preflight, routing: address };
  }

  async enableRemote(input: z.output<typeof EnableRemoteInput>, caller: CallerInfo): Promise<ChangeResult> {
    return this.guarded('mailbox.enableRemote', input, caller, async (audit) => {
      const settings = await this.session.settings();
      const given = input.routingAddress === undefined ? undefined : checkedRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
      const { before, preflight, routing } = await this.checked(
        input.identity,
        { kind: 'enable' },
        input.expected,
        audit,
        (r) => given ?? defaultRoutingAddress(settings, r, input.alias),
        input.allowForeignRoutingDomain,
      );
      if (routing === null) {
        throw new HmcError('INVALID_INPUT', 'Give a routing address, or set exchange.routingDomain (e.g. contoso.mail.onmicrosoft.com) in the settings.');
      }
      const address = given ?? checkedRouting(routing, false, settings);
      return {
        change: { kind: 'enable', routingAddress: address },
        params: {
          Identity: before.Guid ?? input.identity,
          RemoteRoutingAddress: address,
          PrimarySmtpAddress: input.primarySmtpAddress === undefined ? undefined : stripSmtpPrefix(input.primarySmtpAddress),
          Alias: input.alias,
          DisplayName: input.displayName,
          DomainController: input.domainController,
        },
        whatIf: input.whatIf,
        before,
        preflight,
        auditInput: input,
      };
    });
  }

  async setHidden(input: z.output<typeof SetHiddenInput>, caller: CallerInfo): Promise<ChangeResult> {
    return this.guarded('mailbox.setHidden', input, caller, async (audit) => {
      const change: MailboxChange = { kind: 'hide', hidden: input.hidden };
      const { before, preflight } = await this.checked(input.identity, change, input.expected, audit, () => null);
      return { change, params: { Identity: before.Guid ?? input.identity, HiddenFromAddressListsEnabled: input.hidden }, whatIf: input.whatIf, before, preflight, auditInput: input };
    });
  }

  async setRoutingAddress(input: z.output<typeof SetRoutingInput>, caller: CallerInfo): Promise<ChangeResult> {
    return this.guarded('mailbox.setRoutingAddress', input, caller, async (audit) => {
      const settings = await this.session.settings();
      const routing = checkedRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
      const change: MailboxChange = { kind: 'routing', routingAddress: routing };
      const { before, preflight } = await this.checked(input.identity, change, input.expected, audit, () => routing, input.allowForeignRoutingDomain);
      return { change, params: { Identity: before.Guid ?? input.identity, RemoteRoutingAddress: routing }, whatIf: input.whatIf, before, preflight, auditInput: input };
    });
  }

  async disableRemote(input: z.output<typeof DisableRemoteInput>, caller: CallerInfo): Promise<ChangeResult> {
    return this.guarded('mailbox.disableRemote', input, caller, async (audit) => {
      const change: MailboxChange = { kind: 'disable' };
      const { before, preflight } = await this.checked(input.identity, change, input.expected, audit, () => null);
      return {
        change,
        params: { Identity: before.Guid ?? input.identity, Confirm: false },
        switches: ['Confirm'],
        whatIf: input.whatIf,
        before,
        preflight,
        auditInput: input,
      };
    });
  }
}
