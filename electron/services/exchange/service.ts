/**
 * The Exchange capability: one service, created in the composition root, over its parts: the
 * session (the PowerShell host and the Exchange session on it), the recipient reads, the mailbox
 * changes (all through the one audited-change runner) and the sandbox administration.
 * Never imports electron.
 */
import type { z } from 'zod';
import type * as X from '../../../shared/exchange/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { PolicyAction } from '../../../shared/settings/policy';
import type { AuditReadBack } from '../../../shared/audit/schemas';
import { VERDICT_SENTENCE, verdictAfter, type MailboxChange } from '../../../shared/exchange/changes';
import { HmcError, isHmcError } from '../../../shared/errors';
import type { ReadBackFinding } from '../audit/reconcile';
import type { AuditService } from '../audit/service';
import type { PsHost } from '../powershell/host';
import { MailboxChanges } from './changes';
import { Preflight } from './preflight';
import { Recipients } from './recipients';
import { ChangeRunner, type CallerInfo } from './runner';
import { SandboxAdmin } from './sandbox';
import { ExchangeSession, type SessionDeps } from './session';

/** Names nobody: the warm-up look-up reads it and expects not found. */
const WARM_UP_IDENTITY = '00000000-0000-0000-0000-000000000000';

export interface ExchangeDeps extends SessionDeps {
  audit: AuditService;
  /** The machine policy's sentence when it turns an action off, or null (no policy: everything allowed). */
  policyRefusal?: (action: PolicyAction) => string | null;
}

export class ExchangeService {
  private readonly session: ExchangeSession;
  private readonly recipients: Recipients;
  private readonly changes: MailboxChanges;
  private readonly checklist: Preflight;
  private readonly sandbox: SandboxAdmin;

  constructor(private readonly deps: ExchangeDeps) {
    this.session = new ExchangeSession(deps);
    this.recipients = new Recipients(this.session);
    const runner = new ChangeRunner(this.session, this.recipients, deps.audit, deps.diagnostics);
    this.checklist = new Preflight(this.session, this.recipients);
    this.changes = new MailboxChanges(this.session, this.recipients, runner, this.checklist);
    this.sandbox = new SandboxAdmin(this.session, this.recipients, runner);
  }

  /** The PowerShell host, for diagnostics and tests. */
  get currentHost(): PsHost | null {
    return this.session.currentHost;
  }

  status(): z.output<typeof X.SessionState> {
    return this.session.status();
  }

  /** The sandbox's directory file (the one `hmc mailbox get` reads; the rule replay writes there too). */
  sandboxDirectoryPath(settings: Settings): string {
    return this.session.sandboxDirectoryPath(settings);
  }

  connect(input?: z.output<typeof X.ConnectInput>): Promise<z.output<typeof X.ConnectOutput>> {
    return this.session.connect(input);
  }

  /** Starts PowerShell and opens the session in the background (desktop and web host start-up, never the one-shot CLI). */
  /**
   * Opens the session in the background, then makes one read-only look-up (of the null GUID, which
   * names nobody) so that the look-up's commands are loaded and compiled in the fresh PowerShell:
   * the first look-up an admin makes then answers as fast as the next ones.
   */
  warmUp(): void {
    void this.session.warmUp().then(async (open) => {
      if (!open) return;
      try {
        await this.recipients.get(WARM_UP_IDENTITY);
      } catch (e) {
        // Not found is the expected answer; anything else is worth a line, and the first real look-up tries again.
        if (!(isHmcError(e) && e.code === 'RECIPIENT_NOT_FOUND')) {
          this.deps.diagnostics.warn('The warm-up look-up failed', { error: e instanceof Error ? e.message : String(e) });
        }
      }
    });
  }

  disconnect(): Promise<z.output<typeof X.SessionState>> {
    return this.session.disconnect();
  }

  dispose(): Promise<void> {
    return this.session.dispose();
  }

  get(identity: string): Promise<z.output<typeof X.Recipient>> {
    return this.recipients.get(identity);
  }

  search(input: z.output<typeof X.SearchInput>): Promise<z.output<typeof X.SearchOutput>> {
    return this.recipients.search(input);
  }

  preflight(input: z.output<typeof X.PreflightInput>): Promise<z.output<typeof X.PreflightOutput>> {
    return this.checklist.run(input);
  }

  enableRemote(input: z.output<typeof X.EnableRemoteInput>, caller: CallerInfo): Promise<z.output<typeof X.ChangeResult>> {
    return this.changes.enableRemote(input, caller);
  }

  async setHidden(input: z.output<typeof X.SetHiddenInput>, caller: CallerInfo): Promise<z.output<typeof X.ChangeResult>> {
    const refused = this.deps.policyRefusal?.('hideUnhide');
    if (refused) throw new HmcError('POLICY_DISALLOWED', refused);
    return this.changes.setHidden(input, caller);
  }

  setRoutingAddress(input: z.output<typeof X.SetRoutingInput>, caller: CallerInfo): Promise<z.output<typeof X.ChangeResult>> {
    return this.changes.setRoutingAddress(input, caller);
  }

  disableRemote(input: z.output<typeof X.DisableRemoteInput>, caller: CallerInfo): Promise<z.output<typeof X.ChangeResult>> {
    return this.changes.disableRemote(input, caller);
  }

  /**
   * For the audit's reconciliation: reads back the recipient of a change whose process died before
   * its end record and says what it shows. Never throws: a read that fails is "unknown", with why.
   */
  async reconcileReadBack(readBack: AuditReadBack): Promise<ReadBackFinding> {
    const lead = 'The process making this change ended before it finished.';
    let after: z.output<typeof X.Recipient>;
    try {
      after = await this.recipients.get(readBack.identity);
    } catch (e) {
      if (isHmcError(e) && e.code === 'RECIPIENT_NOT_FOUND' && readBack.change.kind === 'addUser') {
        return { outcome: 'not-applied', note: `${lead} ${readBack.identity} is not in the directory: the user was NOT added; it is safe to try again.` };
      }
      const why = e instanceof Error ? e.message : String(e);
      return { outcome: 'unknown', note: `${lead} Reading ${readBack.identity} back failed (${why}); check the recipient before trying again.` };
    }
    const { kind, hidden, routingAddress } = readBack.change;
    if (kind === 'addUser') return { outcome: 'applied', note: `${lead} ${readBack.identity} is in the directory: the user WAS added; do not add it again.` };
    const change: MailboxChange =
      kind === 'enable' ? { kind, routingAddress } : kind === 'hide' ? { kind, hidden: hidden ?? true } : kind === 'routing' ? { kind, routingAddress: routingAddress ?? '' } : { kind };
    const outcome = verdictAfter(change, after);
    return { outcome, note: `${lead} ${VERDICT_SENTENCE[outcome]}` };
  }

  sandboxReset(caller: CallerInfo): Promise<z.output<typeof X.SandboxResetOutput>> {
    return this.sandbox.reset(caller);
  }

  sandboxAddUser(input: z.output<typeof X.SandboxAddUserInput>, caller: CallerInfo): Promise<z.output<typeof X.Recipient>> {
    return this.sandbox.addUser(input, caller);
  }
}
