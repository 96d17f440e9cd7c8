/**
 * Node entry for the web host alone (out/webhost.js): `node out/webhost.js [port]`.
 * `hmc serve` does the same through the CLI.
 */
import { createCore } from '../app/core';
import { startWebHost } from './server';
import { TerminalAuthority } from './terminal-authority';

async function main(): Promise<void> {
  const core = await createCore();
  // PowerShell and the Exchange session start now, so the first look-up finds them warm.
  core.services.exchange.warmUp();
  await core.services.notify.watch({});
  // A path the page proposes is confirmed on this terminal, never taken from the page.
  core.services.authorities.set('http', new TerminalAuthority());
  const host = await startWebHost({ core, port: Number(process.argv[2] ?? 0) });
  process.stdout.write(`Hybrid Mailbox Console is at ${host.url}\n`);
  const stop = async () => {
    await host.close();
    await core.dispose();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((e: unknown) => {
  process.stderr.write(`hmc web host: ${(e as Error).message}\n`);
  process.exit(1);
});
