/**
 * Log file-name patterns with date tokens and path globs (shared/logs/pattern.ts).
 */
import { describe, expect, it } from 'vitest';
import { compilePattern, fileNameFor, globToRegExp, nextDay } from '../../../shared/logs/pattern';

describe('patterns', () => {
  it('fills and matches date tokens in both naming styles', () => {
    const d = { year: 2025, month: 3, day: 3 };
    expect(fileNameFor('{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', d)).toBe('2025-03-03.ConnectorAfterCreate.log');
    expect(fileNameFor('ConnectorAfterCreate_{yyyy}{MM}{dd}.log', d)).toBe('ConnectorAfterCreate_20250303.log');
    expect(compilePattern('ConnectorAfterCreate_{yyyy}{MM}{dd}.log')('ConnectorAfterCreate_20251231.log')).toEqual({ year: 2025, month: 12, day: 31 });
    expect(compilePattern('{yyyy}-{MM}-{dd}.x.log')('2025-13-01.x.log')).toBeNull();
    expect(compilePattern('IQTrace.log')('iqtrace.log')).toEqual({ year: 1970, month: 1, day: 1 });
    expect(nextDay({ year: 2024, month: 2, day: 28 })).toEqual({ year: 2024, month: 2, day: 29 });
    expect(nextDay({ year: 2025, month: 12, day: 31 })).toEqual({ year: 2026, month: 1, day: 1 });
    expect(globToRegExp('*.log').test('a.log')).toBe(true);
    expect(globToRegExp('*.log').test('a/b.log')).toBe(false);
  });
});
