import { expect, test } from 'vitest';
import { durationText, pairRecords, rowMatches, targetOf } from '../../../shared/audit/records';
import type { AuditRecord } from '../../../shared/audit/schemas';

const rec = (over: Partial<AuditRecord>): AuditRecord => ({ id: 'a', phase: 'start', time: '2026-12-01T10:00:00.000Z', op: 'mailbox.setHidden', door: 'cli', command: null, ...over });

test('start and end records pair by id, newest first, a missing end stays null', () => {
  const rows = pairRecords([
    rec({ id: 'b', phase: 'end', outcome: 'ok', time: '2026-12-01T10:00:03.500Z' }),
    rec({ id: 'b', phase: 'start', time: '2026-12-01T10:00:01.000Z', command: 'Set-RemoteMailbox', input: { identity: 'ann' } }),
    rec({ id: 'a', phase: 'start', input: { samAccountName: 'bob' } }),
  ]);
  expect(rows.map((r) => r.id)).toEqual(['b', 'a']);
  expect(rows[0]).toMatchObject({ start: { command: 'Set-RemoteMailbox' }, end: { outcome: 'ok' } });
  expect(rows[1]!.end).toBeNull();
  expect(durationText(rows[0]!)).toBe('2.5 s');
  expect(durationText(rows[1]!)).toBe('');
  expect(targetOf(rows[0]!)).toBe('ann');
  expect(targetOf(rows[1]!)).toBe('bob');
  expect(targetOf({ id: 'x', start: null, end: null })).toBe('');
});

test('the filter looks at operation, command, input and error', () => {
  const [row] = pairRecords([rec({ phase: 'end', error: { code: 'TIMEOUT', message: 'slow' } }), rec({ input: { identity: "O'Brien" } })]);
  expect(rowMatches(row!, '')).toBe(true);
  expect(rowMatches(row!, 'o\'brien')).toBe(true);
  expect(rowMatches(row!, 'timeout')).toBe(true);
  expect(rowMatches(row!, 'sethidden')).toBe(true);
  expect(rowMatches(row!, 'nobody')).toBe(false);
});
