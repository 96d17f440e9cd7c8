/**
 * Rule replay cost: one replay of the generated after-create rule through the console
 * (folder, SMTP capture, pwsh with the harness: C: mapped, events, report) against, in the same run, a
 * plain `pwsh -NoProfile -File` of the same script with the same stand-in Utils.dll and environment
 * variables, and none of the harness. Target: ratio at most 1.5.
 * The Exchange host is "localhost": the plain run's port check is refused at once (no DNS, no Exchange),
 * so the comparable replay is the one whose host is down too (rules.replay.same-path: both runs take the
 * same path through the script). rules.replay.enable is a replay that does the work (sandbox session,
 * read, enable, read back, with before/after snapshots), against the same plain run, for scale.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createCore } from '../../electron/app/core';
import { emit, median } from './lib';

const run = promisify(execFile);
const ROUNDS = 3;
const FIX = join(__dirname, '..', '..', 'test', 'fixtures', 'iqservice');

async function main(): Promise<void> {
  const home = await mkdtemp(join(tmpdir(), 'hmc-bench-rules-'));
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({ version: 1, exchange: { mode: 'sandbox', hosts: ['localhost'], routingDomain: 'corpexample.mail.onmicrosoft.com', sandboxSyncDelaySeconds: 0 } }),
  );
  const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'sandbox-directory.json') };
  const core = await createCore({ env, forceSandbox: true });
  const ctx = { door: 'test' as const };
  try {
    const request = await readFile(join(FIX, 'rules', 'joiner-create.xml'), 'utf8');
    const result = await readFile(join(FIX, 'service-result-created-on-server.xml'), 'utf8');
    const application = '<Map><entry key="exchangeSettings"><value><List><Map><entry key="ExchHost"><value><List><String>localhost</String></List></value></entry></Map></List></value></entry></Map>';
    const script = (await core.router.invoke('rule.generate', { kind: 'after-create' }, ctx)).script;
    const ps = (await core.services.powershell.get(null)) as { found: true; path: string };

    const replayOnce = async (i: number, down: boolean) => {
      const user = `bench${i}${down ? 'd' : ''}`;
      const t0 = performance.now();
      const r = await core.router.invoke(
        'rule.replay',
        {
          kind: 'after-create',
          request: { text: request.replaceAll('aobrien', user).replaceAll('ana.obrien', user).replaceAll('Ana O', `${user} O`) },
          result: { text: result },
          application: { text: application },
          seed: !down,
          faults: { hosts: down ? { localhost: 'down' } : {} },
        },
        ctx,
      );
      const ms = performance.now() - t0;
      const want = down ? 'failed' : 'changed';
      if (r.resultLine?.outcome !== want) throw new Error(`the replay did not end ${want}: ${JSON.stringify(r.resultLine)} ${r.stderr.slice(0, 500)}`);
      return { ms, folder: r.folder, ruleMs: r.durationMs };
    };

    // Warm-up: compiles the stand-in once (cached per user) and warms pwsh's caches.
    const warm = await replayOnce(0, false);
    await replayOnce(0, true);
    const plain = join(home, 'plain');
    await mkdir(plain, { recursive: true });
    await copyFile(join(warm.folder, 'drive', 'C', 'Program Files', 'SailPoint', 'IQService', 'Utils.dll'), join(plain, 'Utils.dll'));
    await writeFile(join(plain, 'Script.ps1'), script);
    const plainEnv: NodeJS.ProcessEnv = { ...env, Request: request, Result: result, Application: application, TERM: 'dumb', POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' };
    const plainOnce = async () => {
      const t0 = performance.now();
      await run(ps.path, ['-NoProfile', '-NonInteractive', '-File', join(plain, 'Script.ps1'), join(plain, 'result.xml')], { cwd: plain, env: plainEnv }).catch((e: { code?: number }) => {
        // The plain run has no Exchange behind "localhost": the rule reports the failure and exits 1, as it should.
        if (e.code !== 1) throw e;
      });
      return performance.now() - t0;
    };
    await plainOnce();

    const same: number[] = [];
    const enables: number[] = [];
    const rules: number[] = [];
    const plains: number[] = [];
    // Alternated, so the machine's load hits all three alike.
    for (let i = 1; i <= ROUNDS; i++) {
      same.push((await replayOnce(i, true)).ms);
      plains.push(await plainOnce());
      const e = await replayOnce(i, false);
      enables.push(e.ms);
      rules.push(e.ruleMs);
    }
    const baseline = median(plains);
    emit('rules.replay.same-path', median(same), 'ms/replay', baseline, {
      rounds: ROUNDS,
      target: 1.5,
      note: 'replay with its Exchange host down vs pwsh -NoProfile -File of the same script, same stand-in and environment, no harness: the same path through the script',
    });
    emit('rules.replay.enable', median(enables), 'ms/replay', baseline, {
      rounds: ROUNDS,
      ruleMs: Math.round(median(rules)),
      note: 'a replay that enables the mailbox (sandbox session, snapshots) vs the same plain run, which cannot reach an Exchange',
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
