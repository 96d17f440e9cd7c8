/**
 * story.get through the router against the sandbox Exchange (real pwsh) with rule logs written for the
 * tests (test/fixtures/logs): a joiner whose rule failed on both hosts, one whose rule succeeded but whose
 * mailbox is still sync pending, a leaver hidden by the rule, a user fixed from the console after a failure,
 * and a user with two requests a week apart. For each: the events, their order and the verdict sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import { runHmc } from '../../support/cli';
import { LOG_FIXTURES } from '../../support/fixtures';

let home: string;
let core: Core;
const call = <T>(p: Promise<T>) => p;
const story = (identity: string) => call(core.router.invoke('story.get', { identity, since: '2026-11-20', until: '2026-12-01' }, { door: 'test' }));
const titles = (s: Awaited<ReturnType<typeof story>>) => s.events.map((e) => `${e.kind}: ${e.title}`);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-story-'));
  const create = join(home, 'create');
  const modify = join(home, 'modify');
  await mkdir(create);
  await mkdir(modify);
  await copyFile(join(LOG_FIXTURES, 'template/AfterCreate-2026-12-01.log'), join(create, 'AfterCreate-2026-12-01.log'));
  await copyFile(join(LOG_FIXTURES, 'story/AfterCreate-2026-11-24.log'), join(create, 'AfterCreate-2026-11-24.log'));
  await copyFile(join(LOG_FIXTURES, 'story/AfterModify-2026-12-01.log'), join(modify, 'AfterModify-2026-12-01.log'));
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      exchange: { mode: 'sandbox', sandboxSyncDelaySeconds: 3600, routingDomain: 'contoso.mail.onmicrosoft.com' },
      logs: {
        sources: [
          { name: 'After-create', folder: create, pattern: 'AfterCreate-{yyyy}-{MM}-{dd}.log' },
          { name: 'After-modify', folder: modify, pattern: 'AfterModify-{yyyy}-{MM}-{dd}.log' },
        ],
      },
    }),
  );
  core = await createCore({ env: { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') }, forceSandbox: true });
  for (const [sam, first, last] of [['ureyes', 'Uma', 'Reyes'], ['jpark', 'Jon', 'Park']] as const) {
    await core.router.invoke('sandbox.addUser', { samAccountName: sam, firstName: first, lastName: last }, { door: 'test' });
  }
}, 120_000);

afterAll(async () => {
  await core?.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('a user\'s story', () => {
  it('a joiner whose rule failed on both hosts: rule-failed, with the hosts and layers, and enable as the next step', async () => {
    const s = await story('ureyes');
    expect(s.recipient?.kind).toBe('user');
    expect(titles(s)).toEqual([
      'request: Joiner create request: the rule should have enabled a remote mailbox.',
      'run: ConnectorAfterCreate run: the rule failed on both Exchange hosts (mx-hyb01 unreachable, mx-hyb02 Kerberos: cannot find the computer) in 8 s (timeout 300 s).',
      `recipient: Exchange now: ${s.meaning}`,
    ]);
    expect(s.meaning).toMatch(/^Plain AD user: no remote mailbox/);
    expect(s.verdict).toEqual({
      state: 'rule-failed',
      sentence: 'The rule failed on both Exchange hosts (mx-hyb01 unreachable, mx-hyb02 Kerberos: cannot find the computer) at 2026-12-01 08:00. Enable the remote mailbox now?',
      next: { action: 'enable', label: 'Enable the remote mailbox' },
    });
    expect(s.events[1]!.link).toMatchObject({ page: 'logs', offset: 0 });
  });

  it('the same user fixed from the console afterwards: fixed-by-console, the change in the timeline after the run', async () => {
    await core.router.invoke('mailbox.enableRemote', { identity: 'ureyes' }, { door: 'test' });
    const s = await story('ureyes');
    expect(s.events.map((e) => e.kind)).toEqual(['request', 'run', 'change', 'recipient']);
    expect(s.events[2]!.title).toMatch(/ made mailbox\.enableRemote from the console \(test\)\.$/);
    // Before and after of what the change touched, from the audit record.
    expect(s.events[2]!.details).toContain('RecipientTypeDetails: User -> RemoteUserMailbox');
    expect(s.verdict.state).toBe('fixed-by-console');
    expect(s.verdict.sentence).toMatch(/^The rule failed on both Exchange hosts \(.*\) at 2026-12-01 08:00; .+ fixed it from the console at .+ \(mailbox\.enableRemote\)\. Remote mailbox, waiting for directory sync/);
    expect(s.verdict.next.action).toBe('none');
  });

  it('a joiner whose rule succeeded but whose mailbox is still sync pending: sync-pending, nothing to change', async () => {
    // The rule (here: its stand-in, the console) enabled adele.vance; the sandbox holds the sync for an hour.
    await core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance' }, { door: 'test' });
    const s = await story('adele.vance');
    expect(s.events.filter((e) => e.kind === 'run').map((e) => e.title)).toEqual(['ConnectorAfterCreate run succeeded in 2 s (timeout 300 s).']);
    expect(s.verdict.state).toBe('sync-pending');
    expect(s.verdict.sentence).toBe('The remote mailbox exists, but directory sync has not linked the cloud mailbox yet (ExchangeGuid is empty). Wait for the next sync cycle (about 30 minutes) and look again; nothing needs changing.');
  });

  it('a leaver hidden by the rule: ok', async () => {
    await core.router.invoke('mailbox.enableRemote', { identity: 'lee.gu' }, { door: 'test' });
    await core.router.invoke('mailbox.setHidden', { identity: 'lee.gu', hidden: true }, { door: 'test' });
    const s = await story('lee.gu');
    expect(s.events.find((e) => e.kind === 'request')?.title).toBe('Leaver modify request: the rule should have hidden the mailbox from the address lists.');
    expect(s.events.find((e) => e.kind === 'run')?.outcome).toBe('succeeded');
    expect(s.verdict.state).toBe('ok');
    expect(s.verdict.sentence).toBe('Provisioned as the request of 2026-12-01 17:00 asked: the rule hid the mailbox from the address lists and Exchange shows it.');
  });

  it('a user with two requests a week apart: both in order, the verdict from the newer', async () => {
    const s = await story('jpark');
    expect(s.events.map((e) => `${e.time?.slice(0, 10)} ${e.kind} ${e.outcome}`)).toEqual([
      '2026-11-24 request info',
      '2026-11-24 run failed',
      // The second run logged its request in the same second it started: the request comes first.
      '2026-12-01 request info',
      '2026-12-01 run failed',
      expect.stringMatching(/ recipient info$/),
    ]);
    expect(s.events[1]!.title).toBe('ConnectorAfterCreate run: the rule failed on the Exchange host (mx-hyb01 timed out) in 31 s (timeout 300 s).');
    expect(s.verdict.state).toBe('rule-failed');
  });

  it('someone the logs never mention: no-request', async () => {
    const s = await story('alex.wilber');
    expect(s.verdict.state).toBe('no-request');
    expect(s.verdict.sentence).toBe('No provisioning request for alex.wilber was found in the rule logs from 2026-11-20 to 2026-12-01; IdentityIQ may not have sent one. Check the request in IdentityIQ, or enable the remote mailbox now?');
  });

  it('hmc story IDENTITY --json prints the story; hmc user story prints the verdict first, and a bad day is exit 2', async () => {
    const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') };
    const json = await runHmc(['story', 'jpark', '--since', '2026-11-20', '--until', '2026-12-01', '--json', '--sandbox'], { env });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.out) as { verdict: { state: string }; events: unknown[] };
    expect(doc.verdict.state).toBe('rule-failed');
    expect(doc.events).toHaveLength(5);
    const human = await runHmc(['user', 'story', 'jpark', '--since', '2026-11-20', '--until', '2026-12-01', '--sandbox'], { env });
    expect(human.code).toBe(0);
    expect(human.out.split('\n').slice(0, 3)).toEqual([
      'jpark: rule-failed',
      expect.stringMatching(/^ {2}The rule failed: Cannot create mailbox features for user: CN=Jon Park,.* at 2026-12-01 09:40\. Enable the remote mailbox now\?$/),
      '  Next: Enable the remote mailbox (hmc mailbox enable jpark)',
    ]);
    const bad = await runHmc(['story', 'jpark', '--since', 'last week', '--json', '--sandbox'], { env });
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe("a user's story with the connectivity history", () => {
  it('joins the check of each host the runs tried, the one nearest in time to the failure', async () => {
    const hostResult = (host: string, verdict: 'ok' | 'failed', layer: string | null) => ({
      host,
      verdict,
      firstFailure: layer ? { layer, hint: `${layer} failed for ${host}` } : null,
      role: 'exchange',
      durationMs: 40,
      target: { role: 'exchange', name: host, port: 80, tlsPort: 443 },
      layers: [{ layer: 'dns', status: 'pass', latencyMs: 1, detail: '127.0.0.1', steps: [] }, ...(layer ? [{ layer, status: 'fail', latencyMs: 30, detail: 'refused', steps: [] }] : [])],
    });
    const run = (id: string, at: string, hosts: unknown[]) => ({ id, startedAt: at, finishedAt: at, durationMs: 50, timeoutMs: 5000, deadlineMs: 20000, deadlineHit: false, source: 'settings', notes: [], hosts });
    await writeFile(
      join(home, 'connectivity-history.json'),
      JSON.stringify({
        version: 1,
        runs: [
          run('far', '2026-11-02T08:00:00.000Z', [hostResult('mx-hyb01.corp.example.org', 'ok', null)]),
          run('near', new Date(2026, 11, 1, 8, 5).toISOString(), [hostResult('mx-hyb01.corp.example.org', 'failed', 'tcp'), hostResult('mx-hyb02.corp.example.org', 'failed', 'session')]),
          run('other', new Date(2026, 11, 1, 8, 6).toISOString(), [hostResult('unrelated.corp.example.org', 'failed', 'dns')]),
        ],
      }),
    );
    const s = await story('ureyes');
    const checks = s.events.filter((e) => e.kind === 'check');
    expect(checks.map((e) => e.title)).toEqual([
      'Connectivity check of mx-hyb01.corp.example.org: failed at tcp: tcp failed for mx-hyb01.corp.example.org.',
      'Connectivity check of mx-hyb02.corp.example.org: failed at session: session failed for mx-hyb02.corp.example.org.',
    ]);
    expect(checks.every((e) => e.source === 'connectivity' && e.link?.page === 'connectivity' && e.link.id === 'near')).toBe(true);
  });
});
