/**
 * The one entry filter (`LogFilter`, the zod schema in schemas.ts): compiled for search and the filtered
 * views of opened files, and edited by the renderer's filter bar through the pure helpers below (the form's
 * state is a LogFilter too: its text sits in `text`, or in `regex` when the text is a regular expression).
 */
import { HmcError } from '../errors';
import { LEVEL_RANK, entryMatchesUser, normaliseTimeBound, type LogLevel } from './parse';
import type { LogFilter } from './schemas';

export interface FilterableEntry {
  time: string | null;
  level: LogLevel;
  user: string | null;
  /** Every name the entry's run used for its person (lower-cased), when the entry's run is known. */
  names?: readonly string[];
  message: string;
  xml: string | null;
}

export interface CompiledFilter {
  spec: LogFilter;
  /** A literal every matching entry contains (for byte-level prefiltering), or null. */
  literal: string | null;
  literalCaseSensitive: boolean;
  /** Only level / time conditions (the index can answer without reading text). */
  indexOnly: boolean;
  since: string | null;
  until: string | null;
  matches(e: FilterableEntry): boolean;
}

export function compileFilter(spec: LogFilter): CompiledFilter {
  const cs = Boolean(spec.caseSensitive);
  let re: RegExp | null = null;
  if (spec.regex) {
    try {
      re = new RegExp(spec.regex, cs ? '' : 'i');
    } catch (e) {
      throw new HmcError('INVALID_INPUT', `The regular expression is not valid (${(e as Error).message}); fix it or search for plain text.`);
    }
  }
  const since = spec.since ? normaliseTimeBound(spec.since) : null;
  const until = spec.until ? normaliseTimeBound(spec.until) : null;
  if (spec.since && !since) throw new HmcError('INVALID_INPUT', `--since ${spec.since} is not a date or date-time; use e.g. 2025-03-03 or 2025-03-03T09:00.`);
  if (spec.until && !until) throw new HmcError('INVALID_INPUT', `--until ${spec.until} is not a date or date-time; use e.g. 2025-03-03 or 2025-03-03T18:00.`);
  // A bare date as --until means the whole day.
  const untilInclusive = spec.until && /^\d{4}-\d{2}-\d{2}$/.test(spec.until.trim()) ? `${until!.slice(0, 10)}T23:59:59.999` : until;
  const text = spec.text ?? '';
  const textCmp = cs ? text : text.toLowerCase();
  const user = spec.user?.trim() ?? '';
  const minRank = spec.minLevel ? LEVEL_RANK[spec.minLevel] : -1;
  const literal = user || (text && !re ? text : '') || null;
  return {
    spec,
    literal,
    literalCaseSensitive: user ? false : cs,
    indexOnly: !text && !re && !user && spec.xml === undefined,
    since,
    until: untilInclusive,
    matches(e) {
      if (spec.level && e.level !== spec.level) return false;
      if (minRank >= 0 && LEVEL_RANK[e.level] < minRank) return false;
      if (since || untilInclusive) {
        if (!e.time) return false;
        if (since && e.time < since) return false;
        if (untilInclusive && e.time > untilInclusive) return false;
      }
      if (spec.xml !== undefined && (e.xml !== null) !== spec.xml) return false;
      if (text && !(cs ? e.message : e.message.toLowerCase()).includes(textCmp)) return false;
      if (re && !re.test(e.message)) return false;
      if (user && !entryMatchesUser(e.user, e.message, user, e.names)) return false;
      return true;
    },
  };
}

/** Whether a filter asks for anything (case sensitivity alone does not; empty strings do not count). */
export function isActiveFilter(f: LogFilter | undefined): f is LogFilter {
  if (!f) return false;
  return Object.entries(f).some(([k, v]) => k !== 'caseSensitive' && v !== undefined && v !== '');
}

// ---------------------------------------------------------------------------------------------
// The filter bar's state (a LogFilter being edited) and what it applies.

/** The level menu: everything, errors, warnings and errors, or info only. */
export type LevelChoice = '' | 'error' | 'warning' | 'info';

export const NO_FILTER: LogFilter = { text: '', caseSensitive: false };

export function levelChoice(f: LogFilter): LevelChoice {
  if (f.level) return f.level;
  return f.minLevel === 'warning' ? 'warning' : '';
}

/** `warning` means warnings and errors (a minimum level); the others are exact. */
export function withLevelChoice(f: LogFilter, choice: LevelChoice): LogFilter {
  const { level: _l, minLevel: _m, ...rest } = f;
  if (choice === 'warning') return { ...rest, minLevel: 'warning' };
  return choice ? { ...rest, level: choice } : rest;
}

export function isRegexFilter(f: LogFilter): boolean {
  return f.regex !== undefined;
}

/** The text box's value: the plain text or the regular expression. */
export function filterText(f: LogFilter): string {
  return f.regex ?? f.text ?? '';
}

export function withFilterText(f: LogFilter, value: string): LogFilter {
  const { text: _t, regex: _r, ...rest } = f;
  return isRegexFilter(f) ? { ...rest, regex: value } : { ...rest, text: value };
}

/** Switches the text box between plain text and a regular expression, keeping what was typed. */
export function withRegexMode(f: LogFilter, regex: boolean): LogFilter {
  const { text: _t, regex: _r, ...rest } = f;
  const value = filterText(f);
  return regex ? { ...rest, regex: value } : { ...rest, text: value };
}

/** A histogram bar's time range, the rest of the filter kept. */
export function withTimeRange(f: LogFilter, since: string, until: string): LogFilter {
  return { ...f, since, until };
}

/**
 * What the filter bar applies: empty fields dropped, the user trimmed, case sensitivity always stated;
 * undefined when nothing is asked for (the unfiltered view).
 */
export function appliedFilter(f: LogFilter): LogFilter | undefined {
  const out: LogFilter = { caseSensitive: Boolean(f.caseSensitive) };
  const text = filterText(f);
  if (text) {
    if (isRegexFilter(f)) out.regex = text;
    else out.text = text;
  }
  if (f.level) out.level = f.level;
  if (f.minLevel) out.minLevel = f.minLevel;
  const user = f.user?.trim();
  if (user) out.user = user;
  if (f.since) out.since = f.since;
  if (f.until) out.until = f.until;
  if (f.xml !== undefined) out.xml = f.xml;
  return isActiveFilter(out) ? out : undefined;
}
