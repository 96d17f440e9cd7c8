import { describe, expect, test } from 'vitest';
import { durationText, pairRecords, rowHasOutcome, rowMatches, targetOf } from '../../../shared/audit/records';
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

describe('reconciled and acknowledged records', () => {
  test('pair with their start; unfinished is a start without an end', () => {
    const base = { time: '2026-01-01T00:00:00Z', op: 'mailbox.enableRemote', door: 'cli', command: null };
    const rows = pairRecords([
      { ...base, id: 'a', phase: 'acknowledged' },
      { ...base, id: 'a', phase: 'reconciled', outcome: 'applied', note: 'n' },
      { ...base, id: 'a', phase: 'start' },
      { ...base, id: 'b', phase: 'end', outcome: 'ok' },
      { ...base, id: 'b', phase: 'start' },
    ]);
    const a = rows.find((r) => r.id === 'a')!;
    expect(a.end).toBeNull();
    expect(a.reconciled?.outcome).toBe('applied');
    expect(a.acknowledged).toBe(true);
    expect(rowHasOutcome(a, 'unfinished')).toBe(true);
    expect(rowHasOutcome(rows.find((r) => r.id === 'b')!, 'unfinished')).toBe(false);
    expect(rowHasOutcome(rows.find((r) => r.id === 'b')!, 'ok')).toBe(true);
  });
});
