/**
 * The Logs page's one hook: every call to the core, the 'logs.entries' subscription and their clean-up.
 * It holds the opened file (with its rows fetched by page as the table shows them), the follow, the filter
 * (the form being edited and the one applied), the selection, the histogram, the failures and the results
 * of a merged search. Leaving the page keeps all of it for the next visit (keep.ts); what it holds in the
 * core is its window's, released when the window or tab goes, or when another file is opened here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { appliedFilter, NO_FILTER } from '../../shared/logs/filter';
import type { LogEntry, LogFilter } from '../../shared/logs/schemas';
import { hmc } from '../client';
import { useNavigation } from '../app/navigation';
import { keep, regexProblem, takeKept } from './keep';
import { RowCache } from './rows';
import type { KeptLogs } from './keep';
import type { Bucket, FailureUser, Opened, Results, Sources } from './types';


/** Entries fetched per read (and in the tail page). */
export const PAGE = 200;

const message = (e: unknown) => (e as Error).message;

/** Stops a follow and closes a log of a page that has gone (nowhere to show a failure: the console says it). */
function release(openId: string | null, followId: string | null): void {
  if (followId) hmc.call('logs.unfollow', { followId, action: 'stop' }).catch((e: unknown) => console.warn(`Logs: stopping follow ${followId} of a page that left failed: ${message(e)}`));
  if (openId) hmc.call('logs.close', { id: openId }).catch((e: unknown) => console.warn(`Logs: closing log ${openId} of a page that left failed: ${message(e)}`));
}

export function useLogs() {
  const nav = useNavigation();
  // A log handed over by another page (the log a replayed rule wrote, a clicked alert) opens at once.
  const [handedPath] = useState(() => {
    const h = nav.takeHandover();
    return h?.logPath ?? h?.logEntry?.file ?? null;
  });
  // What the page held when it was left (kept while the app runs).
  const [k] = useState(takeKept);
  const [sources, setSources] = useState<Sources>([]);
  const [defaultSource, setDefaultSource] = useState('');
  const [opened, setOpened] = useState<Opened | null>(k?.opened ?? null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<LogFilter>(k?.form ?? NO_FILTER);
  const [applied, setApplied] = useState<LogFilter>(k?.applied ?? NO_FILTER);
  const [total, setTotal] = useState(0);
  const [indexDone, setIndexDone] = useState(false);
  const [filterDone, setFilterDone] = useState(true);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<LogEntry | null>(k?.selected ?? null);
  const [selectedIndex, setSelectedIndex] = useState<number | null>(k?.selectedIndex ?? null);
  const [following, setFollowing] = useState(k?.following ?? false);
  const [followId, setFollowId] = useState<string | null>(k?.followId ?? null);
  const [buckets, setBuckets] = useState<Bucket[]>([]);
  const [failUsers, setFailUsers] = useState<FailureUser[] | null>(null);
  const [results, setResults] = useState<Results | null>(k?.results ?? null);
  const [searching, setSearching] = useState(false);
  const cache = useRef(new RowCache(PAGE));
  /** What this page holds in the core, for the clean-up on unmount. */
  const held = useRef<{ openId: string | null; followId: string | null }>({ openId: k?.opened.id ?? null, followId: k?.followId ?? null });
  /** The table's scroll position (restored by the table on the next visit). */
  const scrollTop = useRef(k?.scrollTop ?? 0);
  /** The latest state, for keeping it when the page is left. */
  const latest = useRef<Omit<KeptLogs, 'scrollTop'> | null>(null);
  /** False once the page has unmounted: an open or follow answered after that is let go at once. */
  const mounted = useRef(false);
  const filter = useMemo(() => appliedFilter(applied), [applied]);
  const openedId = opened?.id ?? null;

  useEffect(() => {
    hmc.call('logs.sources', {}).then(
      (r) => {
        setSources(r.sources);
        const first = r.sources.find((s) => s.todayExists) ?? r.sources.find((s) => s.files.length);
        if (first) setDefaultSource(first.name);
      },
      (e: unknown) => setError(message(e)),
    );
  }, []);

  latest.current = opened ? { opened, form, applied, selected, selectedIndex, followId, following, results } : null;

  // Leaving the page keeps what it shows for the next visit; the core releases the file and follow when the
  // window or tab goes. An open or follow answered after the page left is let go at once.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      const state = latest.current;
      const { openId, followId: fid } = held.current;
      if (state && state.opened.id === openId) {
        // eslint-disable-next-line react-hooks/exhaustive-deps -- the latest scroll position is the one to keep
        keep({ ...state, followId: fid, scrollTop: scrollTop.current });
        return;
      }
      held.current = { openId: null, followId: null };
      release(openId, fid);
    };
  }, []);

  // A kept file the core no longer holds (closed by eviction or a restart) is opened again by its path.
  useEffect(() => {
    if (!k) return;
    hmc.call('logs.read', { id: k.opened.id, from: 0, count: 0 }).catch(() => {
      held.current = { openId: null, followId: null };
      void open({ path: k.opened.file });
    });
    // Once, for the state this page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const reset = () => {
    cache.current.clear();
    setVersion((v) => v + 1);
  };

  const open = async (input: { path?: string; source?: string; date?: string }) => {
    setError(null);
    try {
      const { openId, followId: fid } = held.current;
      held.current = { openId: null, followId: null };
      if (fid) await hmc.call('logs.unfollow', { followId: fid, action: 'stop' }).catch((e: unknown) => setError(`The previous follow could not be stopped: ${message(e)}`));
      setFollowId(null);
      setFollowing(false);
      if (openId) void hmc.call('logs.close', { id: openId }).catch((e: unknown) => setError(`The previous log could not be closed: ${message(e)}`));
      const o = await hmc.call('logs.open', { ...input, tail: PAGE });
      if (!mounted.current) return release(o.id, null);
      held.current.openId = o.id;
      setOpened(o);
      setSelected(null);
      setSelectedIndex(null);
      setResults(null);
      setTotal(0);
      setIndexDone(false);
      reset();
    } catch (e) {
      setError(message(e));
    }
  };

  useEffect(() => {
    if (handedPath) void open({ path: handedPath });
    // Once, for the hand-over this page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handedPath]);

  // Keep the total (and index state) current: while indexing, filtering or following.
  const refresh = useCallback(async () => {
    if (!openedId) return;
    try {
      const r = await hmc.call('logs.read', { id: openedId, from: 0, count: 0, filter });
      setTotal(r.total);
      setIndexDone(r.index.done);
      setFilterDone(r.filterDone);
    } catch (e) {
      setError(message(e));
    }
  }, [openedId, filter]);

  useEffect(() => {
    reset();
    void refresh();
  }, [refresh]);

  useEffect(() => {
    if (!openedId || (indexDone && filterDone && !following)) return;
    const t = setInterval(() => void refresh(), following ? 1000 : 400);
    return () => clearInterval(t);
  }, [openedId, indexDone, filterDone, following, refresh]);

  useEffect(() => {
    if (!openedId || !indexDone) return;
    hmc.call('logs.histogram', { id: openedId, buckets: 60 }).then(
      (h) => setBuckets(h.buckets),
      (e: unknown) => setError(`The error histogram could not be read: ${message(e)}`),
    );
  }, [openedId, indexDone, version]);

  /** The rows [first, last] are shown: fetch the pages they need that are not cached or on their way. */
  const loadRows = useCallback(
    (first: number, last: number) => {
      if (!openedId) return;
      for (const from of cache.current.claim(first, last, total)) {
        const v = version;
        hmc.call('logs.read', { id: openedId, from, count: PAGE, filter }).then(
          (r) => {
            if (v !== version) return cache.current.settle(from);
            cache.current.settle(from, r.entries);
            setVersion((x) => x + 0.0001); // re-render, same generation
          },
          (e: unknown) => {
            cache.current.settle(from);
            setError(message(e));
          },
        );
      }
    },
    [openedId, filter, total, version],
  );

  const rowAt = (i: number): LogEntry | undefined => cache.current.get(i);

  // Follow: new entries extend the index (the table keeps the view at the end).
  useEffect(() => {
    if (!followId) return;
    return hmc.subscribe('logs.entries', (p) => {
      if (p.followId !== followId) return;
      cache.current.dropLastPage(total);
      void refresh();
    });
  }, [followId, refresh, total]);

  const toggleFollow = async () => {
    if (!opened) return;
    try {
      if (followId) {
        await hmc.call('logs.unfollow', { followId, action: following ? 'pause' : 'resume' });
        setFollowing(!following);
        return;
      }
      const f = await hmc.call('logs.follow', { id: opened.id });
      if (!mounted.current) return release(null, f.followId);
      held.current.followId = f.followId;
      setFollowId(f.followId);
      setFollowing(true);
    } catch (e) {
      setError(message(e));
    }
  };

  const selectIndex = useCallback(
    async (i: number) => {
      if (!openedId) return;
      setSelectedIndex(i);
      const cached = cache.current.get(i);
      if (cached) {
        setSelected(cached);
        return;
      }
      try {
        const r = await hmc.call('logs.read', { id: openedId, from: i, count: 1, filter });
        setSelected(r.entries[0] ?? null);
      } catch (e) {
        setError(message(e));
      }
    },
    [openedId, filter],
  );

  /** An entry shown outside the index (the tail page before indexing, search results). */
  const selectEntry = (e: LogEntry | null) => {
    setSelected(e);
  };

  const jumpError = async (direction: 'next' | 'previous') => {
    if (!opened) return;
    const from = selectedIndex ?? (direction === 'next' ? -1 : total);
    if (filter) {
      // In a filtered view: walk the loaded rows.
      const step = direction === 'next' ? 1 : -1;
      for (let i = from + step; i >= 0 && i < total; i += step) {
        if (cache.current.get(i)?.level === 'error') return selectIndex(i);
      }
      return;
    }
    try {
      const r = await hmc.call('logs.find', { id: opened.id, from, direction, level: 'error' });
      if (r.index !== null) await selectIndex(r.index);
    } catch (e) {
      setError(message(e));
    }
  };

  const applyFilter = (next: LogFilter) => {
    setForm(next);
    const bad = regexProblem(next.regex);
    if (bad) return setError(bad);
    setApplied(next);
    setSelected(null);
    setSelectedIndex(null);
  };

  const userFailures = async (user: string) => {
    try {
      const r = await hmc.call('logs.failures', { user });
      setResults({ title: `All failures for ${user} (${r.entries.length})`, entries: r.entries });
    } catch (e) {
      setError(message(e));
    }
  };

  /** Several sources (or all of them, `*`) searched at once, merged newest first. */
  const searchMerged = async (names: string[], textInput: string) => {
    if (!names.length) return;
    setSearching(true);
    try {
      const text = textInput.trim();
      const r = await hmc.call('logs.search', { sources: names, text: text || undefined, caseSensitive: false, limit: 1_000 });
      const which = names.includes('*') ? 'all sources' : names.join(', ');
      setSelected(null);
      setResults({
        title: `${r.entries.length}${r.truncated ? '+' : ''} entries from ${which}${text ? ` matching "${text}"` : ''}, newest first`,
        entries: r.entries,
        merged: true,
      });
    } catch (e) {
      setError(message(e));
    } finally {
      setSearching(false);
    }
  };

  const usersToday = async () => {
    try {
      // The opened file counts too (today's file of a source that is not configured, or any file).
      setFailUsers((await hmc.call('logs.failures', opened ? { opened: [opened.id] } : {})).users);
    } catch (e) {
      setError(message(e));
    }
  };

  return {
    sources, defaultSource, opened, open, error, setError,
    form, setForm, filter, applyFilter, total, indexDone, filterDone, version, loadRows, rowAt,
    selected, selectedIndex, selectIndex, selectEntry, jumpError, following, followId, toggleFollow, buckets,
    failUsers, usersToday, userFailures, hideFailUsers: () => setFailUsers(null),
    results, searching, searchMerged, closeResults: () => setResults(null), scrollTop,
  };
}

export type LogsView = ReturnType<typeof useLogs>;
