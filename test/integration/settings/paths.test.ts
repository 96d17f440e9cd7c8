/**
 * Path settings through the real web host (HTTP on 127.0.0.1 with its token) and the CLI: settings.update
 * never takes a new path from a caller, settings.choosePath asks the door's authority, and validation
 * refuses what does not hold together, naming the field.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import type { PathAuthority, PathRequest } from '../../../electron/core/authority';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';
import { PATH_KEYS, type PathKey } from '../../../shared/settings/paths';
import type { Settings } from '../../../shared/settings/schema';
import { runHmc } from '../../support/cli';

let core: Core;
let host: WebHost;
let home: string;
/** Real files and folders each path setting may name. */
let pwsh: string;
let caFile: string;
let logFolder: string;

async function api(name: string, body: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; details?: { issues?: Array<{ path: string[]; message: string }> } } }> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as never;
}

function withPath(s: Settings, key: PathKey, value: string): Settings {
  switch (key) {
    case 'powershell.path':
      return { ...s, powershell: { path: value } };
    case 'exchange.sandboxDirectory':
      return { ...s, exchange: { ...s.exchange, sandboxDirectory: value } };
    case 'logs.sources[].folder':
      return { ...s, logs: { ...s.logs, sources: [...s.logs.sources, { name: 'Evil', folder: value, pattern: 'x.log', enabled: true }] } };
    case 'connectivity.extraCaFiles':
      return { ...s, connectivity: { ...s.connectivity, extraCaFiles: [value] } };
  }
}

/** A stand-in for a door's authority: answers as told and records what it was asked. */
class ScriptedAuthority implements PathAuthority {
  readonly where = 'in the test';
  asked: PathRequest[] = [];
  constructor(public answer: (req: PathRequest) => string | null) {}
  async choose(req: PathRequest) {
    this.asked.push(req);
    return this.answer(req);
  }
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hmc-paths-'));
  pwsh = join(home, 'bin', 'pwsh');
  mkdirSync(join(home, 'bin'));
  writeFileSync(pwsh, '#!/bin/sh\n', { mode: 0o755 });
  caFile = join(home, 'corp-ca.pem');
  writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\n');
  logFolder = join(home, 'logs');
  mkdirSync(logFolder);
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
  host = await startWebHost({ core, port: 0, rendererDir: home });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
});

describe('settings.update never takes a path setting from the caller', () => {
  const values = (): Record<PathKey, string> => ({
    'powershell.path': '/bin/sh',
    'exchange.sandboxDirectory': '/etc/hmc-overwritten.json',
    'logs.sources[].folder': '/etc',
    'connectivity.extraCaFiles': '/etc/passwd',
  });

  it.each(PATH_KEYS)('%s through the web API: refused with how to set it, the file untouched', async (key) => {
    const before = (await api('settings.get', {})).value as Settings;
    const r = await api('settings.update', withPath(before, key, values()[key]));
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('PATH_NOT_ALLOWED');
    expect(r.error?.message).toContain(`hmc config set ${key} VALUE`);
    expect(r.error?.message).toContain('Change…');
    expect(r.error?.details?.issues?.[0]?.path.slice(0, 2)).toEqual(key === 'logs.sources[].folder' ? ['logs', 'sources'] : key.split('.').slice(0, 2));
    expect(await api('settings.get', {})).toEqual({ ok: true, value: before });
  });

  it.each(PATH_KEYS)('%s at the CLI door: refused the same way', async (key) => {
    const before = await core.router.invoke('settings.get', {}, { door: 'cli' });
    const r = await core.router.call('settings.update', withPath(before, key, values()[key]), { door: 'cli' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
  });

  it('takes the rest of the settings, and a path it already holds or one removed', async () => {
    const before = (await api('settings.get', {})).value as Settings;
    const r = await api('settings.update', { ...before, logs: { ...before.logs, sources: before.logs.sources.slice(1) }, ui: { theme: 'dark' } });
    expect(r.ok).toBe(true);
    expect((r.value as Settings).ui.theme).toBe('dark');
  });
});

describe('settings.choosePath asks the door authority', () => {
  it('saves what a confirming authority chose, never what the page proposed unless it confirmed it', async () => {
    const authority = new ScriptedAuthority((req) => req.proposed);
    core.services.authorities.set('http', authority);
    const r = await api('settings.choosePath', { key: 'powershell.path', proposed: pwsh });
    expect(r).toMatchObject({ ok: true, value: { chosen: pwsh } });
    expect(authority.asked[0]).toMatchObject({ label: 'PowerShell executable', kind: 'executable', proposed: pwsh });
    expect(JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8')).powershell.path).toBe(pwsh);
  });

  it('changes nothing when the authority says no', async () => {
    core.services.authorities.set('http', new ScriptedAuthority(() => null));
    const before = (await api('settings.get', {})).value as Settings;
    const r = await api('settings.choosePath', { key: 'connectivity.extraCaFiles', proposed: caFile });
    expect(r).toMatchObject({ ok: true, value: { chosen: null } });
    expect((r.value as { message: string }).message).toMatch(/not changed/);
    expect(await api('settings.get', {})).toEqual({ ok: true, value: before });
  });

  it('adds a log source with the chosen folder, and refuses a folder that is a file with a sentence', async () => {
    const authority = new ScriptedAuthority((req) => req.proposed);
    core.services.authorities.set('http', authority);
    const added = await api('settings.choosePath', { key: 'logs.sources[].folder', proposed: logFolder, add: { name: 'Chosen', pattern: '{yyyy}-{MM}-{dd}.log', enabled: true } });
    expect(added.ok).toBe(true);
    expect((added.value as { settings: Settings }).settings.logs.sources.at(-1)).toEqual({ name: 'Chosen', folder: logFolder, pattern: '{yyyy}-{MM}-{dd}.log', enabled: true });
    authority.answer = () => caFile;
    const r = await api('settings.choosePath', { key: 'logs.sources[].folder', source: 'Chosen' });
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: `${caFile} is a file, not a folder; choose the folder it is in.` } });
  });

  it('a door without an authority cannot choose a path, and says how', async () => {
    const r = await core.router.call('settings.choosePath', { key: 'powershell.path', proposed: pwsh }, { door: 'ipc' });
    expect(r).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    expect(!r.ok && r.error.message).toContain('hmc config set');
  });
});

describe('hmc config set', () => {
  const env = () => ({ ...process.env, HMC_HOME: home });
  const withCore = () => async () => core;

  it('sets a path setting from the command line after checking it', async () => {
    const r = await runHmc(['config', 'set', 'connectivity.extraCaFiles', caFile, '--yes'], { env: env(), core: withCore() });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect((await core.router.invoke('settings.get', {}, { door: 'test' })).connectivity.extraCaFiles).toContain(caFile);
  });

  it('refuses a program that is not there with a sentence and exit 2', async () => {
    const r = await runHmc(['config', 'set', 'powershell.path', join(home, 'nope', 'pwsh'), '--yes'], { env: env(), core: withCore() });
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not exist; check the path');
  });

  it('sets any other key through validation, naming what is wrong', async () => {
    const ok = await runHmc(['config', 'set', 'exchange.routingDomain', 'contoso.mail.onmicrosoft.com'], { env: env(), core: withCore() });
    expect(ok.code).toBe(0);
    const bad = await runHmc(['config', 'set', 'exchange.hosts', 'exch01.corp.example.org, not a host'], { env: env(), core: withCore() });
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('"not a host" is not a host name');
  });
});

describe('validation at the field', () => {
  it.each([
    ['a host that is not a name', (s: Settings) => ({ ...s, exchange: { ...s.exchange, hosts: ['exch 01!'] } }), ['exchange', 'hosts', '0'], 'is not a host name'],
    ['a routing domain that is not a domain', (s: Settings) => ({ ...s, exchange: { ...s.exchange, routingDomain: 'not a domain' } }), ['exchange', 'routingDomain'], 'routing domain'],
    ['remote mode with no hosts', (s: Settings) => ({ ...s, exchange: { ...s.exchange, mode: 'remote' as const, hosts: [] } }), ['exchange', 'hosts'], 'Remote mode needs at least one'],
    ['a template without {sam}', (s: Settings) => ({ ...s, exchange: { ...s.exchange, routingAddressTemplate: 'all@{routingDomain}' } }), ['exchange', 'routingAddressTemplate'], 'must contain {sam}'],
    ['a template outside the routing domain', (s: Settings) => ({ ...s, exchange: { ...s.exchange, routingAddressTemplate: '{sam}@contoso.com' } }), ['exchange', 'routingAddressTemplate'], 'not in the routing domain'],
    ['a log pattern that leaves its folder', (s: Settings) => ({ ...s, logs: { ...s.logs, sources: [{ name: 'x', folder: s.logs.sources[0]!.folder, pattern: '../../etc/passwd', enabled: true }] } }), ['logs', 'sources', '0', 'pattern'], 'must be a file name inside the folder'],
  ])('refuses %s through the web API, at its field', async (_what, change, path, words) => {
    const before = (await api('settings.get', {})).value as Settings;
    const r = await api('settings.update', change(before));
    expect(r.ok).toBe(false);
    expect(r.error?.code).toBe('INVALID_INPUT');
    expect(r.error?.message).toContain(words);
    expect(r.error?.details?.issues?.map((i) => i.path)).toContainEqual(path);
    expect(await api('settings.get', {})).toEqual({ ok: true, value: before });
  });
});
