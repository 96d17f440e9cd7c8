/**
 * A front door of its own for the multi-process tests: one process that builds the console's core
 * (the composition root, as the CLI does) on the data folder in HMC_HOME and makes changes through
 * the router, one after the other: `HMC_WORKER_USERS` sandbox users named `<HMC_WORKER_PREFIX><n>`
 * added, then each enabled. Prints one JSON line: how many changes succeeded and the errors.
 * Bundled by the test with esbuild and run with node, so every worker is a real, separate process
 * with its own PowerShell.
 */
import { createCore } from '../../electron/app/core';

async function main(): Promise<void> {
  const prefix = process.env.HMC_WORKER_PREFIX ?? 'w';
  const users = Number(process.env.HMC_WORKER_USERS ?? '1');
  const core = await createCore({ env: process.env, forceSandbox: true });
  const ctx = { door: 'cli' as const };
  const errors: string[] = [];
  let ok = 0;
  const attempt = async (what: () => Promise<unknown>): Promise<void> => {
    try {
      await what();
      ok++;
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  };
  try {
    for (let i = 1; i <= users; i++) await attempt(() => core.router.invoke('sandbox.addUser', { samAccountName: `${prefix}${i}` }, ctx));
    for (let i = 1; i <= users; i++) {
      await attempt(() => core.router.invoke('mailbox.enableRemote', { identity: `${prefix}${i}`, routingAddress: `${prefix}${i}@contoso.mail.onmicrosoft.com` }, ctx));
    }
  } finally {
    await core.dispose();
  }
  process.stdout.write(`${JSON.stringify({ ok, errors })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`worker failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 1;
});
