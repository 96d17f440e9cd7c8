/**
 * The alert rules, as a pure state machine: a failure comes in, the state says whether it makes a
 * mail. Per rule and source: a sliding window of failure times (threshold N within M minutes;
 * N = 1 is "any failure"), a cool-down after each alert during which failures are only counted,
 * and quiet hours during which failures are held and reported in one mail when they end.
 *
 * One failure makes at most one mail whatever number of rules match it. The same functions run
 * live (state persisted in the data folder, shared by every process) and in the 24-hour preview
 * (a fresh state replayed over the logged failures at their own times).
 */
import { ANY_SOURCE, DEFAULT_ALERT_RULE, type AlertRule, type Failure, type QuietHours } from './schemas';

const MINUTE = 60_000;
/** Failures kept per key to list in the mail (the count is always exact). */
const SAMPLE = 20;
const SAMPLE_ERROR_CHARS = 500;

export interface KeyState {
  /** Times (ms) of the failures in the current window, oldest first (at most `threshold`). */
  recent: number[];
  /** The latest failures since the last mail (at most SAMPLE), to list in the next one. */
  sample: Failure[];
  lastAlertAt: number | null;
  /** Counted but not mailed since the last alert (cool-down, below threshold). */
  suppressed: number;
  /** Held during quiet hours, reported when they end. */
  held: number;
  heldSample: Failure[];
  lastSeenAt: number;
}

export interface EngineState {
  keys: Record<string, KeyState>;
}

export function emptyEngineState(): EngineState {
  return { keys: {} };
}

export interface Fire {
  reason: 'alert' | 'quiet-hours';
  rule: AlertRule;
  key: string;
  /** The failure the mail is about (the trigger, or the first held one). */
  failure: Failure;
  /** Some of the other failures it reports (the latest SAMPLE since the previous mail), oldest first. */
  related: Failure[];
  /** Failures counted and not mailed since the previous mail of this key: the mail reports 1 + this many. */
  suppressedBefore: number;
  at: number;
}

export type Outcome = 'fired' | 'cool-down' | 'below-threshold' | 'quiet-hours' | 'no-rule';

/** The rules in effect: the configured ones, or the default when none is. */
export function effectiveRules(configured: AlertRule[]): { rules: AlertRule[]; isDefault: boolean } {
  return configured.length ? { rules: configured, isDefault: false } : { rules: [DEFAULT_ALERT_RULE], isDefault: true };
}

export function ruleMatches(rule: AlertRule, source: string): boolean {
  return rule.source === ANY_SOURCE || rule.source.toLowerCase() === source.toLowerCase();
}

function ruleSignature(rule: AlertRule): string {
  const q = rule.quietHours ? `${rule.quietHours.from}-${rule.quietHours.to}` : '';
  return `${rule.source.toLowerCase()}|${rule.threshold}|${rule.windowMinutes}|${rule.coolDownMinutes}|${q}`;
}

/** State is kept per rule (by its settings, so an edited rule starts afresh) and per source. */
function keyOf(rule: AlertRule, source: string): string {
  return `${ruleSignature(rule)}\u0000${source.toLowerCase()}`;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** Whether a local time falls in quiet hours (from inclusive, to exclusive; may wrap midnight). */
export function inQuietHours(q: QuietHours | null, at: number): boolean {
  if (!q) return false;
  const d = new Date(at);
  const m = d.getHours() * 60 + d.getMinutes();
  const from = minutesOf(q.from);
  const to = minutesOf(q.to);
  if (from === to) return false;
  return from < to ? m >= from && m < to : m >= from || m < to;
}

function slim(f: Failure): Failure {
  return f.error.length > SAMPLE_ERROR_CHARS ? { ...f, error: `${f.error.slice(0, SAMPLE_ERROR_CHARS)}…` } : f;
}

function blank(at: number): KeyState {
  return { recent: [], sample: [], lastAlertAt: null, suppressed: 0, held: 0, heldSample: [], lastSeenAt: at };
}

/**
 * Applies one failure at time `at` (ms). Mutates and returns `state`; the fire, when the failure
 * makes a mail (the first matching rule that fires wins; the others only count it).
 */
export function applyFailure(state: EngineState, failure: Failure, rules: AlertRule[], at: number): { fire: Fire | null; outcome: Outcome } {
  let fire: Fire | null = null;
  let outcome: Outcome = 'no-rule';
  const rank: Record<Outcome, number> = { 'no-rule': 0, 'below-threshold': 1, 'cool-down': 2, 'quiet-hours': 3, fired: 4 };
  for (const rule of rules) {
    if (!ruleMatches(rule, failure.source)) continue;
    const key = keyOf(rule, failure.source);
    const ks = (state.keys[key] ??= blank(at));
    ks.lastSeenAt = at;
    let result: Outcome;
    if (inQuietHours(rule.quietHours, at)) {
      ks.held++;
      if (ks.heldSample.length < SAMPLE) ks.heldSample.push(slim(failure));
      result = 'quiet-hours';
    } else {
      const since = at - rule.windowMinutes * MINUTE;
      ks.recent = ks.recent.filter((t) => t > since);
      ks.recent.push(at);
      if (ks.recent.length > rule.threshold) ks.recent.splice(0, ks.recent.length - rule.threshold);
      ks.sample.push(slim(failure));
      if (ks.sample.length > SAMPLE + 1) ks.sample.splice(0, ks.sample.length - SAMPLE - 1);
      const cooling = ks.lastAlertAt !== null && at - ks.lastAlertAt < rule.coolDownMinutes * MINUTE;
      if (ks.recent.length < rule.threshold) {
        ks.suppressed++;
        result = 'below-threshold';
      } else if (cooling) {
        ks.suppressed++;
        result = 'cool-down';
      } else {
        // The first rule that fires makes the mail; every other one that would have fired starts its
        // cool-down too, since that mail covers this failure.
        fire ??= { reason: 'alert', rule, key, failure, related: ks.sample.slice(0, -1), suppressedBefore: ks.suppressed, at };
        ks.lastAlertAt = at;
        ks.suppressed = 0;
        ks.recent = [];
        ks.sample = [];
        result = 'fired';
      }
    }
    if (rank[result] > rank[outcome]) outcome = result;
  }
  return { fire, outcome };
}

/**
 * Time passing: quiet hours that have ended release what they held, as one mail per key. Keys
 * idle for two days are forgotten.
 */
export function applyTick(state: EngineState, rules: AlertRule[], at: number): Fire[] {
  const fires: Fire[] = [];
  const bySignature = new Map<string, AlertRule>();
  for (const rule of rules) bySignature.set(ruleSignature(rule), rule);
  for (const [key, ks] of Object.entries(state.keys)) {
    const rule = bySignature.get(key.slice(0, key.indexOf('\u0000')));
    if (!rule || at - ks.lastSeenAt > 2 * 24 * 60 * MINUTE) {
      if (!rule || ks.held === 0) delete state.keys[key];
      continue;
    }
    if (ks.held > 0 && !inQuietHours(rule.quietHours, at)) {
      const [first, ...rest] = ks.heldSample;
      if (first) fires.push({ reason: 'quiet-hours', rule, key, failure: first, related: rest, suppressedBefore: ks.held - 1, at });
      ks.held = 0;
      ks.heldSample = [];
      ks.lastAlertAt = at;
    }
  }
  return fires;
}

/** The time (ms) a failure happened: its own time (local as written, or ISO with a zone), else `fallback`. */
export function failureTime(f: Failure, fallback: number): number {
  if (!f.time) return fallback;
  const t = new Date(f.time).getTime();
  return Number.isFinite(t) ? t : fallback;
}

/** What the rules would have sent for these failures (oldest first), each at its own time, up to `endAt`. */
export function replay(failures: Failure[], rules: AlertRule[], endAt?: number): { fires: Fire[]; suppressed: number } {
  const state = emptyEngineState();
  const fires: Fire[] = [];
  let suppressed = 0;
  for (const f of failures) {
    const at = failureTime(f, 0);
    fires.push(...applyTick(state, rules, at));
    const { fire } = applyFailure(state, f, rules, at);
    if (fire) fires.push(fire);
    else suppressed++;
  }
  if (endAt !== undefined) fires.push(...applyTick(state, rules, endAt));
  return { fires, suppressed };
}
