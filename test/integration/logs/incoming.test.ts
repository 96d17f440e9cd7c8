/**
 * logs.incomingPlans over real files in a temp folder: the reference rule's transactions (logs-gen), pairing
 * of request and result per run (also when two runs interleave), the outcome from the lines that follow, the
 * rule's decision from the plan inspector, days / source / path / limit, UTF-16LE files, unreadable XML, secrets
 * masked; and the operation through the router with its output schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import { incomingPlans, type IncomingInput } from '../../../electron/services/logs/incoming';
import { Settings } from '../../../shared/settings/schema';
import { makeUsers, render, rng, stamp, transaction, type GenEntry, type GenUser } from '../../support/logs-gen';

const SECRET = 'q0Zk3pR9xW1vTnL8sY4bAg==';
let dir: string;
let createDir: string;
let modifyDir: string;
const expected: Array<{ sam: string; time: string; failed: boolean }> = [];
let settings: Settings;

const input = (over: Partial<IncomingInput> = {}): IncomingInput => ({ days: 1, limit: 200, withoutXml: false, date: '2025-03-03', ...over });
const deps = () => ({ settings: async () => settings, clock: () => new Date(2025, 2, 3, 18, 0, 0) });

function line(at: Date, message: string): string {
  return `${stamp(at)}::${message.split('\n').join('\r\n')}\r\n`;
}

function leaverRequest(u: GenUser): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    `<AccountRequest application="AD - corp.example.org" nativeIdentity="${u.dn}" op="Modify">`,
    '  <Attributes><Map><entry key="flow" value="Leaver"/></Map></Attributes>',
    `  <AttributeRequest name="sAMAccountName" op="Set" value="${u.sam}"/>`,
    '</AccountRequest>',
  ].join('\n');
}

const RESULT_OK = "<?xml version='1.0' encoding='UTF-8'?>\n<ServiceResult>\n  <Attributes><Map><entry key=\"createdOnServer\" value=\"dc02.corp.example.org\"/></Map></Attributes>\n</ServiceResult>";
const RESULT_ERRORS = [
  '<ServiceResult>',
  '  <Errors><List><String>The operation on object \'x\' could not be completed: access denied on dc01.</String></List></Errors>',
  '</ServiceResult>',
].join('\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-incoming-'));
  createDir = join(dir, 'AfterCreateLogs');
  modifyDir = join(dir, 'AfterModifyLogs');
  await mkdir(createDir);
  await mkdir(modifyDir);
  const users = makeUsers(12, 9);
  const r = rng(9);
  const entries: GenEntry[] = [];
  let at = new Date(2025, 2, 3, 8, 0, 0);
  for (let i = 0; i < 40; i++) {
    const tx = transaction(users[i % users.length]!, at, r, 0.3);
    entries.push(...tx);
    expected.push({ sam: users[i % users.length]!.sam, time: tx[1]!.time, failed: tx.some((e) => e.error) });
    at = new Date(at.getTime() + 60_000);
  }
  await writeFile(join(createDir, '2025-03-03.ConnectorAfterCreate.log'), render(entries));
  // Yesterday: one transaction.
  const y = transaction(users[0]!, new Date(2025, 2, 2, 23, 0, 0), rng(1), 0);
  await writeFile(join(createDir, '2025-03-02.ConnectorAfterCreate.log'), render(y));
  // After-modify, UTF-16LE with BOM (Windows PowerShell Out-File): a leaver hidden, then a leaver whose
  // result reports errors and no line follows.
  const leaver = users[3]!;
  const other = users[4]!;
  const text =
    line(new Date(2025, 2, 3, 17, 0, 0), `Starting ConnectorAfterModify for ${leaver.sam}`) +
    line(new Date(2025, 2, 3, 17, 0, 0), `Request Object :: ${leaverRequest(leaver)}`) +
    line(new Date(2025, 2, 3, 17, 0, 1), `Result Object :: ${RESULT_OK}`) +
    line(new Date(2025, 2, 3, 17, 0, 2), `Set-RemoteMailbox -Identity '${leaver.sam}' -HiddenFromAddressListsEnabled $true`) +
    line(new Date(2025, 2, 3, 17, 0, 3), `Remote mailbox hidden from address lists for ${leaver.sam}`) +
    line(new Date(2025, 2, 3, 17, 0, 3), `Finished ConnectorAfterModify for ${leaver.sam}`) +
    line(new Date(2025, 2, 3, 17, 5, 0), `Request Object :: ${leaverRequest(other)}`) +
    line(new Date(2025, 2, 3, 17, 5, 1), `Result Object :: ${RESULT_ERRORS}`);
  await writeFile(join(modifyDir, '2025-03-03.ConnectorAfterModify.log'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));

  settings = Settings.parse({
    logs: {
      sources: [
        { name: 'after-create', folder: createDir, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log' },
        { name: 'after-modify', folder: modifyDir, pattern: '{yyyy}-{MM}-{dd}.ConnectorAfterModify.log' },
        { name: 'missing', folder: join(dir, 'nowhere'), pattern: '{yyyy}-{MM}-{dd}.log' },
      ],
    },
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('incoming plans from the configured sources', () => {
  it("lists every request/result pair of today's files, newest first, with who, what, the decision and the outcome", async () => {
    const r = await incomingPlans(deps(), input());
    expect(r.files).toHaveLength(2);
    expect(r.found).toBe(42);
    expect(r.truncated).toBe(false);
    expect(r.plans).toHaveLength(42);
    const times = r.plans.map((p) => p.time ?? '');
    expect([...times].sort().reverse()).toEqual(times);

    const create = r.plans.filter((p) => p.source === 'after-create');
    expect(create.map((p) => [p.time, p.user, p.outcome])).toEqual(
      [...expected].reverse().map((e) => [e.time, e.sam, e.failed ? 'failed' : 'succeeded']),
    );
    const failed = create.find((p) => p.outcome === 'failed')!;
    expect(failed.evidence).toMatch(/^Cannot create mailbox for /);
    const ok = create.find((p) => p.outcome === 'succeeded')!;
    expect(ok.evidence).toMatch(/^Remote mailbox enabled for /);
    for (const p of create) {
      expect(p).toMatchObject({ operation: 'Create', flow: 'Joiner', rule: 'ConnectorAfterCreate', application: 'AD - corp.example.org', problem: null, resultErrors: 0 });
      expect(p.decision).toMatchObject({ rule: 'ConnectorAfterCreate', action: 'enable-remote-mailbox', identity: p.user, remoteRoutingAddress: `${p.user}@corpexample.mail.onmicrosoft.com` });
      expect(p.resultOffset).toBeGreaterThan(p.offset);
      expect(p.requestXml).toContain('<AccountRequest');
      expect(p.requestXml).toContain('********');
      expect(p.resultXml).toContain('<ServiceResult>');
    }
    // The secret of the logged request never leaves the core.
    expect(JSON.stringify(r)).not.toContain(SECRET);
  });

  it('reads UTF-16LE after-modify logs: the hide decision, a success line, and result errors as a failure', async () => {
    const r = await incomingPlans(deps(), input({ source: 'after-modify' }));
    expect(r.plans).toHaveLength(2);
    const [second, first] = r.plans;
    expect(first).toMatchObject({ operation: 'Modify', flow: 'Leaver', rule: 'ConnectorAfterModify', outcome: 'succeeded', resultErrors: 0 });
    expect(first!.decision).toMatchObject({ action: 'hide-from-address-lists' });
    expect(first!.evidence).toContain('hidden from address lists');
    expect(second).toMatchObject({ outcome: 'failed', resultErrors: 1, rule: 'ConnectorAfterModify' });
    expect(second!.evidence).toContain('ServiceResult reports 1 error');
  });

  it('covers the last N days, one source, one file, and a limit', async () => {
    expect((await incomingPlans(deps(), input({ days: 2 }))).found).toBe(43);
    expect((await incomingPlans(deps(), input({ date: '2025-03-02' }))).plans).toHaveLength(1);
    const one = await incomingPlans(deps(), input({ path: join(createDir, '2025-03-02.ConnectorAfterCreate.log') }));
    expect(one.plans[0]).toMatchObject({ source: null, outcome: 'succeeded', time: '2025-03-02T23:00:00' });
    const few = await incomingPlans(deps(), input({ source: 'after-create', limit: 3, withoutXml: true }));
    expect(few).toMatchObject({ found: 40, truncated: true });
    expect(few.plans.map((p) => p.time)).toEqual([...expected].reverse().slice(0, 3).map((e) => e.time));
    expect(few.plans.every((p) => p.requestXml === null && p.decision !== null)).toBe(true);
    await expect(incomingPlans(deps(), input({ source: 'nope' }))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(incomingPlans(deps(), input({ path: join(dir, 'absent.log') }))).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describe('pairing inside one file', () => {
  it('keeps interleaved runs apart by user, and reports unreadable XML without dropping the pair', async () => {
    const [a, b, c] = makeUsers(3, 77);
    const t = (s: number) => new Date(2025, 2, 3, 10, 0, s);
    const reqA = transaction(a!, t(0), rng(1), 0)[1]!.message;
    const reqB = transaction(b!, t(0), rng(2), 0)[1]!.message;
    const text =
      line(t(0), `Starting ConnectorAfterCreate for ${a!.dn} (sAMAccountName=${a!.sam})`) +
      line(t(1), reqA) +
      line(t(2), `Result Object :: ${RESULT_OK}`) +
      line(t(3), `Starting ConnectorAfterCreate for ${b!.dn} (sAMAccountName=${b!.sam})`) +
      line(t(4), reqB) +
      line(t(5), `Result Object :: ${RESULT_OK}`) +
      line(t(6), `Remote mailbox enabled for ${a!.sam} (${a!.sam}@corpexample.mail.onmicrosoft.com)`) +
      line(t(7), `Cannot create mailbox for ${b!.sam}: The operation couldn't be performed because object '${b!.sam}' couldn't be found.`) +
      line(t(8), `Finished ConnectorAfterCreate for ${a!.sam}`) +
      line(t(9), `Finished ConnectorAfterCreate for ${b!.sam}`) +
      line(t(10), `Request Object :: <AccountRequest op="Create" nativeIdentity="${c!.sam}"><AttributeRequest name="sAMAccountName" value="${c!.sam}"></AccountRequest>`) +
      line(t(11), `Cannot create mailbox for ${c!.sam}: Cannot connect to exch01.corp.example.org`);
    const file = join(dir, 'interleaved.log');
    await writeFile(file, text);
    const r = await incomingPlans(deps(), input({ path: file }));
    expect(r.plans.map((p) => [p.user, p.outcome, p.rule])).toEqual([
      [c!.sam, 'failed', null],
      [b!.sam, 'failed', 'ConnectorAfterCreate'],
      [a!.sam, 'succeeded', 'ConnectorAfterCreate'],
    ]);
    expect(r.plans[1]!.evidence).toContain(`Cannot create mailbox for ${b!.sam}`);
    expect(r.plans[2]!.evidence).toContain(`Remote mailbox enabled for ${a!.sam}`);
    const broken = r.plans[0]!;
    expect(broken.problem).toMatch(/line \d+/);
    expect(broken.decision).toBeNull();
    expect(broken.requestXml).toBeNull();
    expect(broken.resultOffset).toBeNull();
  });
});

describe('through the router', () => {
  let core: Core;
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'hmc-incoming-core-'));
    core = await createCore({ env: { ...process.env, HMC_HOME: home } });
    const current = await core.router.invoke('settings.get', {}, { door: 'test' });
    await core.router.invoke('settings.update', { ...current, logs: { ...current.logs, sources: settings.logs.sources } }, { door: 'test' });
  });
  afterAll(async () => {
    await core?.dispose();
    await rm(home, { recursive: true, force: true });
  });

  it('answers logs.incomingPlans with the contract shape, secrets masked', async () => {
    const r = await core.router.invoke('logs.incomingPlans', { date: '2025-03-03', source: 'after-create', limit: 5 }, { door: 'test' });
    expect(r.plans).toHaveLength(5);
    expect(r.plans[0]!.decision?.action).toBe('enable-remote-mailbox');
    expect(JSON.stringify(r)).not.toContain(SECRET);
    const bad = await core.router.call('logs.incomingPlans', { days: 99 }, { door: 'test' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
