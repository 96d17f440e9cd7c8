import { describe, expect, it } from 'vitest';
import { checkEvents } from '../../../shared/story/build';
import type { RunSummary } from '../../../shared/story/runs';
import type { CheckRun } from '../../../shared/connectivity/schemas';

const run = (start: string, hosts: string[], outcome: RunSummary['outcome']): RunSummary =>
  ({ id: start, file: 'f.log', offset: 0, start, end: start, seconds: 1, hosts, failures: [], outcome, rule: 'AfterCreate', evidence: null }) as unknown as RunSummary;
const check = (id: string, startedAt: string, host: string, verdict: 'ok' | 'failed'): CheckRun =>
  ({ id, startedAt, hosts: [{ host, verdict, firstFailure: verdict === 'ok' ? null : { layer: 'tcp', hint: 'refused' }, layers: [] }] }) as unknown as CheckRun;

describe('connectivity checks in a story', () => {
  it('takes, per host tried, the check nearest to the last failed run, matching short and full names', () => {
    const runs = [run('2026-12-01T08:00:00', ['mx-hyb01'], 'failed'), run('2026-12-02T08:00:00', ['mx-hyb01'], 'succeeded')];
    const history = [check('a', '2026-11-01T08:00:00', 'mx-hyb01.corp.example.org', 'ok'), check('b', '2026-12-01T08:10:00', 'MX-HYB01.corp.example.org', 'failed')];
    const events = checkEvents(runs, history);
    expect(events.map((e) => [e.link?.id, e.outcome])).toEqual([['b', 'failed']]);
    expect(events[0]!.title).toBe('Connectivity check of MX-HYB01.corp.example.org: failed at tcp: refused.');
  });

  it('adds nothing without runs, without a history, or for hosts the runs never tried', () => {
    expect(checkEvents([], [check('a', '2026-12-01T08:00:00', 'x', 'ok')])).toEqual([]);
    expect(checkEvents([run('2026-12-01T08:00:00', ['mx-hyb01'], 'failed')], [])).toEqual([]);
    expect(checkEvents([run('2026-12-01T08:00:00', ['mx-hyb01'], 'failed')], [check('a', '2026-12-01T08:00:00', 'other.example.org', 'failed')])).toEqual([]);
    // Addresses are compared whole, not by their first label.
    expect(checkEvents([run('2026-12-01T08:00:00', ['10.0.0.5'], 'failed')], [check('a', '2026-12-01T08:00:00', '10.0.0.6', 'failed')])).toEqual([]);
    expect(checkEvents([run('2026-12-01T08:00:00', ['10.0.0.5'], 'failed')], [check('a', '2026-12-01T08:00:00', '10.0.0.5:8080', 'failed')])).toHaveLength(1);
  });
});
