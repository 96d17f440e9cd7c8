/**
 * One replay process: the folder (C: of the replayed script, the IQService folder with the script and
 * the stand-in Utils.dll, the events file), the pwsh process with $env:Request/Result/Application, and
 * the rule's timeout enforced as IQService enforces it: the process tree is killed. The clock starts
 * when the harness hands over to the script (its own set-up does not count against the rule).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplayFaults } from '../../../shared/rules/schemas';
import { childEnv, executableOptions } from '../powershell/launch';
import { killProcessTree } from '../powershell/locate';
import { readEvents } from './events';
import type { SeedSpec } from './request';

export const IQSERVICE_DIR = 'C:\\Program Files\\SailPoint\\IQService';
const OUTPUT_CAP = 64 * 1024;
/** The harness's own set-up (module import, stand-in compile on first use) must finish within this. */
const SETUP_ALLOWANCE_MS = 120_000;

export interface ReplayRun {
  pwsh: string;
  scriptsDir: string;
  folder: string;
  env: NodeJS.ProcessEnv;
  scriptText: string;
  timeoutSeconds: number;
  request: string;
  result: string | null;
  application: string;
  faults: ReplayFaults;
  seed: SeedSpec | null;
  credential: { path: string; user: string } | null;
  /** Folders that exist on the IQService host (the log viewer's sources): created on the replay's C:. */
  folders: string[];
  sandboxDirectory: string;
  syncDelaySeconds: number;
  standInCache: string;
  smtpPort: number;
  signal?: AbortSignal;
}

export interface RawReplay {
  exitCode: number | null;
  killed: boolean;
  /** The harness did not hand over to the script (set-up failed or hung). */
  harnessFailed: string | null;
  startedAt: Date;
  durationMs: number;
  /** ms from the script's start to the process end, when the script started. */
  ruleMs: number | null;
  stdout: string;
  stderr: string;
  driveRoot: string;
  iqserviceDir: string;
  scriptFile: string;
  resultFile: string;
  eventsFile: string;
}

/** C:\a\b -> <driveRoot>/a/b (the replay's C: drive). */
export function windowsToReal(driveRoot: string, windowsPath: string): string {
  return join(driveRoot, ...windowsPath.replace(/^[A-Za-z]:[\\/]*/, '').split(/[\\/]+/).filter(Boolean));
}

async function ruleStartAt(eventsFile: string): Promise<number | null> {
  const text = await readFile(eventsFile, 'utf8').catch(() => '');
  const m = /"kind":"rule-start"[^\n]*/.exec(text) ?? /[^\n]*"kind":"rule-start"/.exec(text);
  if (!m) return null;
  const at = /"at":(\d+)/.exec(m[0]);
  return at ? Number(at[1]) : Date.now();
}

function capped(chunks: Buffer[], size: { n: number }, c: Buffer): void {
  if (size.n >= OUTPUT_CAP) return;
  chunks.push(c.subarray(0, OUTPUT_CAP - size.n));
  size.n += c.length;
}

export async function runReplay(r: ReplayRun): Promise<RawReplay> {
  const driveRoot = join(r.folder, 'drive', 'C');
  const iqserviceDir = windowsToReal(driveRoot, IQSERVICE_DIR);
  const guid = randomUUID();
  const scriptFile = join(iqserviceDir, `Script_${guid}.ps1`);
  const resultWindows = `${IQSERVICE_DIR}\\Result_${guid}.xml`;
  const eventsFile = join(r.folder, 'events.jsonl');
  const tmp = join(r.folder, 'tmp');
  await mkdir(iqserviceDir, { recursive: true });
  await mkdir(tmp, { recursive: true });
  await writeFile(scriptFile, r.scriptText, 'utf8');
  await writeFile(eventsFile, '');
  const config = {
    // Paths the script and its Add-Type see are C:\ paths: they resolve through the replay's C: drive.
    script: `${IQSERVICE_DIR}\\Script_${guid}.ps1`,
    resultPath: resultWindows,
    driveRoot,
    iqserviceDir: IQSERVICE_DIR,
    events: eventsFile,
    standIn: { source: join(r.scriptsDir, 'Replay', 'SailPointUtils.cs'), cache: r.standInCache, copy: join(iqserviceDir, 'Utils.dll'), mapped: `${IQSERVICE_DIR}\\Utils.dll` },
    sandbox: { module: join(r.scriptsDir, 'SandboxExchange', 'SandboxExchange.psd1'), directory: r.sandboxDirectory, syncDelaySeconds: r.syncDelaySeconds },
    smtp: { host: '127.0.0.1', port: r.smtpPort },
    faults: r.faults.hosts,
    sessionOpenDelayMs: r.faults.sessionOpenDelayMs,
    cmdletDelayMs: r.faults.cmdletDelayMs,
    cmdletDelayNames: r.faults.cmdletDelayNames,
    transportFailures: r.faults.transportFailures,
    seed: r.seed,
    credential: r.credential,
    folders: r.folders,
    // The replay ends with the console that started it (the host's watchdog), so a killed console leaves no rule running.
    watchdog: { script: join(r.scriptsDir, 'HmcHost', 'Private', 'Watchdog.ps1'), parentPid: process.pid },
  };
  const configPath = join(r.folder, 'replay.json');
  await writeFile(configPath, JSON.stringify(config, null, 2), 'utf8');

  const env = childEnv(r.env);
  for (const k of Object.keys(env)) if (/^(HMC_SANDBOX_|HMC_REPLAY_)/.test(k) || /^(Request|Result|Application)$/i.test(k)) delete env[k];
  env.Request = r.request;
  if (r.result !== null) env.Result = r.result;
  env.Application = r.application;
  env.HMC_REPLAY_EVENTS = eventsFile;
  env.TEMP = tmp;
  env.TMP = tmp;

  const opts = executableOptions(process.platform);
  const args = [...Object.keys(opts).filter((k) => k !== '-ExecutionPolicy'), ...(opts['-ExecutionPolicy'] ? ['-ExecutionPolicy', 'Bypass'] : [])];
  const startedAt = new Date();
  const child = spawn(r.pwsh, [...args, '-File', join(r.scriptsDir, 'Replay', 'Start-HmcReplay.ps1'), '-ConfigPath', configPath], {
    cwd: iqserviceDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const outSize = { n: 0 };
  const errSize = { n: 0 };
  child.stdout.on('data', (c: Buffer) => capped(out, outSize, c));
  child.stderr.on('data', (c: Buffer) => capped(err, errSize, c));

  let killed = false;
  let harnessFailed: string | null = null;
  let ruleStart: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  const limitMs = r.timeoutSeconds * 1000;
  const kill = () => killProcessTree(child.pid);
  const watch = async (): Promise<void> => {
    ruleStart ??= await ruleStartAt(eventsFile);
    const now = Date.now();
    if (ruleStart === null) {
      if (now - startedAt.getTime() > limitMs + SETUP_ALLOWANCE_MS) {
        harnessFailed = `The replay harness did not start the script within ${Math.round((limitMs + SETUP_ALLOWANCE_MS) / 1000)} s.`;
        kill();
        return;
      }
      timer = setTimeout(() => void watch(), 200);
      return;
    }
    if (now >= ruleStart + limitMs) {
      killed = true;
      kill();
      return;
    }
    timer = setTimeout(() => void watch(), Math.min(ruleStart + limitMs - now, 60_000));
  };
  const onAbort = () => {
    harnessFailed = 'The replay was cancelled (the caller went away).';
    kill();
  };
  r.signal?.addEventListener('abort', onAbort, { once: true });
  void watch();

  const exitCode = await new Promise<number | null>((resolve) => {
    child.once('error', (e) => {
      harnessFailed = `PowerShell could not be started (${e.message}).`;
      resolve(null);
    });
    child.once('close', (code) => resolve(code));
  });
  if (timer) clearTimeout(timer);
  r.signal?.removeEventListener('abort', onAbort);
  const end = Date.now();
  ruleStart ??= await ruleStartAt(eventsFile);
  if (ruleStart === null && !harnessFailed) {
    const said = (await readEvents(eventsFile)).find((e) => e.kind === 'harness-error');
    harnessFailed = typeof said?.message === 'string' ? said.message : 'The replay harness stopped before it started the script (see its error output).';
  }
  return {
    exitCode: killed ? null : exitCode,
    killed,
    harnessFailed,
    startedAt,
    durationMs: end - startedAt.getTime(),
    ruleMs: ruleStart === null ? null : Math.max(0, end - ruleStart),
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    driveRoot,
    iqserviceDir,
    scriptFile,
    resultFile: windowsToReal(driveRoot, resultWindows),
    eventsFile,
  };
}
