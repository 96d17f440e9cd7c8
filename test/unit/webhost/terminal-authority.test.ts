/**
 * The hmc serve terminal as an authority, on a terminal stand-in stream: questions one at a time, y allows,
 * anything else refuses, a failed check never reaches the admin, no terminal is a sentence.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { PathRequest } from '../../../electron/core/authority';
import { TerminalAuthority } from '../../../electron/webhost/terminal-authority';

function tty(isTTY = true) {
  const input = Object.assign(new PassThrough(), { isTTY });
  const output = new PassThrough();
  let text = '';
  const waiters: Array<() => void> = [];
  output.on('data', (c: Buffer) => {
    text += c.toString();
    for (const w of waiters.splice(0)) w();
  });
  const asked = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => (text.split('Allow it? [y/N]').length - 1 >= n ? resolve() : waiters.push(check));
      check();
    });
  return { input, output, asked, text: () => text };
}

const request = (proposed: string | null, problem: string | null = null): PathRequest => ({
  label: 'PowerShell executable',
  kind: 'executable',
  use: 'the program the console runs',
  current: '/usr/bin/pwsh',
  proposed,
  check: async () => problem,
});

describe('TerminalAuthority', () => {
  it('asks one question at a time and takes y as yes, anything else as no', async () => {
    const t = tty();
    const authority = new TerminalAuthority({ input: t.input, output: t.output });
    const first = authority.choose(request('/opt/a'));
    const second = authority.choose(request('/opt/b'));
    await t.asked(1);
    expect(t.text()).toContain('proposed: /opt/a');
    expect(t.text()).not.toContain('/opt/b');
    t.input.write('y\n');
    expect(await first).toBe('/opt/a');
    await t.asked(2);
    expect(t.text()).toContain('now:      /usr/bin/pwsh');
    t.input.write('yes please\n');
    expect(await second).toBeNull();
  });

  it('never asks about a path that fails its check', async () => {
    const t = tty();
    const authority = new TerminalAuthority({ input: t.input, output: t.output });
    await expect(authority.choose(request('/nope', 'The program /nope does not exist.'))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: 'The program /nope does not exist.' });
    expect(t.text()).toBe('');
  });

  it('refuses with a sentence without a terminal, and when nothing was proposed', async () => {
    const t = tty(false);
    const authority = new TerminalAuthority({ input: t.input, output: t.output });
    await expect(authority.choose(request('/opt/a'))).rejects.toMatchObject({ code: 'PATH_NOT_ALLOWED', message: expect.stringContaining('has no terminal to confirm it on') });
    await expect(authority.choose(request(null))).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('press Propose') });
  });

  it('counts an unanswered question as no, and a page that went away as cancelled', async () => {
    const t = tty();
    const unanswered = new TerminalAuthority({ input: t.input, output: t.output, timeoutMs: 50 });
    expect(await unanswered.choose(request('/opt/a'))).toBeNull();
    expect(t.text()).toContain('No answer; nothing was changed.');
    const gone = new AbortController();
    const pending = new TerminalAuthority({ input: t.input, output: t.output }).choose(request('/opt/b'), gone.signal);
    await t.asked(2);
    gone.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
