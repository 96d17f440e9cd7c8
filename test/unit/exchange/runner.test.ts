import { describe, expect, test } from 'vitest';
import { ChangeRunner, commandForms } from '../../../electron/services/exchange/runner';
import type { AuditService } from '../../../electron/services/audit/service';
import type { Diagnostics } from '../../../electron/core/diagnostics';
import { HmcError } from '../../../shared/errors';

describe('commandForms: the change and its -WhatIf form are two strings, never one edited into the other', () => {
  test('values quoted, booleans as $true/$false, switches as -Name:$false', () => {
    const f = commandForms('Disable-RemoteMailbox', { Identity: "o'brien", Confirm: false, Skip: undefined, N: 3 }, ['Confirm']);
    expect(f.change).toBe("Disable-RemoteMailbox -Identity 'o''brien' -Confirm:$false");
    expect(f.whatIf).toBe("Disable-RemoteMailbox -Identity 'o''brien' -Confirm:$false -WhatIf");
    expect(commandForms('Set-RemoteMailbox', { HiddenFromAddressListsEnabled: true }).change).toBe('Set-RemoteMailbox -HiddenFromAddressListsEnabled $true');
  });
});

function fakes(opts: { endFails?: boolean } = {}) {
  const records: Array<{ phase: string; outcome?: string; error?: { code: string } }> = [];
  const logged: string[] = [];
  const audit = {
    begin: async () => {
      records.push({ phase: 'start' });
      return 'id-1';
    },
    end: async (_id: string, _op: string, _door: string, outcome: string, error?: { code: string }) => {
      if (opts.endFails) throw new Error('disk full');
      records.push({ phase: 'end', outcome, error });
    },
  } as unknown as AuditService;
  const diagnostics: Diagnostics = { path: '/d/hmc.log', info: () => undefined, warn: (m) => logged.push(m), error: (m) => logged.push(m), flush: async () => undefined };
  const runner = new ChangeRunner(null as never, null as never, audit, diagnostics);
  return { runner, records, logged };
}

describe('audited: one start, one end with the outcome', () => {
  const entry = { op: 'sandbox.reset', input: {}, command: 'Reset-SandboxDirectory' };
  test('ok', async () => {
    const { runner, records } = fakes();
    await expect(runner.audited(entry, { door: 'test' }, async () => ({ outcome: 'ok', value: 7 }))).resolves.toEqual({ value: 7, auditWarning: null });
    expect(records).toEqual([{ phase: 'start' }, { phase: 'end', outcome: 'ok', error: undefined }]);
  });
  test('a settled failure is recorded with its outcome and thrown', async () => {
    const { runner, records } = fakes();
    const error = new HmcError('EXCHANGE_ERROR', 'no');
    await expect(runner.audited(entry, { door: 'test' }, async () => ({ outcome: 'not-applied', error }))).rejects.toBe(error);
    expect(records[1]).toMatchObject({ outcome: 'not-applied', error: { code: 'EXCHANGE_ERROR' } });
  });
  test('anything thrown is recorded as an error (INTERNAL when it is not the console\'s own) and thrown as it is', async () => {
    const { runner, records } = fakes();
    const bug = new TypeError('x is undefined');
    await expect(runner.audited(entry, { door: 'test' }, async () => Promise.reject(bug))).rejects.toBe(bug);
    expect(records[1]).toMatchObject({ outcome: 'error', error: { code: 'INTERNAL' } });
  });
  test('an end record that cannot be written is logged and returned as a warning; the value still arrives', async () => {
    const { runner, logged } = fakes({ endFails: true });
    const r = await runner.audited(entry, { door: 'test' }, async () => ({ outcome: 'ok', value: 'done' }));
    expect(r.value).toBe('done');
    expect(r.auditWarning).toMatch(/end record could not be written .*disk full.*\/d\/hmc\.log/);
    expect(logged).toEqual(['The end record of a change could not be written to the audit trail']);
  });
});
