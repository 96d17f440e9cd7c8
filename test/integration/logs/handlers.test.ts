/**
 * The logs slice through the router (electron/services/logs/handlers.ts): what a caller opens and follows
 * is its own and ends when the caller goes, directly or through the web host when a page's event stream
 * has been closed for the grace period; logs.stats shows what the service holds.
 */
import { request } from 'node:http';
import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { Caller } from '../../../electron/core/callers';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';

let home: string;
let core: Core;
let dir: string;
let file: string;

const stats = () => core.router.invoke('logs.stats', {}, { door: 'test' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await sleep(25);
    v = await read();
  }
  return v;
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-logs-handlers-'));
  dir = join(home, 'rule-logs');
  await mkdir(dir);
  file = join(dir, 'ConnectorAfterCreate_20250303.log');
  const lines = Array.from({ length: 8 }, (_, i) => `2025-03-03 09:00:0${i}::${i % 2 ? 'Cannot create mailbox for aobrien' : 'Starting ConnectorAfterCreate for aobrien'}\r\n`);
  await writeFile(file, lines.join(''));
  await writeFile(join(home, 'settings.json'), JSON.stringify({ version: 1, logs: { sources: [{ name: 'ac', folder: dir, pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log' }] } }));
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
});

afterAll(async () => {
  await core?.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('logs through the router', () => {
  it('serves the operations through the router', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-core-'));
    await writeFile(join(home, 'settings.json'), JSON.stringify({ version: 1, logs: { sources: [{ name: 'ac', folder: dir, pattern: 'ConnectorAfterCreate_{yyyy}{MM}{dd}.log' }] } }));
    const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    try {
      const s = await core.router.invoke('logs.sources', {}, { door: 'test' });
      expect(s.sources[0]!.files.map((f) => f.name)).toEqual(['ConnectorAfterCreate_20250303.log']);
      const o = await core.router.invoke('logs.open', { source: 'ac', date: '2025-03-03', tail: 5 }, { door: 'test' });
      expect(o.tail).toHaveLength(5);
      const fl = await core.router.invoke('logs.follow', { id: o.id }, { door: 'test' });
      const got: string[] = [];
      const off = core.services.events.subscribe('logs.entries', (p) => {
        if (p.followId === fl.followId) got.push(...p.entries.map((e) => e.message));
      });
      await appendFile(file, '2025-03-03 23:59:59::Finished ConnectorAfterCreate for router-test\r\n');
      const until = Date.now() + 10_000;
      while (Date.now() < until && !got.includes('Finished ConnectorAfterCreate for router-test')) await new Promise((r) => setTimeout(r, 25));
      off();
      expect(got).toEqual(['Finished ConnectorAfterCreate for router-test']);
      expect((await core.router.invoke('logs.unfollow', { followId: fl.followId, action: 'stop' }, { door: 'test' })).state).toBe('stopped');
      await expect(core.router.invoke('logs.read', { id: 'nope', from: 0, count: 1 }, { door: 'test' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    } finally {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    }
  });


  it('counts what the service holds in logs.stats', async () => {
    const baseline = await stats();
    expect(baseline).toMatchObject({ opened: 0, follows: 0, alertFollowers: 0, watchers: 0 });
    const caller = new Caller('page-stats', 'test');
    const o = await core.router.invoke('logs.open', { path: file, tail: 10 }, { door: 'test', caller });
    const f = await core.router.invoke('logs.follow', { id: o.id }, { door: 'test', caller });
    const held = await stats();
    expect(held).toMatchObject({ opened: 1, follows: 1, watchers: 1 });
    expect(held.timers).toBeGreaterThanOrEqual(baseline.timers + 1);
    // Stopped and closed through the contract: nothing left, and nothing left tied to the caller either.
    await core.router.invoke('logs.unfollow', { followId: f.followId, action: 'stop' }, { door: 'test', caller });
    expect(await core.router.invoke('logs.close', { id: o.id }, { door: 'test', caller })).toEqual({ closed: true });
    expect(await stats()).toEqual(baseline);
    expect(caller.holdings).toBe(0);
  });

  it('releases the follows and opened files of a caller that ends', async () => {
    const baseline = await stats();
    const caller = new Caller('page-gone', 'test');
    const other = new Caller('page-stays', 'test');
    const ctx = { door: 'test' as const, caller };
    const o = await core.router.invoke('logs.open', { source: 'ac', date: '2025-03-03', tail: 10 }, ctx);
    await core.router.invoke('logs.follow', { id: o.id }, ctx);
    await core.router.invoke('logs.follow', { path: file }, ctx);
    await core.router.invoke('logs.follow', { source: 'ac' }, ctx);
    const kept = await core.router.invoke('logs.open', { path: file, tail: 1 }, { door: 'test', caller: other });
    expect(await stats()).toMatchObject({ opened: 2, follows: 3 });

    await caller.end();
    expect(await stats()).toMatchObject({ opened: 1, follows: 0, watchers: 0, timers: baseline.timers });
    // The other caller's file is still open and readable; a call on the ended one's file is refused.
    const read = () => core.router.invoke('logs.read', { id: kept.id, from: 0, count: 1 }, { door: 'test', caller: other });
    expect((await until(read, (r) => r.total === 8)).entries).toHaveLength(1);
    await expect(core.router.invoke('logs.read', { id: o.id, from: 0, count: 1 }, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await other.end();
    expect(await stats()).toEqual(baseline);
  });

  it('a follow stopped by its caller going delivers nothing more', async () => {
    const caller = new Caller('page-quiet', 'test');
    const f = await core.router.invoke('logs.follow', { path: file }, { door: 'test', caller });
    const got: string[] = [];
    const off = core.services.events.subscribe('logs.entries', (p) => {
      if (p.followId === f.followId) got.push(...p.entries.map((e) => e.message));
    });
    await caller.end();
    await appendFile(file, '2025-03-03 09:00:02::written after the page went\r\n');
    await sleep(700);
    off();
    expect(got).toEqual([]);
  });
});

describe('logs through the web host', () => {
  let host: WebHost;
  beforeAll(async () => {
    host = await startWebHost({ core, port: 0, rendererDir: home, callerGraceMs: 200 });
  });
  afterAll(async () => {
    await host.close();
  });

  function post(path: string, body: unknown, caller: string): Promise<{ status: number; body: string; close: () => void }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path,
          headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', 'X-Hmc-Caller': caller },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            text += c;
            // An event stream stays open: answer once it is ready.
            if (path === '/api/events' && text.includes('"ready"')) resolve({ status: res.statusCode ?? 0, body: text, close: () => req.destroy() });
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, close: () => undefined }));
        },
      );
      req.on('error', (e) => {
        if (path !== '/api/events') reject(e);
      });
      req.end(JSON.stringify(body));
    });
  }

  it('ends what a page opened once its event stream has been closed for the grace period', async () => {
    const baseline = await stats();
    const page = 'e2e-page-0123456789';
    const stream = await post('/api/events', { events: ['logs.entries'] }, page);
    const opened = JSON.parse((await post('/api/logs.open', { path: file, tail: 5 }, page)).body) as { ok: boolean; value: { id: string } };
    expect(opened.ok).toBe(true);
    const followed = JSON.parse((await post('/api/logs.follow', { id: opened.value.id }, page)).body) as { ok: boolean };
    expect(followed.ok).toBe(true);
    expect(await stats()).toMatchObject({ opened: baseline.opened + 1, follows: baseline.follows + 1 });
    // Still there while the stream is open...
    await sleep(400);
    expect((await stats()).follows).toBe(baseline.follows + 1);
    // ...and released after the grace period once it closes (the tab went away).
    stream.close();
    expect(await until(stats, (s) => s.opened === baseline.opened && s.follows === baseline.follows)).toEqual(baseline);
  });
});
