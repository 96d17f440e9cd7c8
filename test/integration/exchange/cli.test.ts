/**
 * The CLI commands end to end (real core, real PowerShell, sandbox forced with --sandbox):
 * --json prints the recipient or the error envelope; exit codes 0 / 1 / 2.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runHmc } from '../../support/cli';

let home: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-cli-ex-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

async function hmc(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') };
  const r = await runHmc(argv, { env });
  return { code: r.code, stdout: r.out, stderr: r.err };
}

test('mailbox get / enable --what-if / enable / hide / unhide / set-routing / disable, search, session test, sandbox', { timeout: 240_000 }, async () => {
  const get = await hmc('mailbox', 'get', 'sean.obrien', '--sandbox', '--json');
  expect(get.code).toBe(0);
  expect(JSON.parse(get.stdout)).toMatchObject({ Name: "Sean O'Brien", kind: 'user' });

  const human = await hmc('mailbox', 'get', 'remote.pending', '--sandbox');
  expect(human.code).toBe(0);
  expect(human.stdout).toMatch(/syncState\s+pending/);
  expect(human.stdout).toMatch(/RemoteRoutingAddress\s+SMTP:remote\.pending@contoso\.mail\.onmicrosoft\.com/);

  const whatIf = await hmc('mailbox', 'enable', 'sean.obrien', '--routing-address', "sean.o'brien@contoso.mail.onmicrosoft.com", '--what-if', '--sandbox');
  expect(whatIf.code).toBe(0);
  expect(whatIf.stdout).toContain("What if: Enable-RemoteMailbox -Identity '");
  expect(whatIf.stdout).toContain("-RemoteRoutingAddress 'sean.o''brien@contoso.mail.onmicrosoft.com' -WhatIf");

  const enable = await hmc('mailbox', 'enable', 'sean.obrien', '--routing-address', "sean.o'brien@contoso.mail.onmicrosoft.com", '--yes', '--sandbox', '--json');
  expect(enable.code).toBe(0);
  expect(JSON.parse(enable.stdout).recipient).toMatchObject({ RemoteRoutingAddress: "SMTP:sean.o'brien@contoso.mail.onmicrosoft.com", syncState: 'pending' });

  const again = await hmc('mailbox', 'enable', 'sean.obrien', '--yes', '--sandbox', '--json');
  expect(again.code).toBe(1);
  expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'WRONG_RECIPIENT_TYPE' } });

  const hide = await hmc('mailbox', 'hide', 'sean.obrien', '--yes', '--sandbox', '--json');
  expect(hide.code).toBe(0);
  expect(JSON.parse(hide.stdout).recipient.HiddenFromAddressListsEnabled).toBe(true);

  const route = await hmc('mailbox', 'set-routing', 'sean.obrien', 'sean@contoso.example', '--yes', '--sandbox', '--json');
  expect(route.code).toBe(2);
  expect(JSON.parse(route.stdout).error.code).toBe('INVALID_INPUT');
  expect((await hmc('mailbox', 'set-routing', 'sean.obrien', 'sean2@contoso.mail.onmicrosoft.com', '--yes', '--sandbox')).code).toBe(0);

  expect((await hmc('mailbox', 'disable', 'sean.obrien', '--yes', '--sandbox')).code).toBe(0);
  const missing = await hmc('mailbox', 'get', 'ghost', '--sandbox', '--json');
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.stdout).error.code).toBe('RECIPIENT_NOT_FOUND');

  const search = await hmc('recipient', 'search', "O'", '--sandbox', '--json');
  expect(JSON.parse(search.stdout).results.map((r: { SamAccountName: string }) => r.SamAccountName)).toContain('remote.oneill');

  const added = await hmc('sandbox', 'add-user', 'demo.user', '--display-name', 'Démo “User”', '--type', 'MailUser', '--yes', '--sandbox', '--json');
  expect(added.code).toBe(0);
  expect(JSON.parse(added.stdout)).toMatchObject({ SamAccountName: 'demo.user', RecipientTypeDetails: 'MailUser', DisplayName: 'Démo “User”' });
  const reset = await hmc('sandbox', 'reset', '--yes', '--sandbox', '--json');
  expect(JSON.parse(reset.stdout).users).toBe(38);

  expect((await hmc('mailbox', 'unhide', 'ghost', '--yes', '--sandbox')).code).toBe(1);
  const session = await hmc('session', 'test', '--sandbox');
  expect(session.code).toBe(0);
  expect(session.stdout).toContain('Session: connected (sandbox');
});
