import { resolve } from 'node:path';
import { LogLevel, type LogEntry, type LogFilter } from '../../../shared/logs/schemas';
import { usageError, type Command } from '../framework';

/** The CLI's entry shape: exactly these fields, in this order. */
export function cliEntry(e: LogEntry) {
  return { time: e.time, level: e.level, user: e.user, message: e.message, lines: e.lines, file: e.file, offset: e.offset };
}

/** A merged search (several sources): the entry shape plus the source it came from. */
export function cliMergedEntry(e: LogEntry) {
  return { ...cliEntry(e), source: e.source ?? null };
}

function humanEntries(entries: LogEntry[], withSource = false): string {
  if (!entries.length) return 'No entries.';
  return entries
    .map((e) => {
      const first = e.message.split('\n')[0] ?? '';
      const more = e.lines > 1 ? ` (+${e.lines - 1} lines)` : '';
      const src = withSource ? `${(e.source ?? '').padEnd(16)}  ` : '';
      return `${e.time ?? '-'.padEnd(19)}  ${src}${e.level.padEnd(7)}  ${(e.user ?? '').padEnd(16)}  ${first.slice(0, 160)}${more}`;
    })
    .join('\n');
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The filter the search options ask for (the contract's one LogFilter). */
function filterOf(v: Record<string, unknown>): LogFilter {
  const level = str(v.level);
  const parsed = LogLevel.safeParse(level);
  if (level !== undefined && !parsed.success) throw usageError(`--level must be error, warning or info (got "${level}").`);
  return {
    user: str(v.user),
    text: str(v.text),
    regex: str(v.regex),
    caseSensitive: Boolean(v.case),
    level: parsed.success ? parsed.data : undefined,
    since: str(v.since),
    until: str(v.until),
  };
}

export const logsCommands: Command[] = [
  {
    path: ['logs', 'parse'],
    usage: 'hmc logs parse FILE [--json]',
    summary: 'Print the entries of one log file in file order (time, level, user, message, lines, file, offset).',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const core = await ctx.core();
      const file = resolve(ctx.args.positionals[0]!);
      const out = await core.router.invoke('logs.parse', { path: file }, { door: 'cli' });
      const entries = out.entries.map(cliEntry);
      if (out.encodingWarning) ctx.warn(`warning: ${out.encodingWarning}`);
      return { value: entries, human: `${humanEntries(out.entries)}\n${entries.length} entries, ${out.encoding}.` };
    },
  },
  {
    path: ['logs', 'search'],
    usage: 'hmc logs search --source NAME [--source NAME...]|--source \'*\'|--path GLOB [--user SAM] [--text T] [--regex R] [--case] [--level error] [--since ISO] [--until ISO] [--limit N] [--json]',
    summary: 'Search the logs of one or more sources (merged by time; * = every enabled source) or a path glob, newest first, printing whole entries.',
    options: {
      source: { type: 'string', multiple: true },
      path: { type: 'string' },
      user: { type: 'string' },
      text: { type: 'string' },
      regex: { type: 'string' },
      case: { type: 'boolean', default: false },
      level: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
    },
    async run(ctx) {
      const v = ctx.args.values;
      const filter = filterOf(v);
      const limitText = str(v.limit);
      const limit = limitText === undefined ? 100_000 : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1) throw usageError('--limit must be a positive whole number.');
      const names = (Array.isArray(v.source) ? v.source : []).filter((n): n is string => typeof n === 'string');
      if (names.some((n) => n === '')) throw usageError('--source needs a source name (or * for every enabled source).');
      if (!names.length && !str(v.path)) throw usageError('Give --source NAME or --path GLOB. Usage: hmc logs search --source NAME|--path GLOB ...');
      if (names.length > 20) throw usageError('Give at most 20 --source options (or --source * for every enabled source).');
      const merged = names.length > 1 || names[0] === '*';
      const core = await ctx.core();
      const path = str(v.path);
      const out = await core.router.invoke(
        'logs.search',
        {
          source: merged ? undefined : names[0],
          sources: merged ? names : undefined,
          path: path === undefined ? undefined : resolve(path),
          ...filter,
          limit: Math.min(limit, 100_000),
        },
        { door: 'cli' },
      );
      if (out.truncated) ctx.warn(`More entries matched than --limit ${limit}; showing the newest ${out.entries.length}.`);
      return {
        value: out.entries.map(merged ? cliMergedEntry : cliEntry),
        human: `${humanEntries(out.entries, merged)}\n${out.entries.length} entries in ${out.files.length} files.`,
      };
    },
  },
];
