/**
 * Dispatches argv to a command and maps the outcome to output and an exit code.
 */
import { parseArgs } from 'node:util';
import { HmcError } from '../../shared/errors';
import { createCore, type Core } from '../app/core';
import { COMMANDS } from './commands';
import { GLOBAL_OPTIONS, exitCodeFor, makeContext, usageError, type CliIo, type Command } from './framework';

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  const lines = COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`);
  return [
    'hmc: Hybrid Mailbox Console from the command line',
    '',
    'Usage:',
    ...lines,
    '',
    'Every command takes --json (one JSON document on stdout, human text on stderr).',
    'Changes ask for confirmation on a terminal; --yes skips the question.',
    '--sandbox forces the sandbox Exchange whatever the settings say.',
    'Exit codes: 0 success, 1 the operation failed, 2 bad usage or bad input.',
  ].join('\n');
}

function findCommand(words: string[]): { command: Command; rest: string[] } | null {
  let best: { command: Command; rest: string[] } | null = null;
  for (const command of COMMANDS) {
    const n = command.path.length;
    if (words.length >= n && command.path.every((w, i) => words[i] === w)) {
      if (!best || n > best.command.path.length) best = { command, rest: words.slice(n) };
    }
  }
  return best;
}

export async function runCli(argv: string[], io: CliIo, coreFactory?: (opts: { sandbox: boolean }) => Promise<Core>): Promise<number> {
  const wantsJson = argv.includes('--json');
  const fail = (e: HmcError): number => {
    if (wantsJson) io.stdout.write(`${JSON.stringify({ ok: false, error: e.toInfo() }, null, 2)}\n`);
    io.stderr.write(`hmc: ${e.message}\n`);
    return exitCodeFor(e);
  };

  const words: string[] = [];
  for (const a of argv) {
    if (a.startsWith('-')) break;
    words.push(a);
  }
  if (words.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    const found = words.length ? findCommand(words) : null;
    if (words.length === 0 && !argv.includes('--help') && !argv.includes('-h')) {
      io.stderr.write(`${helpText()}\n`);
      return 2;
    }
    io.stdout.write(`${found ? `Usage: ${found.command.usage}\n  ${found.command.summary}` : helpText()}\n`);
    return 0;
  }
  const found = findCommand(words);
  if (!found) {
    return fail(usageError(`Unknown command "${words.join(' ')}"; run "hmc --help" for the list.`));
  }
  const { command } = found;
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(command.path.length),
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return fail(usageError(`${(e as Error).message.split('\n')[0]} Usage: ${command.usage}`));
  }
  const min = command.positionals?.min ?? 0;
  const max = command.positionals?.max ?? 0;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    return fail(usageError(`Wrong number of arguments. Usage: ${command.usage}`));
  }
  const sandbox = Boolean(parsed.values.sandbox);
  const factory = coreFactory ?? ((o: { sandbox: boolean }) => createCore({ env: io.env, forceSandbox: o.sandbox }));
  const ctx = makeContext(
    { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals },
    io,
    () => factory({ sandbox }),
  );
  let core: Core | null = null;
  try {
    const result = await command.run({
      ...ctx,
      core: async () => {
        core = await ctx.core();
        return core;
      },
    });
    if (ctx.json && result.value !== undefined) io.stdout.write(`${JSON.stringify(result.value, null, 2)}\n`);
    else if (result.human !== undefined) io.stdout.write(result.human.endsWith('\n') ? result.human : `${result.human}\n`);
    if (result.failed) {
      io.stderr.write(`hmc: ${result.failed.message}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (e instanceof HmcError) return fail(e);
    // A bug in the command itself (the router logs its own): keep the stack where INTERNAL errors are explained.
    (core as Core | null)?.services.diagnostics.error(`INTERNAL error in hmc ${command.path.join(' ')}`, e);
    return fail(new HmcError('INTERNAL', `Unexpected error: ${(e as Error).message}`));
  } finally {
    if (core) await (core as Core).dispose();
  }
}
