/**
 * The one audited-change runner. Every change the console makes (the mailbox changes and the
 * sandbox administration) runs between a `start` audit record, written before anything is sent,
 * and an `end` record with its outcome. A mailbox change also reads the recipient back: a change
 * Exchange reports as done but that shows no effect is an error, and a change whose outcome a
 * fault hid (timeout, dead process, lost transport) is settled by the read-back on a fresh process
 * and reported with TIMEOUT or OUTCOME_UNKNOWN and the verdict. Changes are never retried.
 */
import { HmcError, isHmcError, type ErrorCode } from '../../../shared/errors';
import { CHANGE_RULES, VERDICT_SENTENCE, verdict, type MailboxChange, type Verdict } from '../../../shared/exchange/changes';
import type { ChangeResult, Recipient } from '../../../shared/exchange/schemas';
import { formatCommand, type PreviewValue } from '../../../shared/exchange/validate';
import type { Diagnostics } from '../../core/diagnostics';
import { changedValues, type FieldChange } from '../../../shared/audit/diff';
import { nameOf } from '../../../shared/exchange/preflight';
import type { PreflightCheck } from '../../../shared/exchange/schemas';
import type { AuditEndExtra, AuditOutcome, AuditService, AuditStartExtra } from '../audit/service';
import { toHmcError } from '../powershell/classify';
import { PsFault } from '../powershell/host';
import type { PsEnvelope, WireInput } from '../powershell/protocol';
import type { Recipients } from './recipients';
import type { ExchangeSession } from './session';
import { obj } from './values';

/** What follows when the process of a -WhatIf call ended: a preview changes nothing. */
export const PREVIEW_INCOMPLETE = 'The preview (-WhatIf) did not complete; a preview changes nothing, so nothing was changed. Preview again.';

/** Who makes a change: the door it came through, for the audit trail. */
export interface CallerInfo {
  door: string;
}

/** How an audited change ended: its value, or the error to throw and the outcome to record. */
export type Settled<T> = ({ outcome: 'ok'; value: T } | { outcome: Exclude<AuditOutcome, 'ok'>; error: HmcError }) & { changes?: FieldChange[] };

/** One mailbox change, as the operations build it. */
export interface ChangeSpec {
  change: MailboxChange;
  params: Record<string, WireInput>;
  /** Parameters shown as switches (-Confirm:$false) in the command. */
  switches?: string[];
  whatIf: boolean;
  before: Recipient;
  /** The operation's input, as recorded (redacted) in the audit trail. */
  auditInput: unknown;
  /** The checklist the change ran first (recorded in the start record, returned with the result). */
  preflight?: PreflightCheck[];
}

/** The command as an admin would type it, and its -WhatIf form (display only; never executed). */
export function commandForms(cmdlet: string, params: Record<string, WireInput>, switches: string[] = []): { change: string; whatIf: string } {
  const shown: Record<string, PreviewValue> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'boolean' || v === undefined) shown[k] = v;
  }
  const all = [...switches, 'WhatIf', 'Confirm'];
  return { change: formatCommand(cmdlet, shown, all), whatIf: formatCommand(cmdlet, { ...shown, WhatIf: true }, all) };
}

/** A change to a recipient whose identity the read-back uses: its GUID when known. */
function readBackIdentity(spec: ChangeSpec): string {
  return spec.before.Guid ?? String(spec.params.Identity);
}

export class ChangeRunner {
  constructor(
    private readonly session: ExchangeSession,
    private readonly recipients: Recipients,
    private readonly audit: AuditService,
    private readonly diagnostics: Diagnostics,
  ) {}

  /**
   * Runs `body` between the start and the end record. The end records the outcome `body` settled
   * on, or 'error' when it threw. Returns the value, and a warning when the end record could not
   * be written (the change happened all the same; the diagnostics log has the failure).
   */
  async audited<T>(
    entry: { op: string; input: unknown; command: string; extra?: AuditStartExtra },
    caller: CallerInfo,
    body: () => Promise<Settled<T>>,
  ): Promise<{ value: T; auditWarning: string | null }> {
    const id = await this.audit.begin(entry.op, caller.door, entry.input, entry.command, entry.extra);
    let settled: Settled<T>;
    try {
      settled = await body();
    } catch (e) {
      const error = isHmcError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
      await this.end(id, entry.op, caller, 'error', error);
      throw e;
    }
    const extra = settled.changes ? { changes: settled.changes } : {};
    if (settled.outcome === 'ok') return { value: settled.value, auditWarning: await this.end(id, entry.op, caller, 'ok', undefined, extra) };
    await this.end(id, entry.op, caller, settled.outcome, { code: settled.error.code, message: settled.error.message }, extra);
    throw settled.error;
  }

  /**
   * A change refused before anything was sent (the checklist, the input, the expected state): a
   * start and an end record with the refusal's code, so the trail shows what was attempted.
   */
  async refused(entry: { op: string; input: unknown; extra?: AuditStartExtra }, caller: CallerInfo, error: HmcError): Promise<void> {
    try {
      const id = await this.audit.begin(entry.op, caller.door, entry.input, null, entry.extra);
      await this.audit.end(id, entry.op, caller.door, 'error', { code: error.code, message: error.message });
    } catch (e) {
      // The refusal stands whatever the trail says; a trail that cannot be written is in the diagnostics.
      this.diagnostics.error('A refused change could not be written to the audit trail', e, { op: entry.op, code: error.code });
    }
  }

  /** Writes the end record; a failure is logged and returned as a warning, never swallowed. */
  private async end(
    id: string,
    op: string,
    caller: CallerInfo,
    outcome: AuditOutcome,
    error?: { code: string; message: string },
    extra?: AuditEndExtra,
  ): Promise<string | null> {
    try {
      await this.audit.end(id, op, caller.door, outcome, error, extra);
      return null;
    } catch (e) {
      this.diagnostics.error('The end record of a change could not be written to the audit trail', e, { id, op, outcome });
      return `The change ran, but its end record could not be written to the audit trail (${(e as Error).message}); the details are in the diagnostics log (${this.diagnostics.path}).`;
    }
  }

  /** A mailbox change: previewed with -WhatIf, or run audited and read back. */
  async change(spec: ChangeSpec, caller: CallerInfo): Promise<ChangeResult> {
    const rule = CHANGE_RULES[spec.change.kind];
    const forms = commandForms(rule.cmdlet, spec.params, spec.switches);
    if (spec.whatIf) {
      const env = await this.preview(rule.cmdlet, spec.params);
      if (!env.ok) throw toHmcError(env.errors, rule.cmdlet);
      return {
        whatIf: true,
        command: forms.whatIf,
        changeCommand: forms.change,
        before: spec.before,
        recipient: spec.before,
        warnings: env.warnings,
        ...(spec.preflight ? { preflight: spec.preflight } : {}),
      };
    }
    const readBack = { identity: readBackIdentity(spec), change: spec.change };
    const extra: AuditStartExtra = { target: nameOf(spec.before), readBack, ...(spec.preflight ? { preflight: spec.preflight } : {}) };
    const { value, auditWarning } = await this.audited({ op: rule.op, input: spec.auditInput, command: forms.change, extra }, caller, () =>
      this.runChange(spec, forms.change),
    );
    const result = spec.preflight ? { ...value, preflight: spec.preflight } : value;
    return auditWarning ? { ...result, warnings: [...result.warnings, auditWarning] } : result;
  }

  /**
   * Sends the -WhatIf form. A preview takes no effect, so a process that ends under it leaves no
   * outcome open: the error says the preview did not complete, never that the change may have happened.
   */
  private async preview(cmdlet: string, params: Record<string, WireInput>): Promise<PsEnvelope> {
    try {
      return await this.session.send({ command: cmdlet, params: { ...params, WhatIf: true } });
    } catch (e) {
      if (!(e instanceof PsFault)) throw e;
      const code: ErrorCode = e.code === 'TIMEOUT' ? 'TIMEOUT' : 'POWERSHELL_FAILED';
      throw new HmcError(code, `${e.what} ${PREVIEW_INCOMPLETE}`, { ...obj(e.details), whatIf: true });
    }
  }

  private async runChange(spec: ChangeSpec, command: string): Promise<Settled<ChangeResult>> {
    const cmdlet = CHANGE_RULES[spec.change.kind].cmdlet;
    let env: PsEnvelope;
    try {
      env = await this.session.send({ command: cmdlet, params: spec.params });
    } catch (e) {
      if (isHmcError(e) && (e.code === 'TIMEOUT' || e.code === 'OUTCOME_UNKNOWN')) return this.settleUnknown(spec, e);
      throw e;
    }
    if (!env.ok) {
      const err = toHmcError(env.errors, cmdlet);
      if (err.code === 'SESSION_UNREACHABLE' || err.code === 'SESSION_LOST') {
        // The request may or may not have reached Exchange before the transport failed.
        await this.session.dropSession(err);
        return this.settleUnknown(spec, new HmcError('OUTCOME_UNKNOWN', err.message, err.details));
      }
      return { outcome: 'error', error: err };
    }
    const warnings = [...env.warnings];
    let after: Recipient | null = null;
    try {
      after = await this.recipients.get(readBackIdentity(spec));
    } catch (e) {
      this.diagnostics.warn('Reading a recipient back after a change failed', { command: cmdlet, error: e instanceof Error ? e.message : String(e) });
      warnings.push(`${cmdlet} returned no error, but reading the recipient back failed (${e instanceof Error ? e.message : String(e)}); look the recipient up to see its state.`);
    }
    if (after && verdict(spec.change, spec.before, after) === 'not-applied') {
      // Errors can be lost on the way back (implicit remoting): trust what Exchange shows, not the silence.
      return {
        outcome: 'not-applied',
        changes: changedValues(spec.before, after),
        error: new HmcError(
          'EXCHANGE_ERROR',
          `${cmdlet} returned no error, but reading the recipient back shows the change was not applied; check the recipient and Exchange's logs before trying again.`,
          { command, recipient: after },
        ),
      };
    }
    return {
      outcome: 'ok',
      changes: changedValues(spec.before, after),
      value: { whatIf: false, command, changeCommand: command, before: spec.before, recipient: after, warnings },
    };
  }

  /** Reads the recipient back on a fresh process and reports what the fault left behind. Never retries the change. */
  private async settleUnknown(spec: ChangeSpec, fault: HmcError): Promise<Settled<ChangeResult>> {
    let found: Verdict;
    let after: Recipient | null = null;
    const settings = await this.session.settings();
    try {
      // A fresh process is starting: give the read-back room even when the call timeout is short.
      after = await this.recipients.get(readBackIdentity(spec), Math.max(settings.exchange.callTimeoutMs, 30_000));
      found = verdict(spec.change, spec.before, after);
    } catch (e) {
      this.diagnostics.warn('Reading a recipient back after a fault failed; the change is reported as unknown', {
        command: CHANGE_RULES[spec.change.kind].cmdlet,
        error: e instanceof Error ? e.message : String(e),
      });
      found = 'unknown';
    }
    const code: ErrorCode = fault.code === 'TIMEOUT' ? 'TIMEOUT' : 'OUTCOME_UNKNOWN';
    // What happened (without what the host said follows from it), then what the read-back shows.
    const what = fault instanceof PsFault ? fault.what : fault.message;
    return {
      outcome: found,
      changes: changedValues(spec.before, after),
      error: new HmcError(code, `${what} ${VERDICT_SENTENCE[found]}`, { ...obj(fault.details), outcome: found, recipient: after }),
    };
  }
}
