/**
 * The console's PowerShell host: one long-lived PowerShell process driven through node-powershell,
 * with the traps of that library closed (see docs/domain.md section 5):
 * - the executable is the one the app located: NODE_POWERSHELL is removed from the child's
 *   environment and node-powershell's own setExecutable (which reads it) is overridden;
 * - node-powershell's `debug` logging is replaced by no-ops (it would print every command and
 *   output, credentials included, whenever DEBUG matches) and its `history` is emptied after every call;
 * - calls are one line (`-Command -` needs that), serialised, each with a timeout; after a timeout
 *   or a crash the process is killed and a fresh one is started for the next call;
 * - success is judged from the JSON envelope on stdout, never from stderr.
 * Never imports electron.
 */
import { execFile, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PowerShell } from 'node-powershell';
import { HmcError } from '../../../shared/errors';
import { redactText } from '../../../shared/secrets';
import { b64, buildCommandLine, parseEnvelope, type PsEnvelope, type PsRequest } from './protocol';

/** node-powershell with its executable and debug behaviour pinned. */
class PinnedPowerShell extends PowerShell {
  protected override setExecutable(opts: { executable?: string }): string {
    // node-powershell would return process.env.NODE_POWERSHELL first; we never consult it.
    if (!opts.executable) throw new Error('an explicit PowerShell executable is required');
    return opts.executable;
  }
}
const noop = Object.assign(() => undefined, { extend: () => noop, enabled: false });
// setDebuggers is private in the typings; replace it so DEBUG=* can never log commands or output.
Object.defineProperty(PinnedPowerShell.prototype, 'setDebuggers', {
  value: () => ({ comment: noop, command: noop, output: noop }),
  writable: false,
});

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
}

export interface CallOptions {
  timeoutMs?: number;
}

/** Finds the shipped PowerShell folder: out/powershell in a build, electron/powershell in the source tree. */
export function resolveScriptsDir(appRoot: string, runningFrom: string = typeof __dirname === 'string' ? __dirname : ''): string {
  // Bundled code (out/*.js) uses the copy next to it; code run from the source tree (tests, dev) uses the source.
  const bundled = runningFrom.split(/[\\/]/).includes('out');
  const built = [join(appRoot, 'out', 'powershell'), join(appRoot, 'powershell')];
  const source = [join(appRoot, 'electron', 'powershell')];
  const candidates = bundled ? [...built, ...source] : [...source, ...built];
  if (appRoot.endsWith('.asar')) candidates.unshift(join(`${appRoot}.unpacked`, 'out', 'powershell'));
  for (const c of candidates) if (existsSync(join(c, 'HmcHost', 'HmcHost.psm1'))) return c;
  throw new HmcError(
    'POWERSHELL_FAILED',
    `The console's PowerShell scripts were not found under ${appRoot}; reinstall the app or run "npm run build".`,
  );
}

/** The environment the PowerShell process gets: ours, minus node-powershell's override, plus quiet output. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  delete out.NODE_POWERSHELL;
  delete out.DEBUG;
  out.TERM = 'dumb';
  out.NO_COLOR = '1';
  out.POWERSHELL_TELEMETRY_OPTOUT = '1';
  out.POWERSHELL_UPDATECHECK = 'Off';
  return out;
}

export function executableOptions(platform: NodeJS.Platform): Record<string, string | boolean> {
  const o: Record<string, string | boolean> = { '-NoLogo': true, '-NoProfile': true, '-NonInteractive': true };
  if (platform === 'win32') o['-ExecutionPolicy'] = 'Bypass';
  return o;
}

/** The first line every new process runs: UTF-8 console, quiet preferences, the host module. */
export function initLine(hostModulePath: string): string {
  return [
    '[Console]::InputEncoding = New-Object System.Text.UTF8Encoding($false)',
    '[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false)',
    '$OutputEncoding = [Console]::OutputEncoding',
    "$ProgressPreference = 'SilentlyContinue'",
    "$ConfirmPreference = 'None'",
    "$InformationPreference = 'SilentlyContinue'",
    "$VerbosePreference = 'SilentlyContinue'",
    "$DebugPreference = 'SilentlyContinue'",
    "if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }",
    // The path is data too (an install folder may contain a quote): base64, decoded in PowerShell.
    `Import-Module -Name ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${b64(hostModulePath)}'))) -DisableNameChecking -ErrorAction Stop`,
    "[Console]::Out.WriteLine('HMC-READY ' + $PSVersionTable.PSEdition + ' ' + $PSVersionTable.PSVersion.ToString())",
  ].join('; ');
}

interface Live {
  shell: PinnedPowerShell;
  child: ChildProcess;
  exited: boolean;
  generation: number;
  /** Descendants seen after start: a launcher (e.g. the .NET tool shim of pwsh) runs PowerShell as a child. */
  tree: number[];
}

/** Process ids below `pid` (Linux /proc, else ps); empty on Windows (taskkill /T handles the tree). */
export function descendantsOf(pid: number): number[] {
  if (process.platform === 'win32') return [];
  const parentOf = new Map<number, number>();
  try {
    if (existsSync('/proc/self/stat')) {
      for (const name of readdirSync('/proc')) {
        if (!/^\d+$/.test(name)) continue;
        try {
          const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
          const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
          parentOf.set(Number(name), ppid);
        } catch {
          // the process ended meanwhile
        }
      }
    } else {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' });
      for (const line of out.split('\n')) {
        const [a, b] = line.trim().split(/\s+/).map(Number);
        if (a && b !== undefined) parentOf.set(a, b);
      }
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === p && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

function killTree(live: Live): void {
  const pid = live.child.pid;
  if (process.platform === 'win32' && pid && !live.exited) {
    execFile('taskkill', ['/PID', String(pid), '/T', '/F'], { windowsHide: true }, () => undefined);
  }
  const pids = new Set<number>([...live.tree, ...(pid ? descendantsOf(pid) : [])]);
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export class PsHost {
  private live: Live | null = null;
  private starting: Promise<Live> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private generationCounter = 0;
  private disposed = false;
  /** PowerShell edition and version of the current process, after start. */
  version: string | null = null;
  /** How many processes were started (1 + restarts). */
  starts = 0;

  constructor(private readonly opts: PsHostOptions) {}

  /** Changes with every new process: a session must be re-established when it moved. */
  get generation(): number {
    return this.live?.generation ?? 0;
  }

  get pid(): number | undefined {
    return this.live?.child.pid;
  }

  get running(): boolean {
    return Boolean(this.live && !this.live.exited);
  }

  /** Runs one request; serialised with every other call on this host. */
  call(req: PsRequest, opts: CallOptions = {}): Promise<PsEnvelope> {
    const run = this.tail.then(() => this.exec(req, opts.timeoutMs ?? this.opts.timeoutMs));
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
    await this.kill();
  }

  /** Kills the current process and its children (the next call starts a fresh one). */
  async kill(): Promise<void> {
    const live = this.live;
    if (live) await this.killLive(live);
  }

  /** The PowerShell process and the processes below it (tests simulate a crash by killing them). */
  processIds(): number[] {
    const live = this.live;
    if (!live?.child.pid) return [];
    return [live.child.pid, ...new Set([...live.tree, ...descendantsOf(live.child.pid)])];
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
    const child = (shell as unknown as { process: ChildProcess }).process;
    const live: Live = { shell, child, exited: false, generation: ++this.generationCounter, tree: [] };
    let spawnError: NodeJS.ErrnoException | null = null;
    child.once('error', (e) => {
      spawnError = e;
      live.exited = true;
    });
    child.once('exit', () => {
      live.exited = true;
    });
    this.starts++;
    const line = initLine(join(this.opts.scriptsDir, 'HmcHost', 'HmcHost.psm1'));
    let stdout = '';
    let stderr = '';
    try {
      const result = await this.withTimeout(shell.invoke(line), this.opts.startTimeoutMs ?? 60_000);
      stdout = result?.stdout?.toString('utf8') ?? '';
      stderr = result?.stderr?.toString('utf8') ?? '';
    } catch (e) {
      if (e instanceof HmcError && e.code === 'TIMEOUT') {
        await this.killLive(live);
        throw new HmcError('POWERSHELL_FAILED', 'PowerShell did not start within the time allowed; check powershell.path and try again.');
      }
      // falls through to the checks below
    } finally {
      shell.history.length = 0;
    }
    if (spawnError) {
      const code = (spawnError as NodeJS.ErrnoException).code;
      throw new HmcError(
        'POWERSHELL_MISSING',
        `PowerShell at ${this.opts.executable} could not be started (${code ?? 'error'}); check powershell.path in the settings.`,
      );
    }
    const ready = /HMC-READY (\S+) (\S+)/.exec(stdout);
    if (!ready || live.exited) {
      await this.killLive(live);
      throw new HmcError(
        'POWERSHELL_FAILED',
        `PowerShell started but could not load the console's host module (${redactText(stderr.trim().split(/\r?\n/)[0] ?? 'no output').slice(0, 300)}); reinstall the app.`,
      );
    }
    this.version = `${ready[1]} ${ready[2]}`;
    if (child.pid) live.tree = descendantsOf(child.pid);
    this.live = live;
    return live;
  }

  private async killLive(live: Live): Promise<void> {
    if (this.live === live) this.live = null;
    try {
      live.shell.history.length = 0;
    } catch {
      // ignore
    }
    // Children first: once the launcher is gone they are re-parented and harder to find.
    killTree(live);
    if (live.exited) return;
    await new Promise<void>((r) => {
      live.child.once('exit', () => r());
      try {
        live.child.kill('SIGKILL');
      } catch {
        r();
      }
      setTimeout(r, 5_000).unref();
    });
  }

  private withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
    return new Promise<T>((resolveT, reject) => {
      const timer = setTimeout(() => reject(new HmcError('TIMEOUT', 'timeout')), ms);
      p.then(
        (v) => {
          clearTimeout(timer);
          resolveT(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  }

  private async exec(req: PsRequest, timeoutMs: number): Promise<PsEnvelope> {
    const line = buildCommandLine(req);
    const live = await this.ensureLive();
    const invoked = live.shell.invoke(line);
    // The promise may settle after we gave up on it (timeout): never leave it unhandled.
    invoked.catch(() => undefined);
    let stdout: string;
    try {
      const result = await this.withTimeout(invoked, timeoutMs);
      stdout = result?.stdout?.toString('utf8') ?? '';
    } catch (e) {
      if (e instanceof HmcError && e.code === 'TIMEOUT') {
        await this.killLive(live);
        throw new HmcError(
          'TIMEOUT',
          `PowerShell did not answer ${req.command} within ${Math.round(timeoutMs / 1000)} s; the process was restarted. Check the Exchange server's load and the network, then try again.`,
          { command: req.command, timeoutMs },
        );
      }
      await this.killLive(live);
      throw new HmcError(
        'OUTCOME_UNKNOWN',
        `The PowerShell process ended while running ${req.command}; it was restarted. Whether the command took effect is unknown until the recipient is read back.`,
        { command: req.command, reason: 'process-exited' },
      );
    } finally {
      live.shell.history.length = 0;
    }
    const envelope = parseEnvelope(stdout);
    if (!envelope) {
      const exited = live.exited;
      await this.killLive(live);
      if (exited) {
        throw new HmcError(
          'OUTCOME_UNKNOWN',
          `The PowerShell process ended while running ${req.command}; it was restarted. Whether the command took effect is unknown until the recipient is read back.`,
          { command: req.command, reason: 'process-exited' },
        );
      }
      throw new HmcError(
        'POWERSHELL_FAILED',
        `PowerShell answered ${req.command} with something that is not the console's result envelope; the process was restarted. Try again; if it repeats, report it with the diagnostics.`,
        { command: req.command },
      );
    }
    return envelope;
  }
}
