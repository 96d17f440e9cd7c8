/**
 * Which log files a page may read, through the real web host: files in a configured source's folder (by
 * their real path), files the admin allowed this launch; not /etc/passwd, not a link out of a source
 * folder. A folder gets a sentence from every door. A path on the command line stays allowed.
 */
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import type { PathAuthority } from '../../../electron/core/authority';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';
import { runHmc } from '../../support/cli';

let core: Core;
let host: WebHost;
let home: string;
let folder: string;
let inside: string;
let outsideFile: string;

type Reply = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

async function api(name: string, body: unknown): Promise<Reply> {
  const res = await fetch(`http://127.0.0.1:${host.port}/api/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Reply;
}

const LINE = '2025-03-04 10:00:00:: ERROR :: Cannot create mailbox for aobrien\n';

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hmc-log-access-'));
  folder = join(home, 'AfterCreateLogs');
  mkdirSync(folder);
  inside = join(folder, '2025-03-04.ConnectorAfterCreate.log');
  writeFileSync(inside, LINE);
  mkdirSync(join(folder, 'old'));
  outsideFile = join(home, 'secret.log');
  writeFileSync(outsideFile, '2025-03-05 10:00:00:: ERROR :: Cannot create mailbox for insider: outside the sources\n');
  // A link inside the source folder, named like one of its logs, that leads out of it.
  symlinkSync(outsideFile, join(folder, '2025-03-05.ConnectorAfterCreate.log'));
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
  const s = await core.router.invoke('settings.get', {}, { door: 'test' });
  await core.services.settings.save({ ...s, logs: { ...s.logs, sources: [{ name: 'After-create', folder, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', enabled: true }] } });
  host = await startWebHost({ core, port: 0, rendererDir: home });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
});

describe('through the web API', () => {
  it('refuses /etc/passwd for parse, open, search and incoming plans with a sentence', async () => {
    for (const [op, body] of [
      ['logs.parse', { path: '/etc/passwd' }],
      ['logs.open', { path: '/etc/passwd' }],
      ['logs.search', { path: '/etc/passwd', text: 'root' }],
      ['logs.search', { path: '/etc/*', text: 'root' }],
      ['logs.incomingPlans', { path: '/etc/passwd' }],
      ['logs.follow', { path: '/etc/passwd' }],
    ] as const) {
      const r = await api(op, body);
      expect(r, op).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
      expect(r.error?.message).toContain("is not in a configured log source's folder");
      expect(r.error?.message).toContain('Ask to allow');
      expect(JSON.stringify(r)).not.toContain('root:');
    }
  });

  it('reads a file in a source folder', async () => {
    const r = await api('logs.parse', { path: inside });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r.value)).toContain('Cannot create mailbox for aobrien');
    expect((await api('logs.open', { path: inside })).ok).toBe(true);
  });

  it('refuses a link inside a source folder that points out of it, by path and among the source files', async () => {
    const link = join(folder, '2025-03-05.ConnectorAfterCreate.log');
    expect(await api('logs.parse', { path: link })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    const search = await api('logs.search', { source: 'After-create', text: 'outside' });
    expect(search).toMatchObject({ ok: true, value: { entries: [] } });
    expect((search.value as { files: string[] }).files).toEqual([inside]);
    const glob = await api('logs.search', { path: join(folder, '*.log'), text: 'outside' });
    expect(glob).toMatchObject({ ok: true, value: { entries: [] } });
    expect(await api('logs.failures', { date: '2025-03-05' })).toMatchObject({ ok: true, value: { users: [] } });
    expect(await api('logs.incomingPlans', { date: '2025-03-05' })).toMatchObject({ ok: true, value: { files: [] } });
  });

  it('answers a folder with a sentence, not EISDIR', async () => {
    for (const op of ['logs.parse', 'logs.open'] as const) {
      const r = await api(op, { path: join(folder, 'old') });
      expect(r).toMatchObject({ ok: false, error: { code: 'FILE_UNREADABLE' } });
      expect(r.error?.message).toBe(`${join(folder, 'old')} is a folder, not a log file; give a file in it, or add the folder as a source in Settings > Logs.`);
    }
  });

  it('allows a file the authority confirmed, for this launch', async () => {
    const asked: Array<string | null> = [];
    const authority: PathAuthority = { where: 'in the test', choose: async (req) => (asked.push(req.proposed), req.proposed) };
    core.services.authorities.set('http', authority);
    expect((await api('logs.parse', { path: outsideFile })).ok).toBe(false);
    expect(await api('logs.allow', { proposed: outsideFile })).toMatchObject({ ok: true, value: { path: outsideFile } });
    expect(asked).toEqual([outsideFile]);
    expect(JSON.stringify((await api('logs.parse', { path: outsideFile })).value)).toContain('outside the sources');
  });
});

describe('from the command line', () => {
  it('a path given to hmc stays allowed; a folder gets the sentence', async () => {
    const env = { ...process.env, HMC_HOME: home };
    const r = await runHmc(['logs', 'search', '--path', '/etc/hostname', '--json'], { env, core: async () => core });
    expect(r.code).toBe(0);
    const dir = await runHmc(['logs', 'search', '--path', folder, '--json'], { env, core: async () => core });
    expect(dir.code).toBe(2);
    expect(dir.err).toContain('is a folder, not a log file');
  });
});
