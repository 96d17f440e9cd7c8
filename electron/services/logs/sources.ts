/**
 * The configured log sources (settings > logs) and their files: a source is a folder plus a file-name
 * pattern with date tokens (one file a day) or without (one fixed file, e.g. IQTrace.log). Also what a
 * target names: a file path, a source's file for a day, or a path glob for a search.
 */
import { basename, dirname, join } from 'node:path';
import { readdir, realpath, stat } from 'node:fs/promises';
import { HmcError } from '../../../shared/errors';
import {
  compilePattern,
  fileNameFor,
  formatLocalDate,
  globToRegExp,
  hasDateTokens,
  localDateOf,
  parseLocalDate,
} from '../../../shared/logs/pattern';
import type { z } from 'zod';
import type { LogTarget, LogsSourcesOutput } from '../../../shared/logs/schemas';
import type { LogSource, Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import { listFolder, statIfExists } from './files';
import type { FollowTarget } from './follow';
import { fileError } from './reader';
import { isInside } from './access';

/** The real path of `p`, or null when it cannot be resolved (gone, a broken link). */
async function realOf(p: string): Promise<string | null> {
  try {
    return await realpath(p);
  } catch (e) {
    // Absent or a broken link: not one of the source's files, which is the answer wanted.
    void e;
    return null;
  }
}

export interface SourceFile {
  path: string;
  name: string;
  date: string | null;
  size: number;
  modified: string;
  mtime: number;
}

export interface SourcesDeps {
  settings: () => Promise<Settings>;
  clock: () => Date;
  diagnostics: Diagnostics;
}

/** At most this many sources in one merged search. */
const MAX_MERGED = 20;

export class LogSources {
  constructor(private readonly deps: SourcesDeps) {}

  async byName(name: string): Promise<LogSource> {
    const settings = await this.deps.settings();
    const src = settings.logs.sources.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!src) {
      const names = settings.logs.sources.map((s) => s.name).join(', ') || 'none configured';
      throw new HmcError('INVALID_INPUT', `There is no log source named "${name}" (sources: ${names}); check the name or add it in Settings > Logs.`);
    }
    return src;
  }

  /** The sources a `sources` list names (`*` alone: every enabled one), each once. */
  async byNames(names: string[]): Promise<LogSource[]> {
    if (names.includes('*')) {
      if (names.length > 1) throw new HmcError('INVALID_INPUT', 'The source name * (every enabled source) cannot be combined with other names; give * alone or list the sources.');
      const enabled = await this.enabled();
      if (!enabled.length) throw new HmcError('INVALID_INPUT', 'No log source is enabled; enable or add one in Settings > Logs.');
      return enabled.slice(0, MAX_MERGED);
    }
    const out: LogSource[] = [];
    for (const n of names) {
      const src = await this.byName(n);
      if (!out.includes(src)) out.push(src);
    }
    return out;
  }

  async enabled(): Promise<LogSource[]> {
    return (await this.deps.settings()).logs.sources.filter((s) => s.enabled);
  }

  /** Files of a source, newest first; a link that leads out of the source's folder is not one of them. */
  async files(src: LogSource, max = Infinity): Promise<SourceFile[]> {
    const { diagnostics } = this.deps;
    const folder = await realOf(src.folder);
    if (!folder) return [];
    const within = async (p: string) => {
      const real = await realOf(p);
      return real !== null && isInside(real, folder);
    };
    if (!hasDateTokens(src.pattern)) {
      const p = join(src.folder, src.pattern);
      const st = await statIfExists(p, diagnostics);
      return st?.isFile() && (await within(p)) ? [{ path: p, name: src.pattern, date: null, size: st.size, modified: st.mtime.toISOString(), mtime: st.mtimeMs }] : [];
    }
    const match = compilePattern(src.pattern);
    const found: SourceFile[] = [];
    for (const name of await listFolder(src.folder, diagnostics)) {
      const d = match(name);
      if (!d) continue;
      const p = join(src.folder, name);
      const st = await statIfExists(p, diagnostics);
      if (!st?.isFile() || !(await within(p))) continue;
      found.push({ path: p, name, date: formatLocalDate(d), size: st.size, modified: st.mtime.toISOString(), mtime: st.mtimeMs });
    }
    found.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.mtime - a.mtime);
    return found.slice(0, max);
  }

  /** Every configured source with its state and newest files. */
  async list(): Promise<z.output<typeof LogsSourcesOutput>> {
    const settings = await this.deps.settings();
    const today = localDateOf(this.deps.clock());
    const out = [];
    for (const src of settings.logs.sources) {
      const folderExists = Boolean(await statIfExists(src.folder, this.deps.diagnostics));
      const todayFile = join(src.folder, fileNameFor(src.pattern, today));
      const todayExists = Boolean(await statIfExists(todayFile, this.deps.diagnostics));
      const files = folderExists ? (await this.files(src, 60)).map(({ mtime: _m, ...f }) => f) : [];
      out.push({ ...src, folderExists, todayFile, todayExists, files });
    }
    return { sources: out };
  }

  /** The file a target names: a path, or a source's file for a day (today by default). */
  async resolve(t: z.output<typeof LogTarget>): Promise<{ path: string; source: LogSource | null }> {
    if (t.path && t.source) throw new HmcError('INVALID_INPUT', 'Give either a file path or a source name, not both.');
    if (t.path) return { path: t.path, source: null };
    if (!t.source) throw new HmcError('INVALID_INPUT', 'Give a file path or a source name to open.');
    const src = await this.byName(t.source);
    const d = t.date ? parseLocalDate(t.date) : localDateOf(this.deps.clock());
    if (!d) throw new HmcError('INVALID_INPUT', `The date ${t.date} is not yyyy-MM-dd.`);
    return { path: join(src.folder, fileNameFor(src.pattern, d)), source: src };
  }

  /** What following a source means: its daily files by pattern, or its one fixed file. */
  followTarget(src: LogSource): FollowTarget {
    return hasDateTokens(src.pattern) ? { kind: 'pattern', folder: src.folder, pattern: src.pattern } : { kind: 'file', path: join(src.folder, src.pattern) };
  }

  /** Files for a search: a source's files or a path glob (file-name part), newest first. */
  async searchTargets(input: { source?: string; path?: string }): Promise<string[]> {
    if (input.source && input.path) throw new HmcError('INVALID_INPUT', 'Give either --source or --path, not both.');
    if (input.source) return (await this.files(await this.byName(input.source))).map((f) => f.path);
    if (!input.path) throw new HmcError('INVALID_INPUT', 'Give --source NAME or --path GLOB to say which logs to search.');
    return this.globFiles(input.path);
  }

  private async globFiles(path: string): Promise<string[]> {
    const name = basename(path);
    if (!/[*?]/.test(name)) {
      const st = await stat(path).catch((e: unknown) => {
        throw fileError(path, e);
      });
      if (!st.isFile()) throw new HmcError('FILE_UNREADABLE', `${path} is not a file; give a file or a glob like folder/*.log.`);
      return [path];
    }
    const dir = dirname(path);
    if (/[*?]/.test(dir)) throw new HmcError('INVALID_INPUT', 'Wildcards are allowed in the file-name part of --path only (e.g. C:\\Logs\\*.log).');
    const re = globToRegExp(name);
    const names = await readdir(dir).catch((e: unknown) => {
      throw fileError(dir, e);
    });
    const files: Array<{ p: string; m: number }> = [];
    for (const n of names) {
      if (!re.test(n)) continue;
      const p = join(dir, n);
      const st = await statIfExists(p, this.deps.diagnostics);
      if (st?.isFile()) files.push({ p, m: st.mtimeMs });
    }
    files.sort((a, b) => b.m - a.m);
    return files.map((f) => f.p);
  }
}
