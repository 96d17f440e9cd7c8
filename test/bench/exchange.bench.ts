/**
 * Exchange host speed, against the sandbox Exchange:
 * - 1,000 mailbox.get through the console (router -> service -> PowerShell host -> envelope), and
 *   the same 1,000 host calls without the router; baseline: the same 1,000 Get-HmcRecipientState
 *   calls in one plain PowerShell loop (target: ratio under 2);
 * - the pattern the original rule uses: a new PowerShell process and a new session per action.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/app/core';
import { resolveScriptsDir } from '../../electron/services/powershell/launch';
import { emit } from './lib';

const N = 1000;
const IDS = ['sean.obrien', 'remote.synced', 'remote.pending', 'onprem.mailbox', 'adele.vance', 'CORP\\alex.wilber', 'mail.user', 'zoe.boehm'];

function psQuote(s: string): string {
  return `'${s.replace(/['\u2018-\u201B]/g, '$&$&')}'`;
}

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'hmc-bench-ex-'));
  const directory = join(home, 'directory.json');
  await writeFile(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'sandbox' } }));
  const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: directory };
  const core = await createCore({ env, forceSandbox: true });
  const ctx = { door: 'test' as const };
  try {
    await core.router.invoke('session.connect', {}, ctx);
    for (let i = 0; i < 50; i++) await core.router.invoke('mailbox.get', { identity: IDS[i % IDS.length]! }, ctx);

    // Alternate the two measurements in rounds so PowerShell's warm-up and the machine's load hit both alike.
    const host = core.services.exchange.currentHost!;
    let routerTotal = 0;
    let hostTotal = 0;
    const ROUNDS = 4;
    let t0 = 0;
    for (let r = 0; r < ROUNDS; r++) {
      t0 = performance.now();
      for (let i = 0; i < N / ROUNDS; i++) await host.call({ command: 'Get-HmcRecipientState', params: { Identity: IDS[i % IDS.length]! } });
      hostTotal += performance.now() - t0;
      t0 = performance.now();
      for (let i = 0; i < N / ROUNDS; i++) await core.router.invoke('mailbox.get', { identity: IDS[i % IDS.length]! }, ctx);
      routerTotal += performance.now() - t0;
    }
    const viaRouterMs = routerTotal / N;
    const viaHostMs = hostTotal / N;

    const ps = (await core.services.powershell.get(null)) as { found: true; path: string };
    const scripts = resolveScriptsDir(core.services.paths.appRoot);
    const ids = `@(${IDS.map(psQuote).join(',')})`;
    const setup = [
      `Import-Module ${psQuote(join(scripts, 'HmcHost', 'HmcHost.psm1'))}`,
      `Import-Module ${psQuote(join(scripts, 'SandboxExchange', 'SandboxExchange.psd1'))}`,
      `Set-SandboxConfiguration -DirectoryPath ${psQuote(directory)}`,
      'Set-ADServerSettings -ViewEntireForest $true',
      `$ids = ${ids}`,
    ].join('; ');
    const loop = `${setup}; for ($i = 0; $i -lt 50; $i++) { $null = Get-HmcRecipientState -Identity $ids[$i % $ids.Count] }; $sw = [Diagnostics.Stopwatch]::StartNew(); for ($i = 0; $i -lt ${N}; $i++) { $null = Get-HmcRecipientState -Identity $ids[$i % $ids.Count] }; $sw.Elapsed.TotalMilliseconds`;
    const out = execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-Command', loop], { encoding: 'utf8', env: { ...env, TERM: 'dumb' } });
    const baselineMs = Number(out.trim().split(/\r?\n/).pop()) / N;

    emit('exchange.mailbox.get.console', viaRouterMs, 'ms/call', baselineMs, {
      callsPerSecond: Math.round(1000 / viaRouterMs),
      baselineCallsPerSecond: Math.round(1000 / baselineMs),
      calls: N,
    });
    emit('exchange.host.call', viaHostMs, 'ms/call', baselineMs, { callsPerSecond: Math.round(1000 / viaHostMs), calls: N });

    // The original rule's pattern: a new PowerShell process and a new session (module import) per action.
    const M = 8;
    const one = `${setup}; Get-HmcRecipientState -Identity 'remote.synced' | ConvertTo-Json -Depth 4 -Compress`;
    t0 = performance.now();
    for (let i = 0; i < M; i++) execFileSync(ps.path, ['-NoProfile', '-NonInteractive', '-Command', one], { encoding: 'utf8', env: { ...env, TERM: 'dumb' } });
    const perProcessMs = (performance.now() - t0) / M;
    emit('exchange.process-per-action', perProcessMs, 'ms/call', viaRouterMs, {
      callsPerSecond: Math.round((1000 / perProcessMs) * 100) / 100,
      note: 'ratio = how many times slower than the console host per mailbox.get',
      calls: M,
    });
  } finally {
    await core.dispose();
    await rm(home, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
