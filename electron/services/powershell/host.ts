/**
 * The console's PowerShell host: one long-lived PowerShell process driven through node-powershell,
 * with the traps of that library closed (see README.md in this folder for each use of it that its
 * public API does not cover, and docs/domain.md section 5):
 * - the executable is the one the app located, debug logging is off for good (./launch.ts), and
 *   node-powershell's `history` is emptied after every call;
 * - calls are one line (`-Command -` needs that), serialised, each with a timeout; after a timeout
 *   or a crash the whole process tree is killed and a fresh process is started for the next call;
 * - success is judged from the JSON envelope on stdout, never from stderr.
 * Starts, timeouts, deaths and kills are written to the diagnostics log. Never imports electron.
 */
import { join } from 'node:path';
import { InvocationError, ProcessError, type InvocationResult } from 'node-powershell';
import { HmcError, type ErrorCode } from '../../../shared/errors';
import { redactText } from '../../../shared/secrets';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';
import { buildCommandLine, parseEnvelope, type PsEnvelope, type PsRequest } from './protocol';
import { PinnedPowerShell, childEnv, executableOptions, initLine } from './launch';
import { descendantsIn, killAll, launcherOf, processTable, taskkillTree } from './process-tree';

// The connectivity checks' session layer imports it from here with PsHost.
export { resolveScriptsDir } from './launch';

/**
 * A call that failed in the process rather than in PowerShell: what happened (`what`) and what
 * follows (`next`, e.g. that a change's outcome is open), kept apart so a caller that settles the
 * outcome (by reading the recipient back) can say so instead of `next`.
 */
export class PsFault extends HmcError {
  constructor(
    code: ErrorCode,
    readonly what: string,
    readonly next: string,
    details: Record<string, unknown>,
  ) {
    super(code, `${what} ${next}`, details);
  }
}

/** The outcome of a command whose process ended under it. */
export const OUTCOME_OPEN = 'Whether the command took effect is unknown until the recipient is read back.';

export interface PsHostOptions {
  executable: string;
  /** Folder holding HmcHost/ and SandboxExchange/. */
  scriptsDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Default per-call timeout. */
  timeoutMs: number;
  /** Timeout for starting the process and loading the host module. */
  startTimeoutMs?: number;
  /** Where starts, restarts and kills are logged. */
  diagnostics?: Diagnostics;
  /**
   * Test laboratory only: more PowerShell modules imported at start, whose exported functions
   * requests may then call (e.g. test/support's SSH remoting lab).
   */
  extraModules?: string[];
}

export interface CallOptions {
  timeoutMs?: number;
}

interface Live {
  shell: PinnedPowerShell;
  generation: number;
  /** PowerShell's own process id ($PID, from the ready line): the process that runs the commands. */
  psPid: number | null;
  /** The process between this one and PowerShell, when the executable is a launcher (the .NET tool shim of pwsh). */
  launcherPid: number | null;
  /** Set once the process is known to have ended (or is being killed). */
  exited: boolean;
}

/** What the host knows about a call's process after node-powershell settled it. */
type Settled = { result: InvocationResult } | { ended: ProcessError | InvocationError | Error };

export class PsHost {
  private live: Live | null = null;
  private starting: Promise<Live> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private generationCounter = 0;
  private disposed = false;
  /** Why the previous process ended, for the next start's diagnostics line. */
  private lastEnd: string | null = null;
  private readonly diagnostics: Diagnostics;
  /** How many processes were started (1 + restarts). */
  starts = 0;

  constructor(private readonly opts: PsHostOptions) {
    this.diagnostics = opts.diagnostics ?? NO_DIAGNOSTICS;
  }

  /** Changes with every new process: a session must be re-established when it moved. */
  get generation(): number {
    return this.live?.generation ?? 0;
  }

  /** PowerShell's process id (the one running the commands). */
  get pid(): number | undefined {
    return this.live?.psPid ?? undefined;
  }

  get running(): boolean {
    return Boolean(this.live && !this.live.exited);
  }

  /** Runs one request; serialised with every other call on this host. */
  call(req: PsRequest, opts: CallOptions = {}): Promise<PsEnvelope> {
    const run = this.tail.then(() => this.exec(req, opts.timeoutMs ?? this.opts.timeoutMs));
    // The caller gets this call's failure through `run`; the queue goes on with the next call.
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Makes sure a process is running (serialised like a call); returns its generation. */
  start(): Promise<number> {
    const run = this.tail.then(async () => (await this.ensureLive()).generation);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.kill('the console is shutting down');
  }

  /** Kills the current process tree (the next call starts a fresh one); `reason` goes to the diagnostics. */
  async kill(reason = 'asked to'): Promise<void> {
    const live = this.live;
    if (live) await this.killLive(live, reason);
  }

  /** The launcher (if any), PowerShell and the processes below it (tests simulate a crash by killing them). */
  async processIds(): Promise<number[]> {
    const live = this.live;
    if (!live?.psPid) return [];
    const table = await processTable(this.diagnostics);
    const launcher = launcherOf(table, live.psPid) ?? live.launcherPid;
    return [...(launcher ? [launcher] : []), live.psPid, ...descendantsIn(table, live.psPid)];
  }

  private async ensureLive(): Promise<Live> {
    if (this.disposed) throw new HmcError('POWERSHELL_FAILED', 'The PowerShell host was shut down; restart the console.');
    if (this.live && !this.live.exited) return this.live;
    this.live = null;
    this.starting ??= this.spawn().finally(() => {
      this.starting = null;
    });
    return this.starting;
  }

  /**
   * Waits for an invocation, at most `ms`: its result, how its process ended, or 'timeout'. The
   * invocation is always handled, also when it settles after the timeout (the kill ends it).
   */
  private async settle(invoked: Promise<InvocationResult>, ms: number): Promise<Settled | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    try {
      return await Promise.race([
        invoked.then(
          (result): Settled => ({ result }),
          (e: unknown): Settled => ({ ended: e instanceof Error ? e : new Error(String(e)) }),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async spawn(): Promise<Live> {
    const platform = this.opts.platform ?? process.platform;
    let shell: PinnedPowerShell;
    try {
      shell = new PinnedPowerShell({
        executable: this.opts.executable,
        executableOptions: executableOptions(platform),
        spawnOptions: { env: childEnv(this.opts.env ?? process.env), windowsHide: true },
        throwOnInvocationError: false,
        debug: false,
      });
    } catch (e) {
      throw new HmcError('POWERSHELL_MISSING', `PowerShell could not be started (${(e as Error).message}); check powershell.path in the settings.`);
    }
    const live: Live = { shell, generation: ++this.generationCounter, psPid: null, launcherPid: null, exited: false };
    this.starts++;
    const line = initLine(join(this.opts.scriptsDir, 'HmcHost', 'HmcHost.psm1'), this.opts.extraModules);
    const settled = await this.settle(shell.invoke(line), this.opts.startTimeoutMs ?? 60_000);
    shell.history.length = 0;
    if (settled === 'timeout') {
      await this.killLive(live, 'it did not start in time');
      throw new HmcError('POWERSHELL_FAILED', 'PowerShell did not start within the time allowed; check powershell.path and try again.');
    }
    if ('ended' in settled) {
      live.exited = true;
      const cause = settled.ended instanceof ProcessError ? (settled.ended.originalError as NodeJS.ErrnoException | undefined) : undefined;
      if (cause?.code) {
        // The executable could not be run at all (spawn's error: ENOENT, EACCES, ...).
        this.diagnostics.error('PowerShell could not be started', cause, { executable: this.opts.executable });
        throw new HmcError(
          'POWERSHELL_MISSING',
          `PowerShell at ${this.opts.executable} could not be started (${cause.code}); check powershell.path in the settings.`,
        );
      }
    }
    const stdout = 'result' in settled ? (settled.result.stdout?.toString('utf8') ?? '') : '';
    const stderr = 'result' in settled ? (settled.result.stderr?.toString('utf8') ?? '') : '';
    const ready = /HMC-READY (\S+) (\S+) (\d+)/.exec(stdout);
    if (!ready || live.exited) {
      const first = redactText(stderr.trim().split(/\r?\n/)[0] || 'no output').slice(0, 300);
      await this.killLive(live, 'it could not load the host module');
      this.diagnostics.error('PowerShell started but could not load the host module', undefined, { executable: this.opts.executable, stderr: first });
      throw new HmcError('POWERSHELL_FAILED', `PowerShell started but could not load the console's host module (${first}); reinstall the app.`);
    }
    live.psPid = Number(ready[3]);
    live.launcherPid = launcherOf(await processTable(this.diagnostics), live.psPid);
    this.diagnostics.info(this.lastEnd ? 'PowerShell restarted' : 'PowerShell started', {
      generation: live.generation,
      version: `${ready[1]} ${ready[2]}`,
      pid: live.psPid,
      ...(live.launcherPid ? { launcherPid: live.launcherPid } : {}),
      ...(this.lastEnd ? { after: this.lastEnd } : {}),
    });
    this.live = live;
    return live;
  }

  /** Kills PowerShell, everything below it and the launcher in front of it; waits (at most 5 s) for the exit. */
  private async killLive(live: Live, reason: string): Promise<void> {
    if (this.live === live) this.live = null;
    const wasRunning = !live.exited;
    live.exited = true;
    live.shell.history.length = 0;
    this.lastEnd = reason;
    if (wasRunning) this.diagnostics.info('Killing the PowerShell process tree', { generation: live.generation, pid: live.psPid, reason });
    // Without a process id (a start that failed) only the spawned process is killed; a PowerShell
    // below a launcher then ends at the end of its input, having run no command of ours.
    if (live.psPid) {
      // Read the tree before killing anything: once PowerShell is gone its children are re-parented and harder to find.
      const table = await processTable(this.diagnostics);
      const below = descendantsIn(table, live.psPid);
      if ((this.opts.platform ?? process.platform) === 'win32') await taskkillTree(live.psPid, this.diagnostics);
      killAll([...below, live.psPid, ...(live.launcherPid ? [live.launcherPid] : [])], this.diagnostics);
    }
    // node-powershell's own kill of the process it spawned; it rejects with ProcessError once that
    // process ended by a signal, which is what was asked for here.
    const exited = live.shell.dispose('SIGKILL').then(
      () => true,
      (e: unknown) => e instanceof ProcessError || this.logDisposeFailure(e),
    );
    const waited = await Promise.race([exited, new Promise<false>((r) => setTimeout(() => r(false), 5_000).unref())]);
    if (!waited) this.diagnostics.warn('The PowerShell process did not exit within 5 s of being killed', { generation: live.generation, pid: live.psPid });
  }

  private logDisposeFailure(e: unknown): boolean {
    this.diagnostics.error('Disposing the PowerShell process failed', e);
    return true;
  }

  private processEnded(live: Live, req: PsRequest, cause: string): PsFault {
    this.diagnostics.warn('The PowerShell process ended during a call; the next call starts a new one', {
      command: req.command,
      generation: live.generation,
      pid: live.psPid,
      cause,
    });
    return new PsFault('OUTCOME_UNKNOWN', `The PowerShell process ended while running ${req.command}; it was restarted.`, OUTCOME_OPEN, {
      command: req.command,
      reason: 'process-exited',
    });
  }

  private async exec(req: PsRequest, timeoutMs: number, retried = false): Promise<PsEnvelope> {
    const line = buildCommandLine(req);
    const live = await this.ensureLive();
    const settled = await this.settle(live.shell.invoke(line), timeoutMs);
    live.shell.history.length = 0;
    if (settled === 'timeout') {
      this.diagnostics.warn('A PowerShell call timed out; killing its process tree, the next call starts a new process', {
        command: req.command,
        timeoutMs,
        generation: live.generation,
        pid: live.psPid,
      });
      await this.killLive(live, `${req.command} timed out`);
      throw new PsFault(
        'TIMEOUT',
        `PowerShell did not answer ${req.command} within ${Math.round(timeoutMs / 1000)} s; the process was restarted.`,
        "Check the Exchange server's load and the network, then try again.",
        { command: req.command, timeoutMs },
      );
    }
    if ('ended' in settled) {
      if (settled.ended instanceof InvocationError && !retried) {
        // With throwOnInvocationError off this is node-powershell's "invoke called after process
        // exited": the process had ended between calls and nothing was sent. Start afresh and send it.
        this.diagnostics.warn('The PowerShell process had ended between calls; starting a new one', { generation: live.generation, pid: live.psPid });
        await this.killLive(live, 'it ended between calls');
        return this.exec(req, timeoutMs, true);
      }
      const fault = this.processEnded(live, req, settled.ended.message.trim().split('\n')[0] ?? 'ended');
      await this.killLive(live, `it ended while running ${req.command}`);
      throw fault;
    }
    // node-powershell leaves stdout unset when the process exited (with code 0) during the call.
    if (settled.result.stdout === undefined) {
      const fault = this.processEnded(live, req, 'exited normally');
      await this.killLive(live, `it exited while running ${req.command}`);
      throw fault;
    }
    const envelope = parseEnvelope(settled.result.stdout.toString('utf8'));
    if (!envelope) {
      this.diagnostics.error('PowerShell answered without a result envelope; restarting it', undefined, { command: req.command, generation: live.generation });
      await this.killLive(live, `${req.command} answered without an envelope`);
      throw new HmcError(
        'POWERSHELL_FAILED',
        `PowerShell answered ${req.command} with something that is not the console's result envelope; the process was restarted. Try again; if it repeats, the details are in the diagnostics log (${this.diagnostics.path}).`,
        { command: req.command },
      );
    }
    return envelope;
  }
}
