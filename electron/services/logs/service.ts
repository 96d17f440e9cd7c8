/**
 * The log service: sources from settings, opened files (tail page + background index + filtered views),
 * followers emitting 'logs.entries', search, parse, failures, and the 'logs.alerts' stream.
 */
import { randomUUID } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HmcError } from '../../../shared/errors';
import { compileFilter, type CompiledFilter, type FilterSpec } from '../../../shared/logs/filter';
import type { ParsedEntry } from '../../../shared/logs/parse';
import {
  compilePattern,
  fileNameFor,
  formatLocalDate,
  globToRegExp,
  hasDateTokens,
  localDateOf,
  parseLocalDate,
} from '../../../shared/logs/pattern';
import type { LogSource, Settings } from '../../../shared/settings/schema';
import type { LogEntry, LogEncoding } from '../../../shared/logs/schemas';
import type { EventBus } from '../../core/events';
import { EntryStream, parseFile, toLogEntry } from './entries';
import { Follower, type FollowBatch } from './follow';
import { IndexedFile, type IndexProgress } from './index-builder';
import { LEVEL_CODE, wallIso, wallSeconds } from './entry-index';
import { sniffMode } from './lines';
import { fileError, openFile, readRange } from './reader';
import { searchFile } from './search';

export interface LogServiceOptions {
  settings: () => Promise<Settings>;
  events: EventBus;
  clock?: () => Date;
  /** ms between checks for 'logs.alerts' subscribers (0 = never start alert watchers). */
  alertsCheckMs?: number;
}

interface FilterView {
  key: string;
  generation: number;
  ordinals: number[];
  /** Byte offset the view covers up to (entries starting before it were tested). */
  coveredEntries: number;
  building: Promise<void> | null;
  done: boolean;
}

interface OpenLog {
  id: string;
  path: string;
  indexed: IndexedFile;
  /** Where the tail page stopped (complete lines): follow continues from here. */
  tailEnd: number;
  views: Map<string, FilterView>;
  lastUsed: number;
}

interface FollowHandle {
  id: string;
  follower: Follower;
  openId: string | null;
  source: string | null;
}

const MAX_OPEN = 16;

function progressOut(p: IndexProgress): IndexProgress {
  return p;
}

export class LogService {
  private readonly clock: () => Date;
  private readonly opened = new Map<string, OpenLog>();
  private readonly follows = new Map<string, FollowHandle>();
  private readonly alertFollowers = new Map<string, Follower>();
  private readonly alerted = new Set<string>();
  private alertsTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: LogServiceOptions) {
    this.clock = opts.clock ?? (() => new Date());
    const every = opts.alertsCheckMs ?? 1000;
    if (every > 0) {
      this.alertsTimer = setInterval(() => void this.checkAlerts(), every);
      this.alertsTimer.unref?.();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Sources and files

  private async sourceByName(name: string): Promise<LogSource> {
    const settings = await this.opts.settings();
    const src = settings.logs.sources.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (!src) {
      const names = settings.logs.sources.map((s) => s.name).join(', ') || 'none configured';
      throw new HmcError('INVALID_INPUT', `There is no log source named "${name}" (sources: ${names}); check the name or add it in Settings > Logs.`);
    }
    return src;
  }

  /** Files of a source, newest first. */
  async sourceFiles(src: LogSource, max = Infinity): Promise<Array<{ path: string; name: string; date: string | null; size: number; modified: string; mtime: number }>> {
    if (!hasDateTokens(src.pattern)) {
      const p = join(src.folder, src.pattern);
      const st = await stat(p).catch(() => null);
      return st?.isFile() ? [{ path: p, name: src.pattern, date: null, size: st.size, modified: st.mtime.toISOString(), mtime: st.mtimeMs }] : [];
    }
    const match = compilePattern(src.pattern);
    const names = await readdir(src.folder).catch(() => [] as string[]);
    const found: Array<{ path: string; name: string; date: string | null; size: number; modified: string; mtime: number }> = [];
    for (const name of names) {
      const d = match(name);
      if (!d) continue;
      const p = join(src.folder, name);
      const st = await stat(p).catch(() => null);
      if (!st?.isFile()) continue;
      found.push({ path: p, name, date: formatLocalDate(d), size: st.size, modified: st.mtime.toISOString(), mtime: st.mtimeMs });
    }
    found.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.mtime - a.mtime);
    return found.slice(0, max);
  }

  async sources() {
    const settings = await this.opts.settings();
    const today = localDateOf(this.clock());
    const out = [];
    for (const src of settings.logs.sources) {
      const folderExists = Boolean(await stat(src.folder).catch(() => null));
      const todayFile = join(src.folder, fileNameFor(src.pattern, today));
      const todayExists = Boolean(await stat(todayFile).catch(() => null));
      const files = folderExists ? (await this.sourceFiles(src, 60)).map(({ mtime: _m, ...f }) => f) : [];
      out.push({ ...src, folderExists, todayFile, todayExists, files });
    }
    return { sources: out };
  }

  private async resolveTarget(t: { path?: string; source?: string; date?: string }): Promise<{ path: string; source: LogSource | null }> {
    if (t.path && t.source) throw new HmcError('INVALID_INPUT', 'Give either a file path or a source name, not both.');
    if (t.path) return { path: t.path, source: null };
    if (!t.source) throw new HmcError('INVALID_INPUT', 'Give a file path or a source name to open.');
    const src = await this.sourceByName(t.source);
    const d = t.date ? parseLocalDate(t.date) : localDateOf(this.clock());
    if (!d) throw new HmcError('INVALID_INPUT', `The date ${t.date} is not yyyy-MM-dd.`);
    return { path: join(src.folder, fileNameFor(src.pattern, d)), source: src };
  }

  /** Files for a search: a source's files or a path glob (file-name part), newest first. */
  async searchTargets(input: { source?: string; path?: string }): Promise<string[]> {
    if (input.source && input.path) throw new HmcError('INVALID_INPUT', 'Give either --source or --path, not both.');
    if (input.source) {
      const src = await this.sourceByName(input.source);
      return (await this.sourceFiles(src)).map((f) => f.path);
    }
    if (!input.path) throw new HmcError('INVALID_INPUT', 'Give --source NAME or --path GLOB to say which logs to search.');
    const name = basename(input.path);
    if (!/[*?]/.test(name)) {
      const st = await stat(input.path).catch((e: unknown) => {
        throw fileError(input.path!, e);
      });
      if (!st.isFile()) throw new HmcError('FILE_UNREADABLE', `${input.path} is not a file; give a file or a glob like folder/*.log.`);
      return [input.path];
    }
    const dir = dirname(input.path);
    if (/[*?]/.test(dir)) throw new HmcError('INVALID_INPUT', 'Wildcards are allowed in the file-name part of --path only (e.g. C:\\Logs\\*.log).');
    const re = globToRegExp(name);
    const names = await readdir(dir).catch((e: unknown) => {
      throw fileError(dir, e);
    });
    const files: Array<{ p: string; m: number }> = [];
    for (const n of names) {
      if (!re.test(n)) continue;
      const p = join(dir, n);
      const st = await stat(p).catch(() => null);
      if (st?.isFile()) files.push({ p, m: st.mtimeMs });
    }
    files.sort((a, b) => b.m - a.m);
    return files.map((f) => f.p);
  }

  // ------------------------------------------------------------------------------------------
  // Open / read

  private get(id: string): OpenLog {
    const o = this.opened.get(id);
    if (!o) throw new HmcError('INVALID_INPUT', `No open log has the id ${id}; open the file again.`);
    o.lastUsed = Date.now();
    return o;
  }

  async readTail(path: string, wanted: number): Promise<{ entries: ParsedEntry[]; end: number; size: number; encoding: LogEncoding }> {
    const fh = await openFile(path);
    try {
      const size = (await fh.stat()).size;
      let window = 256 * 1024;
      for (;;) {
        const start = Math.max(0, size - window);
        const sample = await readRange(fh, start, size);
        let stream: EntryStream;
        let from = 0;
        if (start === 0) stream = new EntryStream(0, null);
        else {
          const { mode, skip } = sniffMode(sample, start);
          if (mode === 'utf16le') {
            let i = skip;
            while (i + 1 < sample.length && !(sample[i] === 0x0a && sample[i + 1] === 0)) i += 2;
            from = Math.min(sample.length, i + 2);
          } else {
            from = sample.indexOf(0x0a) + 1;
          }
          stream = new EntryStream(start + from, mode);
        }
        const entries = stream.push(from ? sample.subarray(from) : sample);
        stream.assembler.flush(entries);
        if (start > 0 && entries.length && entries.some((e) => e.kind !== 'plain')) entries.shift();
        if (entries.length >= wanted || start === 0 || window >= 64 * 1024 * 1024) {
          return { entries: entries.slice(-wanted), end: stream.splitter.consumed, size, encoding: stream.splitter.tally.summary() };
        }
        window *= 4;
      }
    } finally {
      await fh.close();
    }
  }

  async open(input: { path?: string; source?: string; date?: string; tail: number }) {
    const { path } = await this.resolveTarget(input);
    const tail = await this.readTail(path, input.tail);
    const id = randomUUID();
    const indexed = new IndexedFile(path);
    const o: OpenLog = { id, path, indexed, tailEnd: tail.end, views: new Map(), lastUsed: Date.now() };
    this.opened.set(id, o);
    this.evict();
    void indexed.update();
    return {
      id,
      file: path,
      size: tail.size,
      encoding: tail.encoding,
      tail: tail.entries.map((e) => toLogEntry(e, path, null)),
      index: progressOut(indexed.progress()),
    };
  }

  private evict(): void {
    if (this.opened.size <= MAX_OPEN) return;
    const oldest = [...this.opened.values()].sort((a, b) => a.lastUsed - b.lastUsed)[0];
    if (oldest) this.close(oldest.id);
  }

  close(id: string): boolean {
    const o = this.opened.get(id);
    if (!o) return false;
    o.indexed.close();
    this.opened.delete(id);
    for (const f of [...this.follows.values()]) if (f.openId === id) void this.unfollow(f.id, 'stop');
    return true;
  }

  /** Waits until the index of an opened file has caught up (tests, CLI). */
  async indexSettled(id: string): Promise<IndexProgress> {
    const o = this.get(id);
    await o.indexed.settled();
    return o.indexed.progress();
  }

  /** Entries by ordinal (ascending), read from their byte ranges. */
  private async readOrdinals(o: OpenLog, ordinals: number[]): Promise<LogEntry[]> {
    if (!ordinals.length) return [];
    const idx = o.indexed.index;
    const end = o.indexed.end;
    const out: LogEntry[] = [];
    const fh = await openFile(o.path);
    try {
      let i = 0;
      while (i < ordinals.length) {
        // Merge a run of consecutive ordinals into one read.
        let j = i;
        while (j + 1 < ordinals.length && ordinals[j + 1] === ordinals[j]! + 1 && j - i < 5000) j++;
        const first = ordinals[i]!;
        const last = ordinals[j]!;
        const start = idx.offsets[first]!;
        const stop = last + 1 < idx.count ? idx.offsets[last + 1]! : end;
        const buf = await readRange(fh, start, stop);
        const stream = new EntryStream(start, idx.modeAt(start));
        const parsed = stream.flush(stream.push(buf));
        let k = first;
        for (const p of parsed) {
          const ord = p.offset === idx.offsets[k] ? k : idx.ordinalAt(p.offset);
          out.push(toLogEntry(p, o.path, ord >= 0 ? ord : null));
          k = ord + 1;
        }
        i = j + 1;
      }
    } finally {
      await fh.close();
    }
    return out;
  }

  private viewFor(o: OpenLog, spec: FilterSpec): FilterView {
    const key = JSON.stringify(spec);
    let v = o.views.get(key);
    const gen = o.indexed.generation;
    if (v && v.generation !== gen) v = undefined;
    if (!v) {
      v = { key, generation: gen, ordinals: [], coveredEntries: 0, building: null, done: false };
      o.views.set(key, v);
      if (o.views.size > 8) o.views.delete(o.views.keys().next().value!);
    }
    const filter = compileFilter(spec);
    const idx = o.indexed.index;
    if (filter.indexOnly) {
      // Answer from the index arrays.
      const since = filter.since ? wallSeconds(filter.since) : null;
      const until = filter.until ? wallSeconds(filter.until) : null;
      const lvl = spec.level ? LEVEL_CODE[spec.level] : -1;
      const min = spec.minLevel ? LEVEL_CODE[spec.minLevel] : -1;
      // The last covered entry may have grown: re-test it.
      let from = v.coveredEntries;
      if (from > 0) {
        from--;
        if (v.ordinals[v.ordinals.length - 1] === from) v.ordinals.pop();
      }
      for (let i = from; i < idx.count; i++) {
        const l = idx.levels[i]!;
        if (lvl >= 0 && l !== lvl) continue;
        if (min >= 0 && l < min) continue;
        if (since !== null || until !== null) {
          const t = idx.times[i]!;
          if (Number.isNaN(t)) continue;
          if (since !== null && t < since) continue;
          if (until !== null && t > until) continue;
        }
        v.ordinals.push(i);
      }
      v.coveredEntries = idx.count;
      v.done = o.indexed.progress().done;
      return v;
    }
    if (!v.building && v.coveredEntries < idx.count) {
      const view = v;
      const fromEntry = Math.max(0, view.coveredEntries - 1);
      const upTo = idx.count;
      const start = idx.offsets[fromEntry]!;
      const end = o.indexed.end;
      const mode = idx.modeAt(start);
      while (view.ordinals.length && view.ordinals[view.ordinals.length - 1]! >= fromEntry) view.ordinals.pop();
      view.done = false;
      view.building = (async () => {
        try {
          await searchFile(o.path, filter, (e) => {
            if (e.offset >= end) return false;
            const ord = idx.ordinalAt(e.offset);
            if (ord >= fromEntry && ord < upTo && idx.offsets[ord] === e.offset) view.ordinals.push(ord);
            return true;
          }, undefined, { start, end, mode });
          view.coveredEntries = upTo;
        } finally {
          view.building = null;
          view.done = view.coveredEntries >= idx.count && o.indexed.progress().done;
        }
      })();
    }
    return v;
  }

  async read(input: { id: string; from: number; count: number; filter?: FilterSpec }) {
    const o = this.get(input.id);
    const idx = o.indexed.index;
    const progress = o.indexed.progress();
    const f = input.filter;
    const hasFilter = f && Object.entries(f).some(([k, v]) => v !== undefined && v !== '' && !(k === 'caseSensitive'));
    if (!hasFilter) {
      const total = idx.count;
      const to = Math.min(total, input.from + input.count);
      const ords: number[] = [];
      for (let i = input.from; i < to; i++) ords.push(i);
      return { entries: await this.readOrdinals(o, ords), total, index: progress, filterDone: true };
    }
    const view = this.viewFor(o, f);
    const ords = view.ordinals.slice(input.from, input.from + input.count).sort((a, b) => a - b);
    return {
      entries: await this.readOrdinals(o, ords),
      total: view.ordinals.length,
      index: progress,
      filterDone: view.done && !view.building,
    };
  }

  /** Waits for a filtered view to be complete (tests). */
  async viewSettled(id: string, spec: FilterSpec): Promise<void> {
    const o = this.get(id);
    await o.indexed.settled();
    for (;;) {
      const v = this.viewFor(o, spec);
      if (v.building) await v.building;
      else return;
    }
  }

  histogram(input: { id: string; buckets: number }) {
    const o = this.get(input.id);
    const idx = o.indexed.index;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < idx.count; i++) {
      const t = idx.times[i]!;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const buckets: Array<{ from: string; to: string; errors: number; warnings: number; entries: number }> = [];
    if (min <= max) {
      const n = input.buckets;
      const width = Math.max(1, Math.ceil((max - min + 1) / n));
      for (let b = 0; b < n; b++) {
        const from = min + b * width;
        if (from > max) break;
        buckets.push({ from: wallIso(from), to: wallIso(from + width - 1), errors: 0, warnings: 0, entries: 0 });
      }
      for (let i = 0; i < idx.count; i++) {
        const t = idx.times[i]!;
        if (Number.isNaN(t)) continue;
        const bucket = buckets[Math.min(buckets.length - 1, Math.floor((t - min) / width))]!;
        bucket.entries++;
        const l = idx.levels[i];
        if (l === 2) bucket.errors++;
        else if (l === 1) bucket.warnings++;
      }
    }
    return { buckets, index: o.indexed.progress() };
  }

  find(input: { id: string; from: number; direction: 'next' | 'previous'; level: 'error' | 'warning' | 'info' }) {
    const o = this.get(input.id);
    const idx = o.indexed.index;
    const want = LEVEL_CODE[input.level];
    if (input.direction === 'next') {
      for (let i = Math.max(0, input.from + 1); i < idx.count; i++) if (idx.levels[i]! >= want) return { index: i };
    } else {
      for (let i = Math.min(idx.count, input.from) - 1; i >= 0; i--) if (idx.levels[i]! >= want) return { index: i };
    }
    return { index: null };
  }

  // ------------------------------------------------------------------------------------------
  // Follow

  async follow(input: { id?: string; path?: string; source?: string; date?: string }) {
    const followId = randomUUID();
    let follower: Follower;
    let openId: string | null = null;
    let sourceName: string | null = null;
    const settings = await this.opts.settings();
    const pollMs = settings.logs.pollMs;
    const onError = () => undefined;
    const emit = (b: FollowBatch) => {
      if (openId) {
        const o = this.opened.get(openId);
        if (o) {
          if (b.reset === 'truncated' || b.reset === 'recreated') o.indexed.requestReset();
          void o.indexed.update();
        }
      }
      this.opts.events.emit('logs.entries', {
        followId,
        source: sourceName,
        file: b.file,
        entries: b.entries.map((e) => ({ ...toLogEntry(e, b.file ?? '', null), update: e.update })),
        reset: b.reset,
        state: b.state,
      });
    };
    if (input.id) {
      const o = this.get(input.id);
      openId = o.id;
      follower = new Follower({ kind: 'file', path: o.path }, { startAt: o.tailEnd, pollMs, clock: this.clock, onBatch: emit, onError });
    } else if (input.source && !input.date) {
      const src = await this.sourceByName(input.source);
      sourceName = src.name;
      follower = new Follower(
        hasDateTokens(src.pattern) ? { kind: 'pattern', folder: src.folder, pattern: src.pattern } : { kind: 'file', path: join(src.folder, src.pattern) },
        { startAt: 'end', pollMs, clock: this.clock, onBatch: emit, onError },
      );
    } else {
      const { path } = await this.resolveTarget(input);
      follower = new Follower({ kind: 'file', path }, { startAt: 'end', pollMs, clock: this.clock, onBatch: emit, onError });
    }
    this.follows.set(followId, { id: followId, follower, openId, source: sourceName });
    await follower.start();
    return { followId, file: follower.file };
  }

  async unfollow(followId: string, action: 'pause' | 'resume' | 'stop') {
    const h = this.follows.get(followId);
    if (!h) {
      if (action === 'stop') return { followId, state: 'stopped' as const };
      throw new HmcError('INVALID_INPUT', `No follow has the id ${followId}; start following again.`);
    }
    if (action === 'pause') {
      h.follower.pause();
      return { followId, state: 'paused' as const };
    }
    if (action === 'resume') {
      h.follower.resume();
      return { followId, state: 'following' as const };
    }
    this.follows.delete(followId);
    await h.follower.stop();
    return { followId, state: 'stopped' as const };
  }

  // ------------------------------------------------------------------------------------------
  // Search, parse, failures

  async search(input: FilterSpec & { source?: string; sources?: string[]; path?: string; limit: number }, signal?: AbortSignal) {
    const given = [input.source, input.sources, input.path].filter((v) => v !== undefined).length;
    if (given > 1) throw new HmcError('INVALID_INPUT', 'Give one of source, sources or path (--source NAME, several --source, or --path GLOB), not more than one.');
    const filter = compileFilter({
      text: input.text,
      regex: input.regex,
      caseSensitive: input.caseSensitive,
      level: input.level,
      user: input.user,
      since: input.since,
      until: input.until,
    });
    if (input.sources) return this.searchSources(await this.sourcesByNames(input.sources), filter, input.limit, signal);
    const files = await this.searchTargets(input);
    const r = await this.searchIn(files, filter, input.limit, signal);
    if (input.source) {
      const name = (await this.sourceByName(input.source)).name;
      for (const e of r.entries) e.source = name;
    }
    return r;
  }

  /** The sources a `sources` list names (`*` alone: every enabled one), each once. */
  private async sourcesByNames(names: string[]): Promise<LogSource[]> {
    if (names.includes('*')) {
      if (names.length > 1) throw new HmcError('INVALID_INPUT', 'The source name * (every enabled source) cannot be combined with other names; give * alone or list the sources.');
      const enabled = (await this.opts.settings()).logs.sources.filter((s) => s.enabled);
      if (!enabled.length) throw new HmcError('INVALID_INPUT', 'No log source is enabled; enable or add one in Settings > Logs.');
      return enabled.slice(0, 20);
    }
    const out: LogSource[] = [];
    for (const n of names) {
      const src = await this.sourceByName(n);
      if (!out.includes(src)) out.push(src);
    }
    return out;
  }

  /**
   * Each source searched on its own (newest first, at most `limit`), then merged newest first by entry
   * time. Ties and entries without a time keep their source's order; equal times across sources go to the
   * source listed first.
   */
  async searchSources(sources: LogSource[], filter: CompiledFilter, limit: number, signal?: AbortSignal) {
    const lists: LogEntry[][] = [];
    const files: string[] = [];
    let bytes = 0;
    let truncated = false;
    for (const src of sources) {
      const r = await this.searchIn((await this.sourceFiles(src)).map((f) => f.path), filter, limit, signal);
      for (const e of r.entries) e.source = src.name;
      lists.push(r.entries);
      files.push(...r.files);
      bytes += r.bytes;
      truncated ||= r.truncated;
    }
    const pos = lists.map(() => 0);
    // The time a list's next entry sorts by: its own, else the last one seen in that list (newest at first).
    const last = lists.map(() => '\uffff');
    const keyOf = (k: number): string => lists[k]![pos[k]!]!.time ?? last[k]!;
    const entries: LogEntry[] = [];
    for (;;) {
      let best = -1;
      for (let k = 0; k < lists.length; k++) {
        if (pos[k]! >= lists[k]!.length) continue;
        if (best < 0 || keyOf(k) > keyOf(best)) best = k;
      }
      if (best < 0) break;
      if (entries.length >= limit) {
        truncated = true;
        break;
      }
      const e = lists[best]![pos[best]!++]!;
      if (e.time) last[best] = e.time;
      entries.push(e);
    }
    return { entries, files, bytes, truncated };
  }

  async searchIn(files: string[], filter: CompiledFilter, limit: number, signal?: AbortSignal) {
    const entries: LogEntry[] = [];
    let bytes = 0;
    let truncated = false;
    const searched: string[] = [];
    for (const file of files) {
      if (signal?.aborted) throw new HmcError('CANCELLED', 'The search was cancelled.');
      const found: ParsedEntry[] = [];
      const r = await searchFile(file, filter, (e) => {
        found.push(e);
      }, signal).catch((e: unknown) => {
        if ((e as HmcError).code === 'FILE_NOT_FOUND') return { bytes: 0, stopped: false };
        throw e;
      });
      bytes += r.bytes;
      searched.push(file);
      // Newest first: the file's matches from its end.
      for (let i = found.length - 1; i >= 0; i--) {
        if (entries.length >= limit) {
          truncated = true;
          break;
        }
        entries.push(toLogEntry(found[i]!, file, null));
      }
      if (truncated) break;
    }
    return { entries, files: searched, bytes, truncated };
  }

  async parse(input: { path: string; limit?: number }) {
    const { entries, encoding } = await parseFile(input.path, { limit: input.limit });
    return { file: input.path, encoding, entries: entries.map((e, i) => toLogEntry(e, input.path, i)) };
  }

  async failures(input: { user?: string; date?: string; source?: string; limit: number }) {
    const settings = await this.opts.settings();
    const date = input.date ?? formatLocalDate(localDateOf(this.clock()));
    const d = parseLocalDate(date)!;
    const sources = input.source ? [await this.sourceByName(input.source)] : settings.logs.sources.filter((s) => s.enabled);
    if (input.user) {
      const filter = compileFilter({ level: 'error', user: input.user });
      const files: string[] = [];
      for (const src of sources) files.push(...(await this.sourceFiles(src)).map((f) => f.path));
      const r = await this.searchIn(files, filter, input.limit);
      r.entries.sort((a, b) => (b.time ?? '').localeCompare(a.time ?? ''));
      return { date, users: [], entries: r.entries };
    }
    const filter = compileFilter({ level: 'error', since: date, until: date });
    const users = new Map<string, { user: string; failures: number; last: string | null; lastMessage: string; sources: Set<string> }>();
    for (const src of sources) {
      const path = join(src.folder, fileNameFor(src.pattern, d));
      if (!(await stat(path).catch(() => null))) continue;
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
          u.lastMessage = toLogEntry(e, path).message.split('\n')[0]!.slice(0, 300);
        }
        u.sources.add(src.name);
      });
    }
    const list = [...users.values()]
      .sort((a, b) => (b.last ?? '').localeCompare(a.last ?? ''))
      .slice(0, input.limit)
      .map((u) => ({ ...u, sources: [...u.sources] }));
    return { date, users: list, entries: [] };
  }

  // ------------------------------------------------------------------------------------------
  // Alerts: followers on every enabled source while someone listens to 'logs.alerts'.

  async checkAlerts(): Promise<void> {
    const listening = this.opts.events.listenerCount('logs.alerts') > 0;
    if (!listening) {
      for (const [k, f] of this.alertFollowers) {
        this.alertFollowers.delete(k);
        await f.stop();
      }
      return;
    }
    const settings = await this.opts.settings();
    const wanted = new Map(settings.logs.sources.filter((s) => s.enabled).map((s) => [`${s.name}\u0000${s.folder}\u0000${s.pattern}`, s]));
    for (const [k, f] of this.alertFollowers) {
      if (!wanted.has(k)) {
        this.alertFollowers.delete(k);
        await f.stop();
      }
    }
    for (const [k, src] of wanted) {
      if (this.alertFollowers.has(k)) continue;
      const target = hasDateTokens(src.pattern)
        ? ({ kind: 'pattern', folder: src.folder, pattern: src.pattern } as const)
        : ({ kind: 'file', path: join(src.folder, src.pattern) } as const);
      const f = new Follower(target, {
        startAt: 'end',
        pollMs: settings.logs.pollMs,
        clock: this.clock,
        onBatch: (b) => {
          const errors = b.entries.filter((e) => {
            if (e.level !== 'error') return false;
            const key = `${b.file}\u0000${e.offset}`;
            if (this.alerted.has(key)) return false;
            if (this.alerted.size > 10_000) this.alerted.clear();
            this.alerted.add(key);
            return true;
          });
          if (errors.length && b.file) {
            this.opts.events.emit('logs.alerts', { source: src.name, file: b.file, entries: errors.map((e) => toLogEntry(e, b.file!, null)) });
          }
        },
      });
      this.alertFollowers.set(k, f);
      await f.start();
    }
  }

  async dispose(): Promise<void> {
    if (this.alertsTimer) clearInterval(this.alertsTimer);
    for (const f of this.alertFollowers.values()) await f.stop();
    this.alertFollowers.clear();
    for (const h of this.follows.values()) await h.follower.stop();
    this.follows.clear();
    for (const o of this.opened.values()) o.indexed.close();
    this.opened.clear();
  }
}
