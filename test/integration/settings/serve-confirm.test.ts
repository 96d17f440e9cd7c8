/**
 * The built `hmc serve` as a child process: a path the page proposes is set only when y is typed on the
 * terminal hmc serve runs in. The terminal is a real pseudo-terminal (util-linux `script`), so the
 * authority's default (process.stdin as a TTY) is what is tested; without a terminal the change is
 * refused with a sentence.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const hmc = join(root, 'bin', 'hmc.js');
const hasScript = existsSync('/usr/bin/script');

interface Served {
  child: ChildProcess;
  output: () => string;
  /** Resolves once the output holds `text` `count` times. */
  waitFor(text: string, count?: number): Promise<void>;
  call(name: string, body: unknown): Promise<{ ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } }>;
}

const started: ChildProcess[] = [];

afterEach(() => {
  // Only what this file started: the process group of each child (script and the hmc under it).
  for (const c of started.splice(0)) {
    if (c.pid && c.exitCode === null) process.kill(-c.pid, 'SIGTERM');
  }
});

async function serve(home: string, viaTerminal: boolean): Promise<Served> {
  const env = { ...process.env, HMC_HOME: home, NO_COLOR: '1' };
  const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(hmc)} serve --port 0`;
  const child = viaTerminal
    ? spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    : spawn(process.execPath, [hmc, 'serve', '--port', '0'], { env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let out = '';
  const waiters: Array<() => void> = [];
  const onData = (c: Buffer) => {
    out += c.toString();
    for (const w of waiters.splice(0)) w();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const waitFor = (text: string, count = 1) =>
    new Promise<void>((resolve) => {
      const check = () => (out.split(text).length - 1 >= count ? resolve() : waiters.push(check));
      check();
    });
  await waitFor('/#token=');
  const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]+)/.exec(out);
  if (!m) throw new Error(`no address in: ${out}`);
  const [, port, token] = m;
  return {
    child,
    output: () => out,
    waitFor,
    async call(name, body) {
      const res = await fetch(`http://127.0.0.1:${port}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await res.json()) as never;
    },
  };
}

function newHome(): { home: string; pwsh: string; outside: string } {
  const home = mkdtempSync(join(tmpdir(), 'hmc-serve-confirm-'));
  const pwsh = join(home, 'pwsh');
  writeFileSync(pwsh, '#!/bin/sh\n', { mode: 0o755 });
  const outside = join(home, 'chosen.log');
  writeFileSync(outside, '2025-03-04 10:00:00:: INFO :: chosen by the admin\n');
  return { home, pwsh, outside };
}

describe.skipIf(!hasScript)('hmc serve on a terminal', () => {
  it('sets a proposed path on y, leaves it on n, and allows a confirmed log file for the launch', async () => {
    const { home, pwsh, outside } = newHome();
    const s = await serve(home, true);

    const yes = s.call('settings.choosePath', { key: 'powershell.path', proposed: pwsh });
    await s.waitFor('Allow it? [y/N]');
    expect(s.output()).toContain('PowerShell executable');
    expect(s.output()).toContain(`proposed: ${pwsh}`);
    s.child.stdin!.write('y\r');
    expect(await yes).toMatchObject({ ok: true, value: { chosen: pwsh } });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).powershell.path).toBe(pwsh);

    const no = s.call('settings.choosePath', { key: 'exchange.sandboxDirectory', proposed: join(home, 'other-directory.json') });
    await s.waitFor('Allow it? [y/N]', 2);
    s.child.stdin!.write('n\r');
    expect(await no).toMatchObject({ ok: true, value: { chosen: null } });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).exchange.sandboxDirectory).toBeNull();

    // A log file outside every source: refused until the admin confirms it on the terminal.
    expect(await s.call('logs.parse', { path: outside })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    const allow = s.call('logs.allow', { proposed: outside });
    await s.waitFor('Allow it? [y/N]', 3);
    s.child.stdin!.write('y\r');
    expect(await allow).toMatchObject({ ok: true, value: { path: outside } });
    const parsed = await s.call('logs.parse', { path: outside });
    expect(parsed.ok).toBe(true);
    expect(JSON.stringify(parsed.value)).toContain('chosen by the admin');
  }, 60_000);
});

describe('hmc serve without a terminal', () => {
  it('refuses a proposed path with a sentence and changes nothing', async () => {
    const { home, pwsh } = newHome();
    const s = await serve(home, false);
    const r = await s.call('settings.choosePath', { key: 'powershell.path', proposed: pwsh });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    expect(r.error?.message).toContain('hmc serve has no terminal to confirm it on');
    expect(existsSync(join(home, 'settings.json'))).toBe(false);
  }, 60_000);
});
