import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { createRouter } from '../../../electron/core/router';
import type { Core } from '../../../electron/core/app';
import { defaultSettings } from '../../../shared/settings';
import type { SystemStatus } from '../../../shared/schemas/system';

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { io: { stdin: new PassThrough(), stdout, stderr, env: {} }, out: () => out, err: () => err };
}

function fakeCore(status: SystemStatus): () => Promise<Core> {
  const router = createRouter({
    'system.status': () => status,
    'settings.get': () => defaultSettings(),
    'settings.update': (s: unknown) => s,
  } as never);
  return async () => ({ router, services: {} as Core['services'], dispose: async () => {} });
}

const status: SystemStatus = {
  appVersion: '0.1.0',
  exchangeMode: 'sandbox',
  sandbox: true,
  powershell: { found: false, reason: 'No PowerShell was found on PATH.', hint: 'Install PowerShell 7.' },
  settings: { path: '/tmp/s.json', problem: null },
  dataDir: '/tmp',
  platform: 'linux',
  session: { state: 'disconnected', mode: 'sandbox', host: null, since: null, error: null },
};

describe('hmc CLI frame', () => {
  it('--help lists the commands and exits 0', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toBe(0);
    expect(t.out()).toContain('hmc status');
    expect(t.out()).toContain('hmc serve');
  });

  it('no command is bad usage: exit 2', async () => {
    const t = io();
    expect(await runCli([], t.io)).toBe(2);
  });

  it('an unknown command exits 2 with a sentence; --json puts the envelope on stdout', async () => {
    const t = io();
    expect(await runCli(['frobnicate', '--json'], t.io)).toBe(2);
    expect(JSON.parse(t.out())).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.err()).toMatch(/hmc --help/);
  });

  it('an unknown option exits 2', async () => {
    const t = io();
    expect(await runCli(['status', '--frob'], t.io, fakeCore(status))).toBe(2);
    expect(t.err()).toMatch(/Unknown option/);
  });

  it('status --json with no PowerShell: one JSON document, exit 1, how-to on stderr', async () => {
    const t = io();
    expect(await runCli(['status', '--json'], t.io, fakeCore(status))).toBe(1);
    expect(JSON.parse(t.out())).toEqual(status);
    expect(t.err()).toContain('Install PowerShell 7.');
  });

  it('status without --json prints human text on stdout', async () => {
    const t = io();
    const found = { ...status, powershell: { found: true as const, path: '/x/pwsh', edition: 'Core', version: '7.6.9' } };
    expect(await runCli(['status'], t.io, fakeCore(found))).toBe(0);
    expect(t.out()).toContain('PowerShell:    Core 7.6.9 at /x/pwsh');
    expect(t.out()).toContain('SANDBOX');
    expect(t.err()).toBe('');
  });

  it('serve refuses a bad port with exit 2', async () => {
    const t = io();
    expect(await runCli(['serve', '--port', 'abc'], t.io, fakeCore(status))).toBe(2);
  });
});
