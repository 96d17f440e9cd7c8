/**
 * logs.failures: the users with failures (error entries naming a user) in the enabled sources' files of a
 * day (and in the files the page has open), newest failure first; or, for one user, every failure the
 * sources' files hold.
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

/** The label of failures found in an opened file rather than a configured source. */
export const OPENED_FILE = 'opened file';

export async function failures(
  deps: { sources: LogSources; clock: () => Date; diagnostics: Diagnostics; openedPath?: (id: string) => string | null },
  input: z.output<typeof LogsFailuresInput>,
): Promise<FailuresOutput> {
  const date = input.date ?? formatLocalDate(localDateOf(deps.clock()));
  const sources = input.source ? [await deps.sources.byName(input.source)] : await deps.sources.enabled();
  if (input.user) return { date, users: [], entries: await userFailures(deps.sources, sources, input.user, input.limit) };
  const day = parseLocalDate(date)!;
  const files: Array<{ path: string; name: string; folder?: string }> = sources.map((src) => ({ path: join(src.folder, fileNameFor(src.pattern, day)), name: src.name, folder: src.folder }));
  for (const id of input.opened ?? []) {
    const path = deps.openedPath?.(id);
    // A file the page no longer holds open is skipped: the sources still answer.
    if (path && !files.some((f) => f.path.toLowerCase() === path.toLowerCase())) files.push({ path, name: OPENED_FILE });
  }
  return { date, users: await usersWithFailures(deps.diagnostics, files, date, input.limit), entries: [] };
}

async function userFailures(all: LogSources, sources: LogSource[], user: string, limit: number): Promise<FailuresOutput['entries']> {
  const files: string[] = [];
  for (const src of sources) files.push(...(await all.files(src)).map((f) => f.path));
  const r = await searchFiles(files, compileFilter({ level: 'error', user }), limit);
  return r.entries.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
}

async function usersWithFailures(diagnostics: Diagnostics, files: Array<{ path: string; name: string; folder?: string }>, date: string, limit: number): Promise<FailuresOutput['users']> {
  const filter = compileFilter({ level: 'error', since: date, until: date });
  const users = new Map<string, UserFailures>();
  for (const { path, name, folder } of files) {
    // A source's file must really be inside its folder (a link may lead out); an opened file was checked when it was opened.
    if (!(await statIfExists(path, diagnostics)) || (folder !== undefined && !(await inFolder(path, folder)))) continue;
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
      u.sources.add(name);
    });
  }
  return [...users.values()]
    .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
    .slice(0, limit)
    .map((u) => ({ ...u, sources: [...u.sources] }));
}
