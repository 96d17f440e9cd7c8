import { HmcError } from '../../../shared/errors';
import { startWebHost } from '../../webhost/server';
import { TerminalAuthority } from '../../webhost/terminal-authority';
import type { Command } from '../framework';

export const serveCommands: Command[] = [
  {
    path: ['serve'],
    usage: 'hmc serve [--port N]',
    summary: 'Serve the console on 127.0.0.1 (browser UI and HTTP API); --port 0 picks a free port.',
    options: { port: { type: 'string', default: '0' } },
    async run(ctx) {
      const port = Number(ctx.args.values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) {
        throw new HmcError('INVALID_INPUT', `--port must be a number from 0 to 65535, not "${String(ctx.args.values.port)}".`);
      }
      const core = await ctx.core();
      // A path the page proposes is confirmed on this terminal, never taken from the page.
      core.services.authorities.set('http', new TerminalAuthority({ input: ctx.io.stdin, output: ctx.io.stderr }));
      // A served console is long-lived: PowerShell and the Exchange session start now, so the first look-up finds them warm.
      core.services.exchange.warmUp();
      // The alert rules run while the console is served: browser notifications, and mail when SMTP is set.
      await core.services.notify.watch({});
      const host = await startWebHost({ core, port });
      const url = host.url;
      if (ctx.json) ctx.io.stdout.write(`${JSON.stringify({ url, port: host.port })}\n`);
      else ctx.io.stdout.write(`Hybrid Mailbox Console is at ${url}\n(open it in a browser; the token after # is this launch's key. Ctrl+C stops.)\n`);
      await ctx.keepAlive();
      await host.close();
      return { value: undefined };
    },
  },
];
