import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../../electron/services/connectivity/checker';

describe('verdict', () => {
  it('skipped layers do not count; warnings degrade; any failure fails', () => {
    const l = (status: 'pass' | 'warn' | 'fail' | 'skipped') => ({ layer: 'dns' as const, status, latencyMs: 1, detail: '', steps: [] });
    expect(verdictOf([l('pass'), l('skipped')])).toBe('ok');
    expect(verdictOf([l('pass'), l('warn')])).toBe('degraded');
    expect(verdictOf([l('warn'), l('fail')])).toBe('failed');
  });
});
