/**
 * Entry filters (text plain/regex with case option, level, user, time range), shared by search, the
 * filtered views of opened files and the renderer.
 */
import { HmcError } from '../errors';
import { LEVEL_RANK, entryMatchesUser, normaliseTimeBound, type LogLevel } from './parse';

export interface FilterSpec {
  text?: string;
  regex?: string;
  caseSensitive?: boolean;
  level?: LogLevel;
  minLevel?: LogLevel;
  user?: string;
  since?: string;
  until?: string;
  xml?: boolean;
}

export interface FilterableEntry {
  time: string | null;
  level: LogLevel;
  user: string | null;
  message: string;
  xml: string | null;
}

export interface CompiledFilter {
  spec: FilterSpec;
  /** A literal every matching entry contains (for byte-level prefiltering), or null. */
  literal: string | null;
  literalCaseSensitive: boolean;
  /** Only level / time conditions (the index can answer without reading text). */
  indexOnly: boolean;
  since: string | null;
  until: string | null;
  matches(e: FilterableEntry): boolean;
}

export function compileFilter(spec: FilterSpec): CompiledFilter {
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
      if (user && !entryMatchesUser(e.user, e.message, user)) return false;
      return true;
    },
  };
}
