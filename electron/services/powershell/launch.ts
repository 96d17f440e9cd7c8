/**
 * How the console's PowerShell process is started: node-powershell pinned to the executable the app
 * located and with its debug logging off for good (README.md in this folder says why each override
 * is needed), the child's environment and options, the folder of the shipped scripts, and the first
 * line every new process runs.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PowerShell } from 'node-powershell';
import { HmcError } from '../../../shared/errors';
import { b64 } from './protocol';

/** node-powershell with its executable and debug behaviour pinned. */
export class PinnedPowerShell extends PowerShell {
  // A protected hook of the library: node-powershell's own version returns process.env.NODE_POWERSHELL first.
  protected override setExecutable(opts: { executable?: string }): string {
    if (!opts.executable) throw new Error('an explicit PowerShell executable is required');
    return opts.executable;
  }
}
const noop = Object.assign(() => undefined, { extend: () => noop, enabled: false });
// setDebuggers is private (no option turns DEBUG=* off): replaced on our subclass only, so no
// debugger ever logs a command or its output. README.md in this folder says why no public API serves.
Object.defineProperty(PinnedPowerShell.prototype, 'setDebuggers', {
  value: () => ({ comment: noop, command: noop, output: noop }),
  writable: false,
});

/**
 * Finds the shipped PowerShell folder: resources/powershell beside app.asar in a package (an extra
 * resource: PowerShell cannot read files inside the archive), out/powershell in a build,
 * electron/powershell in the source tree.
 */
export function resolveScriptsDir(appRoot: string, runningFrom: string = typeof __dirname === 'string' ? __dirname : ''): string {
  // Bundled code (out/*.js) uses the copy next to it; code run from the source tree (tests, dev) uses the source.
  const bundled = runningFrom.split(/[\\/]/).includes('out');
  const built = [join(appRoot, 'out', 'powershell'), join(appRoot, 'powershell')];
  const source = [join(appRoot, 'electron', 'powershell')];
  const candidates = bundled ? [...built, ...source] : [...source, ...built];
  if (appRoot.endsWith('.asar')) candidates.unshift(join(dirname(appRoot), 'powershell'));
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

/** A module path as PowerShell source: base64 decoded in PowerShell (an install folder may contain a quote). */
function pathExpression(path: string): string {
  return `([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${b64(path)}')))`;
}

/**
 * The first line every new process runs: UTF-8 console, quiet preferences, the host module (and
 * any extra module, its functions added to the host's allow-list), the watchdog that ends
 * PowerShell once the console process `parentPid` is gone, then the ready line with PowerShell's
 * edition, version and own process id.
 */
export function initLine(hostModulePath: string, extraModules: string[] = [], parentPid: number = process.pid): string {
  if (!Number.isSafeInteger(parentPid) || parentPid <= 0) throw new Error(`Not a process id: ${parentPid}`);
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
    `Import-Module -Name ${pathExpression(hostModulePath)} -DisableNameChecking -ErrorAction Stop`,
    ...extraModules.map(
      (m) => `Add-HmcAllowedCommand -Name @((Import-Module -Name ${pathExpression(m)} -DisableNameChecking -PassThru -ErrorAction Stop).ExportedFunctions.Keys)`,
    ),
    `Start-HmcWatchdog -ParentId ${parentPid}`,
    "[Console]::Out.WriteLine('HMC-READY ' + $PSVersionTable.PSEdition + ' ' + $PSVersionTable.PSVersion.ToString() + ' ' + $PID)",
  ].join('; ');
}
