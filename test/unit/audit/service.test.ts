import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AuditService, currentActor, redactInput } from '../../../electron/services/audit/service';
import { auditHandlers } from '../../../electron/services/audit/handlers';
import type { Diagnostics } from '../../../electron/core/diagnostics';
import { HmcError } from '../../../shared/errors';

function recorder(): Diagnostics & { lines: string[] } {
  const lines: string[] = [];
  return { lines, path: '/data/diagnostics/hmc.log', info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), flush: async () => undefined };
}

const made: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function service(file = join(tempDir('hmc-audit-'), 'audit', 'audit.jsonl')) {
  const diagnostics = recorder();
  return { svc: new AuditService({ file, diagnostics, actor: 'admin@pc' }), file, diagnostics };
}

describe('the audit trail file', () => {
  test('JSON lines: a start record before, an end record after, secrets masked, free text redacted', async () => {
    const { svc, file } = service();
    const id = await svc.begin('mailbox.enableRemote', 'cli', { identity: 'ann', password: 'Pl41n-S3cret!' }, "Enable-RemoteMailbox -Identity 'ann'");
    await svc.end(id, 'mailbox.enableRemote', 'cli', 'error', { code: 'EXCHANGE_ERROR', message: 'failed' });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ id, phase: 'start', op: 'mailbox.enableRemote', door: 'cli', actor: 'admin@pc', command: "Enable-RemoteMailbox -Identity 'ann'", input: { identity: 'ann', password: '********' } });
    expect(lines[1]).toMatchObject({ id, phase: 'end', command: null, outcome: 'error', error: { code: 'EXCHANGE_ERROR', message: 'failed' } });
    expect(readFileSync(file, 'utf8')).not.toContain('Pl41n');
  });
  test('list: newest first, by operation, limited; the file named', async () => {
    const { svc, file } = service();
    for (const op of ['a', 'b', 'a']) await svc.end(await svc.begin(op, 'test', {}, null), op, 'test', 'ok');
    const all = await svc.list({ limit: 100 });
    expect(all.file).toBe(file);
    expect(all.records.map((r) => `${r.op}:${r.phase}`)).toEqual(['a:end', 'a:start', 'b:end', 'b:start', 'a:end', 'a:start']);
    expect((await svc.list({ limit: 100, op: 'b' })).records).toHaveLength(2);
    expect((await svc.list({ limit: 3 })).records).toHaveLength(3);
  });
  test('no file yet: an empty trail', async () => {
    expect((await service().svc.list({ limit: 10 })).records).toEqual([]);
  });
  test('a torn last line is skipped, and the diagnostics say how many', async () => {
    const { svc, file, diagnostics } = service();
    await svc.begin('a', 'test', {}, null);
    appendFileSync(file, '{"id":"x","phase":"en');
    expect((await svc.list({ limit: 10 })).records).toHaveLength(1);
    expect(diagnostics.lines).toEqual(['Audit trail lines that do not parse were skipped']);
  });
  test.skipIf(process.getuid?.() === 0)('a trail that cannot be read is an error that says where to look, not an empty list', async () => {
    const { svc, file, diagnostics } = service();
    await svc.begin('a', 'test', {}, null);
    chmodSync(file, 0o000);
    const e = await svc.list({ limit: 10 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(HmcError);
    expect((e as HmcError).code).toBe('FILE_UNREADABLE');
    expect((e as HmcError).message).toContain('/data/diagnostics/hmc.log');
    expect(diagnostics.lines).toEqual(['The audit trail could not be read']);
  });
  test('a trail that is a folder is reported the same way', async () => {
    const dir = tempDir('hmc-audit-dir-');
    const { svc, diagnostics } = service(dir);
    await expect(svc.list({ limit: 10 })).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    expect(diagnostics.lines).toEqual(['The audit trail could not be read']);
  });
  test('a write that fails rejects (the change is then not sent) and the next write still works', async () => {
    const dir = tempDir('hmc-audit-w-');
    writeFileSync(join(dir, 'audit'), 'a file where the folder should be');
    const { svc } = service(join(dir, 'audit', 'audit.jsonl'));
    await expect(svc.begin('a', 'test', {}, null)).rejects.toThrow();
    const ok = service();
    await expect(ok.svc.begin('a', 'test', {}, null)).resolves.toMatch(/^[0-9a-f-]{36}$/);
  });
});

test('audit.list is the service behind its handler', async () => {
  const { svc } = service();
  await svc.begin('x', 'test', {}, null);
  const handlers = auditHandlers(svc);
  const r = await handlers['audit.list']({ limit: 5 }, {} as never);
  expect(r.records[0]?.op).toBe('x');
});

test('redaction and the actor', () => {
  expect(redactInput({ a: { adminPassword: 'x', list: ['y'] }, credential: 'z' })).toEqual({ a: { adminPassword: '********', list: ['y'] }, credential: '********' });
  expect(currentActor()).toMatch(/^.+@.+$/);
});

test('a redacted command keeps its closing quote', async () => {
  const { svc, file } = service();
  await svc.begin('mailbox.enableRemote', 'cli', { displayName: 'Lee password=Zx9!q' }, "Enable-RemoteMailbox -Identity 'lee' -DisplayName 'Lee password=Zx9!q' -Alias lee");
  const rec = JSON.parse(readFileSync(file, 'utf8').trim()) as { command: string; input: { displayName: string } };
  expect(rec.command).toBe("Enable-RemoteMailbox -Identity 'lee' -DisplayName 'Lee password=********' -Alias lee");
  expect(rec.input.displayName).toBe('Lee password=********');
});
