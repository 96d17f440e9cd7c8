/**
 * Finds the PowerShell the app will use and proves it by running it: an explicit path from
 * settings, else PATH (pwsh, and powershell.exe on Windows), else the project's tools folder
 * (where `npm run setup:pwsh` installs PowerShell 7 as a .NET tool).
 */
import { spawn } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { PowerShellInfo } from '../../../shared/system/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import { killAll, taskkillTree } from './process-tree';

export const SETUP_HINT =
  'Install PowerShell 7 (https://aka.ms/powershell), or run "npm run setup:pwsh" where the .NET SDK is installed, or set powershell.path in the settings.';

export interface LocateOptions {
  explicitPath: string | null;
  toolsDir: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Where a probe that had to be killed is reported. */
  diagnostics?: Diagnostics;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    // Missing or not executable: exactly what is asked (the caller tries the next candidate or says so).
    return false;
  }
}

export function candidatePaths(opts: LocateOptions): string[] {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const names = platform === 'win32' ? ['pwsh.exe', 'powershell.exe'] : ['pwsh'];
  const dirs = (env.PATH ?? env.Path ?? '').split(platform === 'win32' ? ';' : delimiter).filter(Boolean);
  const out: string[] = [];
  for (const name of names) for (const d of dirs) out.push(join(d, name));
  out.push(join(opts.toolsDir, 'pwsh', platform === 'win32' ? 'pwsh.exe' : 'pwsh'));
  return out;
}

/**
 * Runs the candidate once. On POSIX it gets its own process group, so a timeout kills the whole
 * tree: a .NET-tool pwsh is a launcher whose real PowerShell is a child process.
 */
export function probe(path: string, timeoutMs = 30_000, diagnostics?: Diagnostics): Promise<{ edition: string; version: string }> {
  return new Promise((resolvePromise, reject) => {
    const win = process.platform === 'win32';
    const child = spawn(
      path,
      ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSEdition; $PSVersionTable.PSVersion.ToString()'],
      { windowsHide: true, detached: !win, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      if (stdout.length < 10_000) stdout += c;
    });
    const timer = setTimeout(() => {
      killProcessTree(child.pid, diagnostics);
      reject(new Error(`no answer in ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`exit code ${code}`));
      const [edition, version] = stdout.trim().split(/\r?\n/).map((x) => x.trim());
      if (!edition || !version) return reject(new Error(`unexpected answer ${JSON.stringify(stdout.slice(0, 200))}`));
      resolvePromise({ edition, version });
    });
  });
}

/** Kills a probe and what it started: its process group on POSIX (it was spawned detached), taskkill /T on Windows. */
export function killProcessTree(pid: number | undefined, diagnostics?: Diagnostics): void {
  if (!pid) return;
  if (process.platform === 'win32') {
    void taskkillTree(pid, diagnostics);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (e) {
    // No such group (the launcher already ended): kill the process itself; killAll reports anything but "already gone".
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') diagnostics?.warn(`Killing the process group of PowerShell probe ${pid} failed`, { error: (e as Error).message });
    killAll([pid], diagnostics);
  }
}

export async function locatePowerShell(opts: LocateOptions): Promise<PowerShellInfo> {
  if (opts.explicitPath) {
    if (!(await isExecutable(opts.explicitPath))) {
      return {
        found: false,
        reason: `The PowerShell set in the settings (${opts.explicitPath}) does not exist or is not executable.`,
        hint: 'Correct powershell.path in the settings, or clear it to let the app search PATH.',
      };
    }
    return runCandidate(opts.explicitPath, opts.diagnostics);
  }
  for (const candidate of candidatePaths(opts)) {
    if (await isExecutable(candidate)) return runCandidate(candidate, opts.diagnostics);
  }
  return {
    found: false,
    reason: `No PowerShell was found on PATH or in ${join(opts.toolsDir, 'pwsh')}.`,
    hint: SETUP_HINT,
  };
}

async function runCandidate(path: string, diagnostics?: Diagnostics): Promise<PowerShellInfo> {
  try {
    const { edition, version } = await probe(path, undefined, diagnostics);
    return { found: true, path, edition, version };
  } catch (e) {
    return {
      found: false,
      reason: `PowerShell at ${path} did not run (${(e as Error).message.split('\n')[0]}).`,
      hint: SETUP_HINT,
    };
  }
}

/** Caches the located PowerShell until the explicit path changes or it is invalidated. */
export class PowerShellLocator {
  private cached: { key: string; info: Promise<PowerShellInfo> } | null = null;

  constructor(
    private readonly toolsDir: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    private readonly diagnostics?: Diagnostics,
  ) {}

  get(explicitPath: string | null): Promise<PowerShellInfo> {
    const key = explicitPath ?? '';
    if (!this.cached || this.cached.key !== key) {
      const info = locatePowerShell({ explicitPath, toolsDir: this.toolsDir, env: this.env, diagnostics: this.diagnostics });
      this.cached = { key, info };
      // A failure is not cached for long: the admin may install PowerShell meanwhile.
      void info.then((i) => {
        if (!i.found) setTimeout(() => this.invalidate(), 10_000).unref();
      });
    }
    return this.cached.info;
  }

  invalidate(): void {
    this.cached = null;
  }
}
