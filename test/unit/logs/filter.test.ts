/**
 * The one entry filter (shared/logs/filter.ts): compiled for search and views, and the filter bar's helpers.
 */
import { describe, expect, it } from 'vitest';
import { normaliseTimeBound } from '../../../shared/logs/parse';
import {
  NO_FILTER,
  appliedFilter,
  compileFilter,
  filterText,
  isActiveFilter,
  isRegexFilter,
  levelChoice,
  withFilterText,
  withLevelChoice,
  withRegexMode,
  withTimeRange,
} from '../../../shared/logs/filter';
import { LogFilter } from '../../../shared/logs/schemas';

describe('filters', () => {
  const e = { time: '2025-03-03T09:14:07', level: 'error' as const, user: 'aobrien', message: 'Cannot create mailbox for aobrien', xml: null };
  it('combines text, regex, case, level, user and time range', () => {
    expect(compileFilter({ text: 'CANNOT' }).matches(e)).toBe(true);
    expect(compileFilter({ text: 'CANNOT', caseSensitive: true }).matches(e)).toBe(false);
    expect(compileFilter({ regex: 'mailbox\\s+for' }).matches(e)).toBe(true);
    expect(compileFilter({ level: 'warning' }).matches(e)).toBe(false);
    expect(compileFilter({ minLevel: 'warning' }).matches(e)).toBe(true);
    expect(compileFilter({ user: 'aobrien', since: '2025-03-03', until: '2025-03-03' }).matches(e)).toBe(true);
    expect(compileFilter({ since: '2025-03-03T09:15' }).matches(e)).toBe(false);
    expect(compileFilter({ until: '2025-03-02' }).matches(e)).toBe(false);
    expect(() => compileFilter({ regex: '(' })).toThrow(/regular expression/);
    expect(() => compileFilter({ since: 'yesterday' })).toThrow(/since/);
    expect(normaliseTimeBound('2025-03-03 09:00')).toBe('2025-03-03T09:00:00');
  });
});

describe('the filter bar', () => {
  it('applies nothing for an empty form, and nothing for case sensitivity alone', () => {
    expect(appliedFilter(NO_FILTER)).toBeUndefined();
    expect(appliedFilter({ text: '', caseSensitive: true, user: '  ' })).toBeUndefined();
    expect(isActiveFilter(undefined)).toBe(false);
    expect(isActiveFilter({ caseSensitive: true })).toBe(false);
    expect(isActiveFilter({ text: '' })).toBe(false);
    expect(isActiveFilter({ user: 'x' })).toBe(true);
  });

  it('applies what the form holds: trimmed user, text or regex, the level choice, the time range', () => {
    const form = withLevelChoice(withFilterText({ ...NO_FILTER, user: ' aobrien ', since: '2025-03-03T09:00' }, 'Cannot'), 'warning');
    expect(appliedFilter(form)).toEqual({ caseSensitive: false, text: 'Cannot', minLevel: 'warning', user: 'aobrien', since: '2025-03-03T09:00' });
    const regex = withRegexMode(form, true);
    expect(isRegexFilter(regex)).toBe(true);
    expect(filterText(regex)).toBe('Cannot');
    expect(appliedFilter({ ...regex, caseSensitive: true })).toEqual({ caseSensitive: true, regex: 'Cannot', minLevel: 'warning', user: 'aobrien', since: '2025-03-03T09:00' });
    expect(filterText(withRegexMode(regex, false))).toBe('Cannot');
    expect(isRegexFilter(withRegexMode(regex, false))).toBe(false);
    // Whatever the form holds, it applies a valid LogFilter.
    expect(LogFilter.safeParse(appliedFilter(regex)).success).toBe(true);
  });

  it('maps the level menu: errors and info exactly, warning as warnings and errors, all as none', () => {
    expect(withLevelChoice(NO_FILTER, 'error')).toMatchObject({ level: 'error' });
    expect(withLevelChoice(NO_FILTER, 'info')).toMatchObject({ level: 'info' });
    expect(withLevelChoice(NO_FILTER, 'warning')).toMatchObject({ minLevel: 'warning' });
    expect(withLevelChoice(withLevelChoice(NO_FILTER, 'warning'), '')).toEqual(NO_FILTER);
    for (const c of ['', 'error', 'warning', 'info'] as const) expect(levelChoice(withLevelChoice(NO_FILTER, c))).toBe(c);
  });

  it('takes a histogram bar as the time range, the rest kept', () => {
    const f = withTimeRange({ ...NO_FILTER, user: 'aobrien' }, '2025-03-03T09:00:00', '2025-03-03T09:59:59');
    expect(appliedFilter(f)).toEqual({ caseSensitive: false, user: 'aobrien', since: '2025-03-03T09:00:00', until: '2025-03-03T09:59:59' });
    expect(compileFilter(appliedFilter(f)!).matches({ time: '2025-03-03T09:30:00', level: 'info', user: 'aobrien', message: 'x', xml: null })).toBe(true);
  });
});
