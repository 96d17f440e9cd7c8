/**
 * Runs `hmc` in-process, as the built CLI would, with stdout and stderr captured and stdin
 * ended (holding `stdin` when given, e.g. a document for `plan inspect -`).
 */
import { PassThrough } from 'node:stream';
import { runCli } from '../../electron/cli/run';
import type { Core } from '../../electron/app/core';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

export async function runHmc(
  argv: string[],
  opts: { env: NodeJS.ProcessEnv; stdin?: string | Buffer; core?: (o: { sandbox: boolean }) => Promise<Core> },
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(opts.stdin);
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCli(argv, { stdin, stdout, stderr, env: opts.env }, opts.core);
  return { code, out, err };
}
