import { describe, expect, it } from 'vitest';
import { applyFailure, applyTick, effectiveRules, emptyEngineState, inQuietHours, replay } from '../../../shared/notify/rules';
import { AlertRule, DEFAULT_ALERT_RULE, type Failure } from '../../../shared/notify/schemas';

const MIN = 60_000;
const T0 = new Date(2025, 2, 3, 10, 0, 0).getTime();
let n = 0;
function failure(source = 'After-create', at?: number): Failure {
  n++;
  return { id: `f${n}`, kind: 'log', source, time: at === undefined ? null : new Date(at).toISOString(), user: `u${n}`, operation: 'ConnectorAfterCreate', error: 'Cannot create mailbox', code: null, host: null, command: null, link: null };
}
const rule = (r: Partial<AlertRule>): AlertRule => AlertRule.parse(r);

describe('alert rules', () => {
  it('with none configured: any failure, a 15-minute cool-down', () => {
    expect(effectiveRules([])).toEqual({ rules: [DEFAULT_ALERT_RULE], isDefault: true });
    expect(DEFAULT_ALERT_RULE).toMatchObject({ source: '*', threshold: 1, coolDownMinutes: 15, quietHours: null });
    const s = emptyEngineState();
    const outcomes = [0, 1, 14, 15, 16].map((m) => applyFailure(s, failure(), [DEFAULT_ALERT_RULE], T0 + m * MIN));
    expect(outcomes.map((o) => o.outcome)).toEqual(['fired', 'cool-down', 'cool-down', 'fired', 'cool-down']);
    expect(outcomes[3]!.fire).toMatchObject({ suppressedBefore: 2 });
    expect(outcomes[3]!.fire!.related.map((f) => f.id)).toEqual([outcomes[1]!, outcomes[2]!].map((_, i) => `f${n - 3 + i}`));
  });

  it('counts sources apart under "*"', () => {
    const s = emptyEngineState();
    expect(applyFailure(s, failure('a'), [DEFAULT_ALERT_RULE], T0).outcome).toBe('fired');
    expect(applyFailure(s, failure('b'), [DEFAULT_ALERT_RULE], T0).outcome).toBe('fired');
    expect(applyFailure(s, failure('desk'), [rule({ source: 'a' })], T0).outcome).toBe('no-rule');
  });

  it('"more than N in M minutes": fires on the Nth failure within the window only', () => {
    const r = rule({ source: 'desk', threshold: 3, windowMinutes: 10, coolDownMinutes: 30 });
    const s = emptyEngineState();
    const at = (m: number) => applyFailure(s, failure('desk'), [r], T0 + m * MIN).outcome;
    expect([at(0), at(5), at(16), at(17)]).toEqual(['below-threshold', 'below-threshold', 'below-threshold', 'below-threshold']);
    // 0 and 5 aged out of the 10-minute window by 16: 16, 17, 18 are three within it.
    const third = applyFailure(s, failure('desk'), [r], T0 + 18 * MIN);
    expect(third.outcome).toBe('fired');
    expect(third.fire!.suppressedBefore).toBe(4);
    expect(third.fire!.related).toHaveLength(4);
    expect(at(19)).toBe('below-threshold');
  });

  it('one failure gives one mail whatever number of rules match it', () => {
    const s = emptyEngineState();
    const both = [rule({ source: '*' }), rule({ source: 'After-create', coolDownMinutes: 5 })];
    const first = applyFailure(s, failure(), both, T0);
    expect(first.fire).not.toBeNull();
    expect(first.outcome).toBe('fired');
    expect(replay([failure(undefined, T0), failure(undefined, T0 + MIN)], both).fires).toHaveLength(1);
  });

  it('quiet hours hold failures and report them in one mail when they end (also across midnight)', () => {
    const q = { from: '22:00', to: '06:00' };
    expect(inQuietHours(q, new Date(2025, 2, 3, 23, 30).getTime())).toBe(true);
    expect(inQuietHours(q, new Date(2025, 2, 4, 5, 59).getTime())).toBe(true);
    expect(inQuietHours(q, new Date(2025, 2, 4, 6, 0).getTime())).toBe(false);
    expect(inQuietHours({ from: '12:00', to: '12:00' }, T0)).toBe(false);
    const r = rule({ quietHours: q });
    const s = emptyEngineState();
    const night = new Date(2025, 2, 3, 23, 0).getTime();
    for (let i = 0; i < 30; i++) expect(applyFailure(s, failure(), [r], night + i * MIN).outcome).toBe('quiet-hours');
    expect(applyTick(s, [r], new Date(2025, 2, 4, 5, 0).getTime())).toEqual([]);
    const fires = applyTick(s, [r], new Date(2025, 2, 4, 6, 1).getTime());
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({ reason: 'quiet-hours', suppressedBefore: 29 });
    expect(fires[0]!.related).toHaveLength(19);
    expect(applyTick(s, [r], new Date(2025, 2, 4, 6, 2).getTime())).toEqual([]);
  });

  it('a burst of 500 within one cool-down window makes one mail; replay at the failures\' own times', () => {
    const burst = Array.from({ length: 500 }, (_, i) => failure('After-create', T0 + i * 1_000));
    const { fires, suppressed } = replay(burst, [rule({ coolDownMinutes: 5 })]);
    // 500 s: the first at 0 s, the next after the 5-minute cool-down at 300 s.
    expect(fires.map((f) => f.at - T0)).toEqual([0, 300_000]);
    expect(fires[1]!.suppressedBefore).toBe(299);
    expect(suppressed).toBe(498);
  });

  it('an edited rule starts afresh; keys idle for two days are forgotten', () => {
    const s = emptyEngineState();
    applyFailure(s, failure(), [rule({ coolDownMinutes: 15 })], T0);
    expect(applyFailure(s, failure(), [rule({ coolDownMinutes: 16 })], T0 + MIN).outcome).toBe('fired');
    applyTick(s, [rule({ coolDownMinutes: 16 })], T0 + 3 * 24 * 60 * MIN);
    expect(Object.keys(s.keys)).toEqual([]);
  });
});
