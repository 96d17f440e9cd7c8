/**
 * The Exchange service: one PowerShell host per console, the session on it (remote, snapin or
 * sandbox), and the recipient operations. Reads reconnect and retry once after a lost session;
 * changes are never retried: after a timeout, a crash or a transport failure the recipient is
 * read back on a fresh process and the verdict is reported with TIMEOUT or OUTCOME_UNKNOWN.
 * Never imports electron.
 */
import { join } from 'node:path';
import { HmcError, isHmcError, type ErrorCode } from '../../../shared/errors';
import type {
  ChangeResult,
  Recipient,
  RecipientSummary,
} from '../../../shared/exchange/schemas';
import type { SessionState } from '../../../shared/exchange/schemas';
import type { Settings } from '../../../shared/settings/schema';
import {
  aliasFrom,
  checkRoutingAddress,
  checkSmtpAddress,
  formatCommand,
  stripSmtpPrefix,
  type PreviewValue,
} from '../../../shared/exchange/validate';
import type { AuditLog } from '../audit/log';
import type { EventBus } from '../../core/events';
import type { AppPaths } from '../../core/paths';
import type { SettingsStore } from '../settings/store';
import type { PowerShellLocator } from '../powershell/locate';
import { PsHost, resolveScriptsDir } from '../powershell/host';
import { toHmcError } from '../powershell/classify';
import type { PsEnvelope, PsRequest, WireInput } from '../powershell/protocol';
import {
  DISCONNECT,
  remoteConnect,
  sandboxConnect,
  snapinConnect,
  type ConnectPlan,
  type Credential,
} from '../powershell/scripts';
import { exchangeSecretKey, type SecretStore } from '../secrets/store';

export interface ExchangeDeps {
  paths: AppPaths;
  settings: SettingsStore;
  events: EventBus;
  powershell: PowerShellLocator;
  secrets: SecretStore;
  audit: AuditLog;
  env: NodeJS.ProcessEnv;
  /** Test laboratory only: replaces the connect plan (e.g. the sandbox behind SSH remoting). */
  connectOverride?: (scriptsDir: string) => ConnectPlan;
  /** For tests: the platform whose rules apply (remote mode needs Windows). */
  platform?: NodeJS.Platform;
}

export interface CallerInfo {
  door: string;
}

const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;
const SUMMARY_PROPS = [
  'Identity',
  'Name',
  'DisplayName',
  'SamAccountName',
  'UserPrincipalName',
  'Guid',
  'RecipientTypeDetails',
  'PrimarySmtpAddress',
];

function str(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function bool(v: unknown): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Builds the console's Recipient from Get-HmcRecipientState's { User, Recipient }. */
export function toRecipient(state: unknown): Recipient {
  const s = obj(state);
  const u = obj(s.User);
  const r = obj(s.Recipient);
  const pick = (k: string) => (k in r ? r[k] : u[k]);
  const type = str(u.RecipientTypeDetails);
  const kind: Recipient['kind'] = type === 'User' ? 'user' : type && /^Remote\w*Mailbox$/.test(type) ? 'remoteMailbox' : 'other';
  const exchangeGuid = str(r.ExchangeGuid);
  const syncState: Recipient['syncState'] =
    kind !== 'remoteMailbox' ? null : exchangeGuid === null ? 'unknown' : ZERO_GUID.test(exchangeGuid) ? 'pending' : 'synced';
  const addresses = Array.isArray(r.EmailAddresses) ? r.EmailAddresses.map((a) => String(a)) : [];
  return {
    Identity: str(pick('Identity')),
    Name: str(pick('Name')),
    DisplayName: str(pick('DisplayName')),
    SamAccountName: str(pick('SamAccountName')),
    UserPrincipalName: str(pick('UserPrincipalName')),
    DistinguishedName: str(pick('DistinguishedName')),
    Guid: str(u.Guid ?? r.Guid),
    RecipientType: str(pick('RecipientType')),
    RecipientTypeDetails: type,
    Alias: str(r.Alias),
    PrimarySmtpAddress: str(r.PrimarySmtpAddress),
    EmailAddresses: addresses,
    EmailAddressPolicyEnabled: bool(r.EmailAddressPolicyEnabled),
    HiddenFromAddressListsEnabled: bool(r.HiddenFromAddressListsEnabled),
    RemoteRoutingAddress: str(r.RemoteRoutingAddress),
    RemoteRecipientType: str(r.RemoteRecipientType),
    ExchangeGuid: exchangeGuid,
    WhenCreated: str(u.WhenCreated),
    WhenChanged: str(pick('WhenChanged')),
    kind,
    syncState,
  };
}

function toSummary(v: unknown): RecipientSummary {
  const o = obj(v);
  return {
    Identity: str(o.Identity),
    Name: str(o.Name),
    DisplayName: str(o.DisplayName),
    SamAccountName: str(o.SamAccountName),
    UserPrincipalName: str(o.UserPrincipalName),
    Guid: str(o.Guid),
    RecipientTypeDetails: str(o.RecipientTypeDetails),
    PrimarySmtpAddress: str(o.PrimarySmtpAddress),
  };
}

type Verdict = 'applied' | 'not-applied' | 'unknown';

interface ChangeSpec {
  op: string;
  command: string;
  params: Record<string, WireInput>;
  switches?: string[];
  whatIf: boolean;
  before: Recipient;
  /** Read back after a fault: did the change take effect? */
  verdict(after: Recipient): Verdict;
  auditInput: unknown;
}

export class ExchangeService {
  private host: PsHost | null = null;
  private hostKey = '';
  private connectedGeneration = -1;
  private connectedMode: Settings['exchange']['mode'] | null = null;
  private state: SessionState;
  /** Serialises session changes (connect/disconnect) against each other. */
  private sessionLock: Promise<unknown> = Promise.resolve();
  private credentialOverride: Credential | null = null;

  constructor(private readonly deps: ExchangeDeps) {
    this.state = { state: 'disconnected', mode: deps.settings.snapshot().settings.exchange.mode, host: null, since: null, error: null };
  }

  status(): SessionState {
    return { ...this.state };
  }

  /** The PowerShell host, for diagnostics and tests. */
  get currentHost(): PsHost | null {
    return this.host;
  }

  private setState(next: Partial<SessionState>): void {
    this.state = { ...this.state, ...next };
    this.deps.events.emit('session.status', this.status());
  }

  sandboxDirectoryPath(settings: Settings): string {
    return this.deps.env.HMC_SANDBOX_DIRECTORY || settings.exchange.sandboxDirectory || join(this.deps.paths.dataDir, 'sandbox-directory.json');
  }

  private async ensureHost(settings: Settings): Promise<PsHost> {
    const ps = await this.deps.powershell.get(settings.powershell.path);
    if (!ps.found) throw new HmcError('POWERSHELL_MISSING', `${ps.reason} ${ps.hint}`);
    const key = ps.path;
    if (this.host && this.hostKey === key) return this.host;
    if (this.host) await this.host.dispose();
    this.host = new PsHost({
      executable: ps.path,
      scriptsDir: resolveScriptsDir(this.deps.paths.appRoot),
      env: this.deps.env,
      timeoutMs: settings.exchange.callTimeoutMs,
    });
    this.hostKey = key;
    this.connectedGeneration = -1;
    return this.host;
  }

  private async credentialFor(settings: Settings): Promise<Credential | null> {
    if (this.credentialOverride) return this.credentialOverride;
    const user = settings.exchange.credentialUser;
    if (!user || settings.exchange.authentication === 'Kerberos') return null;
    const password = await this.deps.secrets.get(exchangeSecretKey(user));
    return password === null ? null : { userName: user, password };
  }

  private async plan(settings: Settings): Promise<ConnectPlan> {
    if (this.deps.connectOverride) return this.deps.connectOverride(resolveScriptsDir(this.deps.paths.appRoot));
    const mode = settings.exchange.mode;
    if (mode === 'sandbox') {
      return sandboxConnect(resolveScriptsDir(this.deps.paths.appRoot), {
        directoryPath: this.sandboxDirectoryPath(settings),
        syncDelaySeconds: settings.exchange.sandboxSyncDelaySeconds,
      });
    }
    if (mode === 'snapin') return snapinConnect();
    if ((this.deps.platform ?? process.platform) !== 'win32') {
      // PowerShell on Linux and macOS has no WSMan client: New-PSSession -ConnectionUri cannot work there.
      throw new HmcError(
        'SESSION_UNREACHABLE',
        'Remote mode needs Windows: PowerShell on Linux and macOS has no WSMan client to open http://FQDN/PowerShell/. Run the console on a Windows machine, or use the sandbox here.',
      );
    }
    return remoteConnect(settings.exchange, await this.credentialFor(settings), settings.exchange.callTimeoutMs);
  }

  /** Connects (or reconnects after a new process / a settings change); returns the warnings. */
  connect(opts: { password?: string; remember?: boolean; force?: boolean } = {}): Promise<{ state: SessionState; warnings: string[] }> {
    const run = this.sessionLock.then(() => this.doConnect(opts));
    this.sessionLock = run.catch(() => undefined);
    return run;
  }

  private async doConnect(opts: { password?: string; remember?: boolean; force?: boolean }): Promise<{ state: SessionState; warnings: string[] }> {
    const settings = await this.deps.settings.get();
    const mode = settings.exchange.mode;
    if (opts.password !== undefined) {
      const user = settings.exchange.credentialUser;
      if (!user) throw new HmcError('INVALID_INPUT', 'Set exchange.credentialUser in the settings before giving a password.');
      this.credentialOverride = { userName: user, password: opts.password };
      if (opts.remember) {
        if (!this.deps.secrets.persistent) {
          throw new HmcError('SECRET_STORE_UNAVAILABLE', 'This front end keeps passwords in memory only; connect without "remember".');
        }
        await this.deps.secrets.set(exchangeSecretKey(user), opts.password);
      }
    }
    const host = await this.ensureHost(settings);
    const generation = await host.start();
    if (!opts.force && this.connectedGeneration === generation && this.connectedMode === mode && this.state.state === 'connected') {
      return { state: this.status(), warnings: [] };
    }
    this.setState({ state: 'connecting', mode, host: null, error: null });
    try {
      const plan = await this.plan(settings);
      const env = await host.call(plan.request, { timeoutMs: Math.max(settings.exchange.callTimeoutMs, 30_000) });
      if (!env.ok) throw toHmcError(env.errors, plan.request.command);
      const info = obj(env.value?.[0]);
      this.connectedGeneration = host.generation;
      this.connectedMode = mode;
      this.setState({
        state: 'connected',
        mode,
        host: str(info.Host) ?? plan.hostLabel,
        since: new Date().toISOString(),
        error: null,
      });
      return { state: this.status(), warnings: [...plan.warnings, ...env.warnings] };
    } catch (e) {
      const err = isHmcError(e) ? e : new HmcError('INTERNAL', (e as Error).message);
      this.connectedGeneration = -1;
      this.setState({ state: 'failed', mode, host: null, since: null, error: err.message });
      throw err;
    }
  }

  disconnect(): Promise<SessionState> {
    const run = this.sessionLock.then(async () => {
      const host = this.host;
      if (host?.running && this.connectedGeneration === host.generation) {
        try {
          await host.call(DISCONNECT, { timeoutMs: 15_000 });
        } catch {
          // the process is killed below anyway
        }
      }
      this.credentialOverride = null;
      this.connectedGeneration = -1;
      this.connectedMode = null;
      const settings = await this.deps.settings.get();
      this.setState({ state: 'disconnected', mode: settings.exchange.mode, host: null, since: null, error: null });
      return this.status();
    });
    this.sessionLock = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    try {
      await this.disconnect();
    } finally {
      await this.host?.dispose();
      this.host = null;
    }
  }

  /** Runs a request on a connected session; returns the envelope (errors classified by the caller). */
  private async raw(req: PsRequest, timeoutMs?: number): Promise<PsEnvelope> {
    await this.connect();
    const host = this.host!;
    const settings = await this.deps.settings.get();
    try {
      return await host.call(req, { timeoutMs: timeoutMs ?? settings.exchange.callTimeoutMs });
    } catch (e) {
      if (isHmcError(e) && (e.code === 'TIMEOUT' || e.code === 'OUTCOME_UNKNOWN' || e.code === 'POWERSHELL_FAILED')) {
        this.connectedGeneration = -1;
        this.setState({ state: 'failed', error: e.message });
      }
      throw e;
    }
  }

  /** A read: classified errors; one reconnect and retry after a lost session or a dead process. */
  private async read(req: PsRequest, timeoutMs?: number): Promise<unknown[]> {
    for (let attempt = 0; ; attempt++) {
      let env: PsEnvelope;
      try {
        env = await this.raw(req, timeoutMs);
      } catch (e) {
        if (isHmcError(e) && e.code === 'OUTCOME_UNKNOWN') {
          // A read has no outcome to lose: report the process failure as such.
          if (attempt === 0) continue;
          throw new HmcError('POWERSHELL_FAILED', 'The PowerShell process ended twice while reading; check the PowerShell installation and try again.');
        }
        throw e;
      }
      if (env.ok) return env.value ?? [];
      const err = toHmcError(env.errors, req.command);
      if (this.isSessionFault(err.code)) {
        await this.dropSession(err);
        if (attempt === 0 && err.code === 'SESSION_LOST') continue;
      }
      throw err;
    }
  }

  private isSessionFault(code: ErrorCode): boolean {
    return code === 'SESSION_LOST' || code === 'SESSION_UNREACHABLE' || code === 'SESSION_NOT_CONNECTED' || code === 'SESSION_AUTH_FAILED';
  }

  /** After a transport fault the process and its session are not trusted: start afresh next time. */
  private async dropSession(err: HmcError): Promise<void> {
    this.connectedGeneration = -1;
    await this.host?.kill();
    this.setState({ state: 'failed', host: null, error: err.message });
  }

  // ------------------------------------------------------------ reads

  async get(identity: string, timeoutMs?: number): Promise<Recipient> {
    const values = await this.read({ command: 'Get-HmcRecipientState', params: { Identity: identity } }, timeoutMs);
    if (values.length === 0) {
      throw new HmcError('RECIPIENT_NOT_FOUND', `No recipient matches ${JSON.stringify(identity)}; check the identity.`);
    }
    return toRecipient(values[0]);
  }

  async search(text: string, by: 'auto' | 'anr' | 'address', limit: number): Promise<{ by: 'anr' | 'address'; results: RecipientSummary[]; truncated: boolean }> {
    const mode: 'anr' | 'address' = by === 'auto' ? (text.includes('@') && !checkSmtpAddress(text) ? 'address' : 'anr') : by;
    let value = text;
    if (mode === 'address') {
      const problem = checkSmtpAddress(text);
      if (problem) throw new HmcError('INVALID_INPUT', problem);
      value = stripSmtpPrefix(text);
    }
    const values = await this.read({
      command: 'Find-HmcRecipient',
      params: { Text: value, By: mode, ResultSize: limit + 1 },
      select: SUMMARY_PROPS,
    });
    const results = values.map(toSummary);
    return { by: mode, results: results.slice(0, limit), truncated: results.length > limit };
  }

  // ------------------------------------------------------------ changes

  private async change(spec: ChangeSpec, caller: CallerInfo): Promise<ChangeResult> {
    const previewParams: Record<string, PreviewValue> = {};
    for (const [k, v] of Object.entries(spec.params)) {
      if (typeof v === 'string' || typeof v === 'boolean' || v === undefined) previewParams[k] = v;
    }
    const params: Record<string, WireInput> = { ...spec.params };
    if (spec.whatIf) {
      params.WhatIf = true;
      previewParams.WhatIf = true;
    }
    const switches = [...(spec.switches ?? []), 'WhatIf', 'Confirm'];
    const command = formatCommand(spec.command, previewParams, switches);
    const req: PsRequest = { command: spec.command, params };
    if (spec.whatIf) {
      const env = await this.raw(req);
      if (!env.ok) throw toHmcError(env.errors, spec.command);
      return { whatIf: true, command, before: spec.before, recipient: spec.before, warnings: env.warnings };
    }
    const auditId = await this.deps.audit.begin(spec.op, caller.door, spec.auditInput, command);
    let env: PsEnvelope;
    try {
      env = await this.raw(req);
    } catch (e) {
      if (isHmcError(e) && (e.code === 'TIMEOUT' || e.code === 'OUTCOME_UNKNOWN')) {
        throw await this.resolveUnknown(spec, e, auditId, caller);
      }
      const err = isHmcError(e) ? e : new HmcError('INTERNAL', (e as Error).message);
      await this.deps.audit.end(auditId, spec.op, caller.door, 'error', { code: err.code, message: err.message });
      throw err;
    }
    if (!env.ok) {
      const err = toHmcError(env.errors, spec.command);
      if (err.code === 'SESSION_UNREACHABLE' || err.code === 'SESSION_LOST') {
        // The request may or may not have reached Exchange before the transport failed.
        await this.dropSession(err);
        throw await this.resolveUnknown(spec, new HmcError('OUTCOME_UNKNOWN', err.message, err.details), auditId, caller);
      }
      await this.deps.audit.end(auditId, spec.op, caller.door, 'error', { code: err.code, message: err.message });
      throw err;
    }
    let after: Recipient | null;
    try {
      after = await this.get(spec.before.Guid ?? String(spec.params.Identity));
    } catch {
      after = null;
    }
    if (after && spec.verdict(after) === 'not-applied') {
      // Errors can be lost on the way back (implicit remoting): trust what Exchange shows, not the silence.
      const err = new HmcError(
        'EXCHANGE_ERROR',
        `${spec.command} returned no error, but reading the recipient back shows the change was not applied; check the recipient and Exchange's logs before trying again.`,
        { command, recipient: after },
      );
      await this.deps.audit.end(auditId, spec.op, caller.door, 'not-applied', { code: err.code, message: err.message });
      throw err;
    }
    await this.deps.audit.end(auditId, spec.op, caller.door, 'ok');
    return { whatIf: false, command, before: spec.before, recipient: after, warnings: env.warnings };
  }

  /** Reads the recipient back on a fresh process and reports what the fault left behind. Never retries the change. */
  private async resolveUnknown(spec: ChangeSpec, fault: HmcError, auditId: string, caller: CallerInfo): Promise<HmcError> {
    let verdict: Verdict;
    let after: Recipient | null = null;
    const settings = await this.deps.settings.get();
    try {
      // A fresh process is starting: give the read-back room even when the call timeout is short.
      after = await this.get(spec.before.Guid ?? String(spec.params.Identity), Math.max(settings.exchange.callTimeoutMs, 30_000));
      verdict = spec.verdict(after);
    } catch {
      verdict = 'unknown';
    }
    const what =
      verdict === 'applied'
        ? 'Reading the recipient back shows the change WAS applied; do not run it again.'
        : verdict === 'not-applied'
          ? 'Reading the recipient back shows the change was NOT applied; it is safe to try again.'
          : 'The recipient could not be read back: check it before trying again.';
    const code: ErrorCode = fault.code === 'TIMEOUT' ? 'TIMEOUT' : 'OUTCOME_UNKNOWN';
    const head = fault.message.replace(/ Whether the command took effect is unknown until the recipient is read back\.$/, '');
    await this.deps.audit.end(auditId, spec.op, caller.door, verdict === 'unknown' ? 'unknown' : verdict, { code, message: head });
    return new HmcError(code, `${head} ${what}`, { ...(obj(fault.details)), outcome: verdict, recipient: after });
  }

  private routingPolicy(settings: Settings, mode: Settings['exchange']['mode']) {
    const routingDomain = settings.exchange.routingDomain ?? (mode === 'sandbox' ? 'contoso.mail.onmicrosoft.com' : null);
    return { routingDomain, pattern: settings.exchange.routingDomainPattern };
  }

  private checkRouting(address: string, allowForeign: boolean, settings: Settings): string {
    const plain = stripSmtpPrefix(address);
    if (allowForeign) {
      const p = checkSmtpAddress(plain);
      if (p) throw new HmcError('INVALID_INPUT', p);
      return plain;
    }
    const problem = checkRoutingAddress(plain, this.routingPolicy(settings, settings.exchange.mode));
    if (problem) throw new HmcError('INVALID_INPUT', problem);
    return plain;
  }

  async enableRemote(
    input: {
      identity: string;
      routingAddress?: string;
      primarySmtpAddress?: string;
      alias?: string;
      displayName?: string;
      domainController?: string;
      allowForeignRoutingDomain: boolean;
      whatIf: boolean;
    },
    caller: CallerInfo,
  ): Promise<ChangeResult> {
    const settings = await this.deps.settings.get();
    let routing: string | undefined = input.routingAddress === undefined ? undefined : this.checkRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
    const before = await this.get(input.identity);
    if (routing === undefined) {
      const policy = this.routingPolicy(settings, settings.exchange.mode);
      if (!policy.routingDomain) {
        throw new HmcError('INVALID_INPUT', 'Give a routing address, or set exchange.routingDomain (e.g. contoso.mail.onmicrosoft.com) in the settings.');
      }
      const local = input.alias ?? aliasFrom(before.SamAccountName ?? '');
      routing = this.checkRouting(`${local}@${policy.routingDomain}`, false, settings);
    }
    const target = routing;
    return this.change(
      {
        op: 'mailbox.enableRemote',
        command: 'Enable-RemoteMailbox',
        params: {
          Identity: before.Guid ?? input.identity,
          RemoteRoutingAddress: target,
          PrimarySmtpAddress: input.primarySmtpAddress === undefined ? undefined : stripSmtpPrefix(input.primarySmtpAddress),
          Alias: input.alias,
          DisplayName: input.displayName,
          DomainController: input.domainController,
        },
        whatIf: input.whatIf,
        before,
        verdict: (after) =>
          after.kind === 'remoteMailbox' && stripSmtpPrefix(after.RemoteRoutingAddress ?? '').toLowerCase() === target.toLowerCase()
            ? 'applied'
            : after.RecipientTypeDetails === before.RecipientTypeDetails
              ? 'not-applied'
              : 'unknown',
        auditInput: input,
      },
      caller,
    );
  }

  async setHidden(input: { identity: string; hidden: boolean; whatIf: boolean }, caller: CallerInfo): Promise<ChangeResult> {
    const before = await this.requireRemote(input.identity, 'Set-RemoteMailbox');
    return this.change(
      {
        op: 'mailbox.setHidden',
        command: 'Set-RemoteMailbox',
        params: { Identity: before.Guid ?? input.identity, HiddenFromAddressListsEnabled: input.hidden },
        whatIf: input.whatIf,
        before,
        verdict: (after) => (after.HiddenFromAddressListsEnabled === input.hidden ? 'applied' : 'not-applied'),
        auditInput: input,
      },
      caller,
    );
  }

  async setRoutingAddress(
    input: { identity: string; routingAddress: string; allowForeignRoutingDomain: boolean; whatIf: boolean },
    caller: CallerInfo,
  ): Promise<ChangeResult> {
    const settings = await this.deps.settings.get();
    const routing = this.checkRouting(input.routingAddress, input.allowForeignRoutingDomain, settings);
    const before = await this.requireRemote(input.identity, 'Set-RemoteMailbox');
    return this.change(
      {
        op: 'mailbox.setRoutingAddress',
        command: 'Set-RemoteMailbox',
        params: { Identity: before.Guid ?? input.identity, RemoteRoutingAddress: routing },
        whatIf: input.whatIf,
        before,
        verdict: (after) =>
          stripSmtpPrefix(after.RemoteRoutingAddress ?? '').toLowerCase() === routing.toLowerCase() ? 'applied' : 'not-applied',
        auditInput: input,
      },
      caller,
    );
  }

  async disableRemote(input: { identity: string; whatIf: boolean }, caller: CallerInfo): Promise<ChangeResult> {
    const before = await this.requireRemote(input.identity, 'Disable-RemoteMailbox');
    return this.change(
      {
        op: 'mailbox.disableRemote',
        command: 'Disable-RemoteMailbox',
        params: { Identity: before.Guid ?? input.identity, Confirm: false },
        switches: ['Confirm'],
        whatIf: input.whatIf,
        before,
        verdict: (after) => (after.kind === 'user' ? 'applied' : after.kind === 'remoteMailbox' ? 'not-applied' : 'unknown'),
        auditInput: input,
      },
      caller,
    );
  }

  /** Set-/Disable-RemoteMailbox only see remote mailboxes; say so clearly instead of "not found". */
  private async requireRemote(identity: string, command: string): Promise<Recipient> {
    const before = await this.get(identity);
    if (before.kind !== 'remoteMailbox') {
      throw new HmcError(
        'WRONG_RECIPIENT_TYPE',
        `${command} works only on remote mailboxes, and ${before.Name ?? identity} is of type ${before.RecipientTypeDetails ?? 'unknown'}; enable it as a remote mailbox first.`,
        { recipient: before },
      );
    }
    return before;
  }

  // ------------------------------------------------------------ sandbox administration

  private async requireSandbox(): Promise<Settings> {
    const settings = await this.deps.settings.get();
    if (settings.exchange.mode !== 'sandbox') {
      throw new HmcError('INVALID_INPUT', 'This works only with the sandbox Exchange; use --sandbox or set exchange.mode to sandbox.');
    }
    return settings;
  }

  async sandboxReset(caller: CallerInfo): Promise<{ directoryPath: string; users: number }> {
    const settings = await this.requireSandbox();
    const auditId = await this.deps.audit.begin('sandbox.reset', caller.door, {}, 'Reset-SandboxDirectory');
    const env = await this.raw({ command: 'Reset-SandboxDirectory', params: {} });
    if (!env.ok) {
      const err = toHmcError(env.errors, 'Reset-SandboxDirectory');
      await this.deps.audit.end(auditId, 'sandbox.reset', caller.door, 'error', { code: err.code, message: err.message });
      throw err;
    }
    await this.deps.audit.end(auditId, 'sandbox.reset', caller.door, 'ok');
    const v = obj(env.value?.[0]);
    return { directoryPath: str(v.DirectoryPath) ?? this.sandboxDirectoryPath(settings), users: Number(v.Users ?? 0) };
  }

  async sandboxAddUser(
    input: { samAccountName: string; userPrincipalName?: string; name?: string; displayName?: string; firstName?: string; lastName?: string; type: string },
    caller: CallerInfo,
  ): Promise<Recipient> {
    await this.requireSandbox();
    const params: Record<string, WireInput> = {
      SamAccountName: input.samAccountName,
      UserPrincipalName: input.userPrincipalName,
      Name: input.name,
      DisplayName: input.displayName,
      FirstName: input.firstName,
      LastName: input.lastName,
      RecipientTypeDetails: input.type,
    };
    const preview: Record<string, PreviewValue> = {};
    for (const [k, v] of Object.entries(params)) if (typeof v === 'string') preview[k] = v;
    const auditId = await this.deps.audit.begin('sandbox.addUser', caller.door, input, formatCommand('Add-SandboxUser', preview));
    const env = await this.raw({ command: 'Add-SandboxUser', params });
    if (!env.ok) {
      const err = toHmcError(env.errors, 'Add-SandboxUser');
      await this.deps.audit.end(auditId, 'sandbox.addUser', caller.door, 'error', { code: err.code, message: err.message });
      throw err;
    }
    await this.deps.audit.end(auditId, 'sandbox.addUser', caller.door, 'ok');
    const guid = str(obj(env.value?.[0]).Guid);
    return this.get(guid ?? input.samAccountName);
  }
}
