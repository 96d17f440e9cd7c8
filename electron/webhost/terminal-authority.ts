/**
 * The web host's path authority: a path the page proposes is set only when the admin answers y on the
 * terminal `hmc serve` runs in (its TTY, not the browser). Without a terminal (a service, input from a
 * pipe) nothing can be confirmed, so the change is refused with a sentence. Questions are asked one at a
 * time; one left unanswered for `timeoutMs` counts as no.
 */
import { createInterface } from 'node:readline/promises';
import { HmcError } from '../../shared/errors';
import type { PathAuthority, PathRequest } from '../core/authority';

export interface TerminalAuthorityOptions {
  /** Where answers come from: the process' own stdin unless a test gives a stream. */
  input?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the question goes: stderr (stdout carries the address and, with --json, one document). */
  output?: NodeJS.WritableStream;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5 * 60_000;

export class TerminalAuthority implements PathAuthority {
  readonly where = 'on the hmc serve terminal';
  private readonly input: NodeJS.ReadableStream & { isTTY?: boolean };
  private readonly output: NodeJS.WritableStream;
  private readonly timeoutMs: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: TerminalAuthorityOptions = {}) {
    this.input = opts.input ?? process.stdin;
    this.output = opts.output ?? process.stderr;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  async choose(req: PathRequest, signal?: AbortSignal): Promise<string | null> {
    const proposed = req.proposed;
    if (!proposed) {
      throw new HmcError('INVALID_INPUT', `Type the ${req.label} in the field and press Propose; the change is then confirmed on the hmc serve terminal.`);
    }
    const problem = await req.check(proposed);
    if (problem) throw new HmcError('INVALID_INPUT', problem);
    if (!this.input.isTTY) {
      throw new HmcError(
        'PATH_NOT_ALLOWED',
        `The ${req.label} was not changed: hmc serve has no terminal to confirm it on (its input is not a terminal). ` +
          'Start "hmc serve" in a terminal and propose it again, or run "hmc config set" on a terminal.',
      );
    }
    const asked = this.queue.then(() => this.ask(req, proposed, signal));
    // The next question waits for this one, whatever its outcome.
    this.queue = asked.catch(() => undefined);
    return asked;
  }

  private async ask(req: PathRequest, proposed: string, signal?: AbortSignal): Promise<string | null> {
    if (signal?.aborted) throw new HmcError('CANCELLED', `The page went away before the ${req.label} was confirmed; nothing was changed.`);
    const rl = createInterface({ input: this.input, output: this.output, terminal: true });
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), this.timeoutMs);
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    // The terminal is in raw mode while asking: Ctrl+C still stops hmc serve.
    rl.on('SIGINT', () => {
      ac.abort();
      process.kill(process.pid, 'SIGINT');
    });
    const current = req.current ? `\n  now:      ${req.current}` : '';
    try {
      const answer = await rl.question(
        `\nThe browser page asks to set the ${req.label} (${req.use}).${current}\n  proposed: ${proposed}\nAllow it? [y/N] `,
        { signal: ac.signal },
      );
      const yes = /^y(es)?$/i.test(answer.trim());
      this.output.write(yes ? 'Allowed.\n' : 'Refused; nothing was changed.\n');
      return yes ? proposed : null;
    } catch (e) {
      if (!ac.signal.aborted) throw e;
      this.output.write('\nNo answer; nothing was changed.\n');
      if (signal?.aborted) throw new HmcError('CANCELLED', `The page went away before the ${req.label} was confirmed; nothing was changed.`);
      return null;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      rl.close();
    }
  }
}
