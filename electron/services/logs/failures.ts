/**
 * logs.failures: the users with failures (error entries naming a user) in the enabled sources' files of a
 * day, newest failure first; or, for one user, every failure the sources' files hold.
 */
import { join } from 'node:path';
import type { z } from 'zod';
import { compileFilter } from '../../../shared/logs/filter';
import { fileNameFor, formatLocalDate, localDateOf, parseLocalDate } from '../../../shared/logs/pattern';
import type { LogsFailuresInput, LogsFailuresOutput } from '../../../shared/logs/schemas';
import type { LogSource } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import { toLogEntry } from './entries';
import { statIfExists } from './files';
import { inFolder } from './access';
import { searchFile } from './search';
import { searchFiles } from './search-logs';
import type { LogSources } from './sources';

type FailuresOutput = z.output<typeof LogsFailuresOutput>;

interface UserFailures {
  user: string;
  failures: number;
  last: string | null;
  lastMessage: string;
  sources: Set<string>;
}

/** How much of the last failure's first line is shown. */
const LAST_MESSAGE_MAX = 300;

export async function failures(
  deps: { sources: LogSources; clock: () => Date; diagnostics: Diagnostics },
  input: z.output<typeof LogsFailuresInput>,
): Promise<FailuresOutput> {
  const date = input.date ?? formatLocalDate(localDateOf(deps.clock()));
  const sources = input.source ? [await deps.sources.byName(input.source)] : await deps.sources.enabled();
  if (input.user) return { date, users: [], entries: await userFailures(deps.sources, sources, input.user, input.limit) };
  return { date, users: await usersWithFailures(deps.diagnostics, sources, date, input.limit), entries: [] };
}

async function userFailures(all: LogSources, sources: LogSource[], user: string, limit: number): Promise<FailuresOutput['entries']> {
  const files: string[] = [];
  for (const src of sources) files.push(...(await all.files(src)).map((f) => f.path));
  const r = await searchFiles(files, compileFilter({ level: 'error', user }), limit);
  return r.entries.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

async function usersWithFailures(diagnostics: Diagnostics, sources: LogSource[], date: string, limit: number): Promise<FailuresOutput['users']> {
  const day = parseLocalDate(date)!;
  const filter = compileFilter({ level: 'error', since: date, until: date });
  const users = new Map<string, UserFailures>();
  for (const src of sources) {
    const path = join(src.folder, fileNameFor(src.pattern, day));
    if (!(await statIfExists(path, diagnostics)) || !(await inFolder(path, src.folder))) continue;
    await searchFile(path, filter, (e) => {
      if (!e.user) return;
      const key = e.user.toLowerCase();
      let u = users.get(key);
      if (!u) {
        u = { user: e.user, failures: 0, last: null, lastMessage: '', sources: new Set() };
        users.set(key, u);
      }
      u.failures++;
      if (!u.last || (e.time && e.time >= u.last)) {
        u.last = e.time;
        u.lastMessage = toLogEntry(e, path).message.split('\n')[0]!.slice(0, LAST_MESSAGE_MAX);
      }
      u.sources.add(src.name);
    });
  }
  return [...users.values()]
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
    .slice(0, limit)
    .map((u) => ({ ...u, sources: [...u.sources] }));
}
