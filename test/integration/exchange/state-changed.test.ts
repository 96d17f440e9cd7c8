/**
 * STATE_CHANGED: the checklist runs in this process, a second process (the built `hmc`, its own
 * PowerShell) changes the recipient in the same sandbox directory, and the change given the
 * checklist's `expected` state is refused, sends nothing and is audited with the code. The same
 * built CLI shows its change commands running the checklist first.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AuditRecord } from '../../../shared/audit/schemas';
import { fails, sandboxCore, type SandboxCore } from './helpers';

const root = join(__dirname, '..', '..', '..');
const hmcBin = join(root, 'bin', 'hmc.js');

let s: SandboxCore;
const ctx = { door: 'test' as const };

function hmc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [hmcBin, ...args], { env: s.env, timeout: 120_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function trail(): AuditRecord[] {
  return readFileSync(join(s.home, 'audit', 'audit.jsonl'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as AuditRecord);
}

beforeAll(async () => {
  expect(existsSync(join(root, 'out', 'cli.js')), 'run npm run build first').toBe(true);
  s = await sandboxCore();
});
afterAll(async () => {
  await s?.dispose();
});

test('another process changes the recipient between the checklist and the change: STATE_CHANGED, nothing sent', { timeout: 180_000 }, async () => {
  const p = await s.core.router.invoke('mailbox.preflight', { identity: 'remote.synced', action: 'hide' }, ctx);
  expect(p.blocked).toBe(false);
  expect(p.expected?.RemoteRoutingAddress).toBe('SMTP:remote.synced@contoso.mail.onmicrosoft.com');

  const other = await hmc(['mailbox', 'set-routing', 'remote.synced', 'rita.new@contoso.mail.onmicrosoft.com', '--yes', '--sandbox', '--json']);
  expect(other.code, other.stderr).toBe(0);

  const e = await fails(s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true, expected: p.expected! }, ctx));
  expect(e.code).toBe('STATE_CHANGED');
  expect(e.message).toContain('Rita Remote');
  expect(e.message).toContain('RemoteRoutingAddress was "SMTP:remote.synced@contoso.mail.onmicrosoft.com", is now "SMTP:rita.new@contoso.mail.onmicrosoft.com"');
  const now = await s.core.router.invoke('mailbox.get', { identity: 'remote.synced' }, ctx);
  expect(now.HiddenFromAddressListsEnabled).toBe(false);

  const end = trail().filter((r) => r.op === 'mailbox.setHidden' && r.phase === 'end').at(-1)!;
  expect(end).toMatchObject({ outcome: 'error', error: { code: 'STATE_CHANGED' } });
  expect(trail().find((r) => r.id === end.id && r.phase === 'start')).toMatchObject({ door: 'test', command: null, target: { samAccountName: 'remote.synced' } });
  // The other process's change is in the same trail, by the CLI, with the names and the changed field.
  const cliEnd = trail().find((r) => r.op === 'mailbox.setRoutingAddress' && r.phase === 'end' && r.door === 'cli')!;
  expect(cliEnd.changes?.find((c) => c.field === 'RemoteRoutingAddress')).toMatchObject({ after: 'SMTP:rita.new@contoso.mail.onmicrosoft.com' });

  // Checked again, the same change goes through.
  const again = await s.core.router.invoke('mailbox.preflight', { identity: 'remote.synced', action: 'hide' }, ctx);
  const r = await s.core.router.invoke('mailbox.setHidden', { identity: 'remote.synced', hidden: true, expected: again.expected! }, ctx);
  expect(r.recipient?.HiddenFromAddressListsEnabled).toBe(true);
});

test('the CLI runs the checklist first: a fail blocks (audited with its code), a warning goes ahead with --yes and stays in the audit', { timeout: 180_000 }, async () => {
  const blocked = await hmc(['mailbox', 'enable', 'adele.vance', '--routing-address', 'remote.hidden@contoso.mail.onmicrosoft.com', '--yes', '--sandbox', '--json']);
  expect(blocked.code).toBe(2);
  expect(JSON.parse(blocked.stdout)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(blocked.stderr).toContain('[FAIL] Routing address not used by another recipient');
  expect(blocked.stderr).toContain('Hugo Hidden (remote.hidden');
  expect(trail().filter((r) => r.phase === 'end' && r.door === 'cli').at(-1)).toMatchObject({ op: 'mailbox.enableRemote', error: { code: 'INVALID_INPUT' } });

  const disable = await hmc(['mailbox', 'disable', 'remote.pending', '--yes', '--sandbox']);
  expect(disable.code, disable.stderr).toBe(0);
  expect(disable.stdout).toMatch(/\[WARN\] Hidden from address lists first/);
  expect(disable.stdout).toContain("Command: Disable-RemoteMailbox -Identity '");
  const end = trail().filter((r) => r.op === 'mailbox.disableRemote' && r.phase === 'end').at(-1)!;
  expect(end.outcome).toBe('ok');
  const start = trail().find((r) => r.id === end.id && r.phase === 'start')!;
  expect(start.preflight?.find((c) => c.id === 'disable-hidden')?.status).toBe('warn');
});
