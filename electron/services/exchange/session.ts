/**
 * The Exchange session: the one PowerShell host of the console, and the session on it (remote,
 * snapin or sandbox) with its state as every door shows it. Everything sent to Exchange goes
 * through `send` (a connected session, any call) or `read` (classified errors; one reconnect and
 * retry after a lost session or a dead process). Changes are never retried here.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { HmcError, isHmcError, type ErrorCode } from '../../../shared/errors';
import type { ConnectInput, ConnectOutput, SessionState } from '../../../shared/exchange/schemas';
import { redactText } from '../../../shared/secrets';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import type { EventBus } from '../../core/events';
import type { AppPaths } from '../../core/paths';
import { toHmcError } from '../powershell/classify';
import { PsHost } from '../powershell/host';
import { resolveScriptsDir } from '../powershell/launch';
import type { PowerShellLocator } from '../powershell/locate';
import type { PsEnvelope, PsRequest } from '../powershell/protocol';
import { DISCONNECT, remoteConnect, sandboxConnect, snapinConnect, type ConnectPlan, type Credential } from '../powershell/scripts';
import { exchangeSecretKey, type SecretStore } from '../secrets/store';
import type { SettingsStore } from '../settings/store';
import { obj, str } from './values';

export interface SessionDeps {
  paths: AppPaths;
  settings: SettingsStore;
  events: EventBus;
  powershell: PowerShellLocator;
  secrets: SecretStore;
  diagnostics: Diagnostics;
  env: NodeJS.ProcessEnv;
  /** Test laboratory only: replaces the connect plan (e.g. the sandbox behind SSH remoting). */
  connectOverride?: (scriptsDir: string) => ConnectPlan;
  /** Test laboratory only: more PowerShell modules the host loads at start (see PsHostOptions.extraModules). */
  hostModules?: string[];
  /** For tests: the platform whose rules apply (remote mode needs Windows). */
  platform?: NodeJS.Platform;
}

const SESSION_FAULTS: ReadonlySet<ErrorCode> = new Set(['SESSION_LOST', 'SESSION_UNREACHABLE', 'SESSION_NOT_CONNECTED', 'SESSION_AUTH_FAILED']);

export class ExchangeSession {
  private host: PsHost | null = null;
  private hostKey = '';
  private connectedGeneration = -1;
  private connectedMode: Settings['exchange']['mode'] | null = null;
  private state: SessionState;
  /** Serialises session changes (connect/disconnect) against each other. */
  private sessionLock: Promise<unknown> = Promise.resolve();
  private credentialOverride: Credential | null = null;

  constructor(private readonly deps: SessionDeps) {
    this.state = { state: 'disconnected', mode: deps.settings.snapshot().settings.exchange.mode, host: null, since: null, error: null };
  }

  status(): SessionState {
    return { ...this.state };
  }

  /** The PowerShell host, for diagnostics and tests. */
  get currentHost(): PsHost | null {
    return this.host;
  }

  settings(): Promise<Settings> {
    return this.deps.settings.get();
  }

  private setState(next: Partial<SessionState>): void {
    const { step: _previous, ...rest } = { ...this.state, ...next };
    // The step belongs to the connecting state only.
    this.state = rest.state === 'connecting' && next.step ? { ...rest, step: next.step } : rest;
    this.deps.events.emit('session.status', this.status());
  }

  sandboxDirectoryPath(settings: Settings): string {
    return this.deps.env.HMC_SANDBOX_DIRECTORY || settings.exchange.sandboxDirectory || join(this.deps.paths.dataDir, 'sandbox-directory.json');
  }

  private async ensureHost(settings: Settings): Promise<PsHost> {
    const ps = await this.deps.powershell.get(settings.powershell.path);
    if (!ps.found) throw new HmcError('POWERSHELL_MISSING', `${ps.reason} ${ps.hint}`);
    if (this.host && this.hostKey === ps.path) return this.host;
    if (this.host) await this.host.dispose();
    this.host = new PsHost({
      executable: ps.path,
      scriptsDir: resolveScriptsDir(this.deps.paths.appRoot),
      env: this.deps.env,
      timeoutMs: settings.exchange.callTimeoutMs,
      diagnostics: this.deps.diagnostics,
      extraModules: this.deps.hostModules,
    });
    this.hostKey = ps.path;
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
    const scriptsDir = resolveScriptsDir(this.deps.paths.appRoot);
    if (this.deps.connectOverride) return this.deps.connectOverride(scriptsDir);
    const mode = settings.exchange.mode;
    if (mode === 'sandbox') {
      return sandboxConnect(scriptsDir, { directoryPath: this.sandboxDirectoryPath(settings), syncDelaySeconds: settings.exchange.sandboxSyncDelaySeconds });
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
  connect(input: z.output<typeof ConnectInput> = { remember: false, force: false }): Promise<z.output<typeof ConnectOutput>> {
    const run = this.sessionLock.then(() => this.doConnect(input));
    // The caller gets this connect's failure through `run`; the lock only orders the next one after it.
    this.sessionLock = run.catch(() => undefined);
    return run;
  }

  private async doConnect(input: z.output<typeof ConnectInput>): Promise<z.output<typeof ConnectOutput>> {
    const settings = await this.deps.settings.get();
    const mode = settings.exchange.mode;
    if (input.password !== undefined) {
      const user = settings.exchange.credentialUser;
      if (!user) throw new HmcError('INVALID_INPUT', 'Set exchange.credentialUser in the settings before giving a password.');
      this.credentialOverride = { userName: user, password: input.password };
      if (input.remember) {
        if (!this.deps.secrets.persistent) {
          throw new HmcError('SECRET_STORE_UNAVAILABLE', 'This front end keeps passwords in memory only; connect without "remember".');
        }
        await this.deps.secrets.set(exchangeSecretKey(user), input.password);
      }
    }
    // Finding PowerShell and starting its process take the first seconds: say so while they run.
    if (!this.host?.running) this.setState({ state: 'connecting', step: 'powershell', mode, host: null, error: null });
    let host: PsHost;
    let generation: number;
    try {
      host = await this.ensureHost(settings);
      generation = await host.start();
    } catch (e) {
      const err = isHmcError(e) ? e : this.unexpected('Starting PowerShell', e);
      this.setState({ state: 'failed', mode, host: null, since: null, error: err.message });
      throw err;
    }
    if (!input.force && this.connectedGeneration === generation && this.connectedMode === mode && this.state.state === 'connected') {
      return { state: this.status(), warnings: [] };
    }
    this.setState({ state: 'connecting', step: 'exchange', mode, host: null, error: null });
    try {
      const plan = await this.plan(settings);
      const env = await host.call(plan.request, { timeoutMs: Math.max(settings.exchange.callTimeoutMs, 30_000) });
      if (!env.ok) throw toHmcError(env.errors, plan.request.command);
      const info = obj(env.value?.[0]);
      this.connectedGeneration = host.generation;
      this.connectedMode = mode;
      this.setState({ state: 'connected', mode, host: str(info.Host) ?? plan.hostLabel, since: new Date().toISOString(), error: null });
      return { state: this.status(), warnings: [...plan.warnings, ...env.warnings] };
    } catch (e) {
      const err = isHmcError(e) ? e : this.unexpected('Connecting the Exchange session', e);
      this.connectedGeneration = -1;
      this.setState({ state: 'failed', mode, host: null, since: null, error: err.message });
      throw err;
    }
  }

  /** An exception that is not the console's own: logged with its stack, reported as INTERNAL pointing at the log. */
  private unexpected(what: string, e: unknown): HmcError {
    this.deps.diagnostics.error(`${what} failed unexpectedly`, e);
    const message = redactText(e instanceof Error ? e.message : String(e));
    return new HmcError('INTERNAL', `${what} failed unexpectedly (${message}); the details are in the diagnostics log (${this.deps.diagnostics.path}).`);
  }

  /**
   * Opens the session in the background (the desktop app and the web host at start), so the first
   * look-up finds it warm. A failure is the session's state (every window shows it) and the first
   * call tries again; it is logged here because nobody awaits this.
   */
  /** Opens the session in the background; true once it is open, false when it could not be (logged). */
  warmUp(): Promise<boolean> {
    return this.connect().then(
      () => true,
      (e: unknown) => {
        this.deps.diagnostics.warn('The Exchange session did not open at start; the first call tries again', {
          error: e instanceof Error ? e.message : String(e),
        });
        return false;
      },
    );
  }

  disconnect(): Promise<SessionState> {
    const run = this.sessionLock.then(async () => {
      const host = this.host;
      if (host?.running && this.connectedGeneration === host.generation) {
        try {
          await host.call(DISCONNECT, { timeoutMs: 15_000 });
        } catch (e) {
          // Remove-PSSession did not answer: the process (and its session) goes with the next kill or
          // dispose; a session left on the server expires there. Say so in the diagnostics.
          this.deps.diagnostics.warn('Disconnecting the Exchange session failed; the session is dropped here and expires on the server', {
            error: e instanceof Error ? e.message : String(e),
          });
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
  async send(req: PsRequest, timeoutMs?: number): Promise<PsEnvelope> {
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
  async read(req: PsRequest, timeoutMs?: number): Promise<unknown[]> {
    for (let attempt = 0; ; attempt++) {
      let env: PsEnvelope;
      try {
        env = await this.send(req, timeoutMs);
      } catch (e) {
        if (isHmcError(e) && e.code === 'OUTCOME_UNKNOWN') {
          // A read has no outcome to lose: run it once more on the fresh process, then report the process failure as such.
          if (attempt === 0) continue;
          throw new HmcError('POWERSHELL_FAILED', 'The PowerShell process ended twice while reading; check the PowerShell installation and try again.');
        }
        throw e;
      }
      if (env.ok) return env.value ?? [];
      const err = toHmcError(env.errors, req.command);
      if (SESSION_FAULTS.has(err.code)) {
        await this.dropSession(err);
        if (attempt === 0 && err.code === 'SESSION_LOST') continue;
      }
      throw err;
    }
  }

  /** After a transport fault the process and its session are not trusted: start afresh next time. */
  async dropSession(err: HmcError): Promise<void> {
    this.connectedGeneration = -1;
    await this.host?.kill(`the Exchange session failed (${err.code})`);
    this.setState({ state: 'failed', host: null, error: err.message });
  }
}
