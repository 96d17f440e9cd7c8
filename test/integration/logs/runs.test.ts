/**
 * The log facts run by run, through the router over real files: the rule logs of test/fixtures/logs (the
 * SailPoint template's interleaved runs, the seed's reference rule, IQService's trace) as configured
 * sources. A failure that names only the DN belongs to its run's user, everywhere the entries reach.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import { Caller } from '../../../electron/core/callers';
import { LOG_FIXTURES } from '../../support/fixtures';

let home: string;
let core: Core;
let template: string;
const ctx = () => ({ door: 'test' as const, caller: new Caller(`runs-${Math.random()}`, 'test') });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-log-runs-'));
  const tpl = join(home, 'template');
  const seed = join(home, 'seed');
  await mkdir(tpl);
  await mkdir(seed);
  template = join(tpl, 'AfterCreate-2026-12-01.log');
  await copyFile(join(LOG_FIXTURES, 'template/AfterCreate-2026-12-01.log'), template);
  await copyFile(join(LOG_FIXTURES, 'seed/AfterCreate-2026-12-01.log'), join(seed, 'AfterCreate-2026-12-01.log'));
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      logs: {
        sources: [
          { name: 'template', folder: tpl, pattern: 'AfterCreate-{yyyy}-{MM}-{dd}.log' },
          { name: 'seed', folder: seed, pattern: 'AfterCreate-{yyyy}-{MM}-{dd}.log' },
        ],
      },
    }),
  );
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
});

afterAll(async () => {
  await core?.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('rule runs through the router', () => {
  it('finds the failure that explains the ticket when searching by the user', async () => {
    const r = await core.router.invoke('logs.search', { sources: ['*'], user: 'ureyes', level: 'error', limit: 100 }, ctx());
    const messages = r.entries.map((e) => e.message.trim().slice(0, 45));
    expect(messages).toContain('Cannot create mailbox features for user: CN=U');
    expect(messages).toContain('Cannot connect to server : mx-hyb01');
    expect(r.entries.every((e) => e.user === 'ureyes' && e.run)).toBe(true);
    expect(r.entries.filter((e) => e.source === 'seed')).toHaveLength(1);
  });

  it('shows the run\'s user on the rows of an opened file, never "CN"', async () => {
    const c = ctx();
    const o = await core.router.invoke('logs.open', { path: template, tail: 100 }, c);
    const dnFailure = (es: Array<{ message: string; user: string | null }>) => es.find((e) => e.message.includes('features for user: CN=Uma Reyes'));
    expect(dnFailure(o.tail)?.user).toBe('ureyes');
    await core.services.logs.indexSettled(o.id);
    const rows = await core.router.invoke('logs.read', { id: o.id, from: 0, count: 100 }, c);
    expect(dnFailure(rows.entries)?.user).toBe('ureyes');
    expect(rows.entries.find((e) => e.message.includes('Username: adele.vance'))?.user).toBe('adele.vance');
    expect(rows.entries.some((e) => e.user === 'CN')).toBe(false);
    // The user filter of the opened file's view matches the run's user.
    await core.services.logs.viewSettled(o.id, { user: 'ureyes' });
    const view = await core.router.invoke('logs.read', { id: o.id, from: 0, count: 100, filter: { user: 'ureyes' } }, c);
    expect(view.entries.map((e) => e.message.trim().slice(0, 20))).toContain('Cannot connect to se');
  });

  it('lists the users with failures by their run\'s user, and one user\'s failures', async () => {
    const day = await core.router.invoke('logs.failures', { date: '2026-12-01' }, ctx());
    expect(day.users.map((u) => u.user).sort()).toEqual(['jpark', 'ureyes']);
    const mine = await core.router.invoke('logs.failures', { user: 'ureyes' }, ctx());
    expect(mine.entries.length).toBe(3);
  });

  it('counts the failures of a file open on the page among the users with failures today', async () => {
    const c = ctx();
    const o = await core.router.invoke('logs.open', { path: join(LOG_FIXTURES, 'iqtrace/IQTrace.log'), tail: 50 }, c);
    const day = await core.router.invoke('logs.failures', { date: '2026-12-01', opened: [o.id] }, c);
    const jpark = day.users.find((u) => u.user === 'jpark');
    expect(jpark?.sources.sort()).toEqual(['opened file', 'template']);
    expect(day.users.find((u) => u.user === 'ureyes')?.failures).toBe(4);
  });

  it('decides a request\'s outcome from its run\'s entries (Plans: incoming from the logs)', async () => {
    const r = await core.router.invoke('logs.incomingPlans', { path: template, days: 1, limit: 50 }, ctx());
    const uma = r.plans.find((p) => p.user === 'ureyes');
    expect(uma?.outcome).toBe('failed');
    expect(uma?.evidence).toMatch(/^ ?Cannot create mailbox features for user: CN=Uma Reyes/);
    const jon = r.plans.find((p) => p.user === 'jpark');
    expect(jon?.outcome).toBe('failed');
    // One user's requests only, read from the bytes around the lines naming them: the same answer.
    const mine = await core.router.invoke('logs.incomingPlans', { path: template, days: 1, limit: 50, user: 'ureyes' }, ctx());
    expect(mine.plans.map((p) => [p.user, p.outcome, p.evidence])).toEqual([[uma!.user, uma!.outcome, uma!.evidence]]);
  });
});
