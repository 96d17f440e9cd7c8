/** Finding changes (pure): outcome classes, the user match, time range, and spreadsheet-safe cells; the one time format. */
import { describe, expect, test } from 'vitest';
import { outcomeClass, rowPasses, spreadsheetSafe } from '../../../shared/audit/filter';
import { pairRecords } from '../../../shared/audit/records';
import type { AuditRecord } from '../../../shared/audit/schemas';
import { localTime } from '../../../shared/time';

const rec = (over: Partial<AuditRecord>): AuditRecord => ({ id: 'a', phase: 'start', time: '2026-12-01T10:00:00.000Z', op: 'mailbox.setHidden', door: 'cli', command: 'x', ...over });
const target = { displayName: "Seán O'Brien", samAccountName: 'sean.obrien', userPrincipalName: 'sean@corp.example', guid: 'AB-12' };

describe('outcome classes', () => {
  test.each([
    ['ok', 'ok'],
    ['applied', 'ok'],
    ['error', 'failed'],
    ['not-applied', 'failed'],
    ['unknown', 'unfinished'],
  ] as const)('an end with %s is %s', (outcome, cls) => {
    expect(outcomeClass(pairRecords([rec({ phase: 'end', outcome }), rec({})])[0]!)).toBe(cls);
  });
  test('a start without an end is unfinished', () => {
    expect(outcomeClass(pairRecords([rec({})])[0]!)).toBe('unfinished');
  });
});

test('the user matches a whole name (any case) or a display-name fragment, and the time range the start', () => {
  const [row] = pairRecords([rec({ target, input: { identity: 'AB-12' } })]);
  for (const u of ['sean.obrien', 'SEAN@corp.example', 'ab-12', "o'bri", 'SEÁN']) expect(rowPasses(row!, { user: u })).toBe(true);
  for (const u of ['sean.o', 'corp.example', 'bob']) expect(rowPasses(row!, { user: u })).toBe(false);
  expect(rowPasses(row!, { since: '2026-12-01T10:00:00Z', until: '2026-12-01T10:00:00Z' })).toBe(true);
  expect(rowPasses(row!, { since: '2026-12-01T11:00:00+01:00' })).toBe(true);
  expect(rowPasses(row!, { since: '2026-12-01T10:00:01Z' })).toBe(false);
  expect(rowPasses(row!, { actor: 'nobody' })).toBe(false);
});

test('cells a spreadsheet would read as a formula get an apostrophe; others stay as they are', () => {
  for (const c of ['=1+1', '+1', '-2', '@SUM(A1)', '\t=x', '\r=x']) expect(spreadsheetSafe(c)).toBe(`'${c}`);
  for (const c of ['Sean', "O'Brien", '', ' =x']) expect(spreadsheetSafe(c)).toBe(c);
});

test('one time format: local time with the zone', () => {
  expect(localTime('2026-12-04T20:05:09Z', 'Europe/Dublin')).toBe('2026-12-04 20:05:09 GMT');
  expect(localTime('2026-07-04T20:05:09Z', 'Europe/Berlin')).toBe('2026-07-04 22:05:09 CEST');
  expect(localTime('not a time')).toBe('not a time');
});
