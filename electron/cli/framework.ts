/**
 * The CLI's frame: argument parsing (node:util parseArgs), the --json contract (exactly one
 * JSON document on stdout, human text on stderr), exit codes (0 ok, 1 operation failed,
 * 2 bad usage or input) and confirmation of changes on a terminal.
 */
import { createInterface } from 'node:readline/promises';
import { readFile } from 'node:fs/promises';
import type { ParseArgsConfig } from 'node:util';
import { HmcError, INPUT_ERROR_CODES } from '../../shared/errors';
import type { Core } from '../app/core';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface CliIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface CliContext {
  args: CommandArgs;
  json: boolean;
  yes: boolean;
  io: CliIo;
  /** The core, created on first use (so `--help` never starts services). */
  core(): Promise<Core>;
  /** Human text: stdout normally, stderr under --json. */
  say(text: string): void;
  /** Always stderr. */
  warn(text: string): void;
  /** Asks on a terminal unless --yes; without a terminal (scripts) answers yes. */
  confirm(question: string): Promise<boolean>;
  /** Asks for a secret on a terminal without echoing it; null without a terminal. */
  askSecret(question: string): Promise<string | null>;
  /** Reads a file argument; "-" reads stdin. */
  readInput(pathOrDash: string): Promise<Buffer>;
  /** Registers cleanup for long-running commands. */
  keepAlive(): Promise<void>;
}

export interface CommandResult {
  /** The operation's value: printed as JSON under --json. */
  value: unknown;
  /** Human rendering of the value (stdout without --json). */
  human?: string;
  /** Exit 1 even though a value is printed (e.g. status with no PowerShell). */
  failed?: { message: string };
}

export interface Command {
  path: string[];
  usage: string;
  summary: string;
  options?: OptionSpec;
  positionals?: { min: number; max: number };
  run(ctx: CliContext): Promise<CommandResult>;
}

export const GLOBAL_OPTIONS: OptionSpec = {
  json: { type: 'boolean', default: false },
  yes: { type: 'boolean', short: 'y', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  sandbox: { type: 'boolean', default: false },
};

export function usageError(message: string): HmcError {
  return new HmcError('INVALID_INPUT', message);
}

export function exitCodeFor(e: HmcError): 1 | 2 {
  return INPUT_ERROR_CODES.has(e.code) ? 2 : 1;
}

export function makeContext(
  args: CommandArgs,
  io: CliIo,
  coreFactory: () => Promise<Core>,
): CliContext {
  const json = Boolean(args.values.json);
  const yes = Boolean(args.values.yes);
  let core: Promise<Core> | null = null;
  return {
    args,
    json,
    yes,
    io,
    core() {
      core ??= coreFactory();
      return core;
    },
    say(text) {
      (json ? io.stderr : io.stdout).write(text.endsWith('\n') ? text : `${text}\n`);
    },
    warn(text) {
      io.stderr.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    async confirm(question) {
      if (yes || !io.stdin.isTTY) return true;
      const rl = createInterface({ input: io.stdin, output: io.stderr });
      try {
        const answer = await rl.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        rl.close();
      }
    },
    async askSecret(question) {
      if (!io.stdin.isTTY) return null;
      const rl = createInterface({ input: io.stdin, output: io.stderr, terminal: true });
      let muted = false;
      // readline echoes what is typed through _writeToOutput: silence it while the secret is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (!muted) io.stderr.write(s);
      };
      try {
        io.stderr.write(question);
        muted = true;
        return await rl.question('');
      } finally {
        muted = false;
        io.stderr.write('\n');
        rl.close();
      }
    },
    async readInput(pathOrDash) {
      if (pathOrDash === '-') {
        const chunks: Buffer[] = [];
        for await (const c of io.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
        return Buffer.concat(chunks);
      }
      try {
        return await readFile(pathOrDash);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new HmcError('FILE_NOT_FOUND', `The file ${pathOrDash} does not exist; check the path.`);
        throw new HmcError('FILE_UNREADABLE', `The file ${pathOrDash} could not be read (${code ?? (e as Error).message}).`);
      }
    },
    keepAlive() {
      return new Promise((resolveKeep) => {
        const stop = () => resolveKeep();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    },
  };
}
