/**
 * Logs: open a source's file or any file, see its last screen at once, scroll millions of entries
 * (virtualised, pages fetched by index), follow it live, filter (text plain/regex/case, level, user,
 * time range), jump between errors (n / p keys, F8 / Shift+F8), an error histogram that filters on
 * click, the selected entry's full text with copy and "open in plan inspector", all failures of a user
 * and all users with failures today. CMTrace colours: errors red with yellow text, warnings yellow.
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  LinearProgress,
  MenuItem,
  Paper,
  Stack,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { extractXml } from '../../shared/logs/parse';
import type { OperationOutput } from '../../shared/contract';
import type { LogEntry, LogFilter } from '../../shared/logs/schemas';
import { useNavigation, type MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import { useOpenInPlanInspector } from '../plans/handover';

type Opened = OperationOutput<'logs.open'>;
type Sources = OperationOutput<'logs.sources'>['sources'];
type Bucket = OperationOutput<'logs.histogram'>['buckets'][number];
type FailureUser = OperationOutput<'logs.failures'>['users'][number];

/** after-create / after-modify, from a source's file pattern (the names are the admin's own). */
function sourceKind(sources: Sources, name: string): MailboxIntent['kind'] | undefined {
  const src = sources.find((s) => s.name === name);
  if (!src) return undefined;
  return /AfterCreate/i.test(src.pattern) ? 'enable' : /AfterModify/i.test(src.pattern) ? 'hide' : undefined;
}

const ROW = 22;
const PAGE = 200;

export const LEVEL_STYLE: Record<LogEntry['level'], { bgcolor?: string; color?: string }> = {
  error: { bgcolor: 'console.logError.bg', color: 'console.logError.fg' },
  warning: { bgcolor: 'console.logWarning.bg', color: 'console.logWarning.fg' },
  info: {},
};

interface FilterForm {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
  level: '' | 'error' | 'warning' | 'info';
  user: string;
  since: string;
  until: string;
}

const NO_FILTER: FilterForm = { text: '', regex: false, caseSensitive: false, level: '', user: '', since: '', until: '' };

function toFilter(f: FilterForm): LogFilter | undefined {
  const out: LogFilter = { caseSensitive: f.caseSensitive };
  if (f.text) {
    if (f.regex) out.regex = f.text;
    else out.text = f.text;
  }
  if (f.level === 'error') out.level = 'error';
  else if (f.level === 'warning') out.minLevel = 'warning';
  else if (f.level === 'info') out.level = 'info';
  if (f.user.trim()) out.user = f.user.trim();
  if (f.since) out.since = f.since;
  if (f.until) out.until = f.until;
  const active = Object.entries(out).some(([k, v]) => k !== 'caseSensitive' && v !== undefined);
  return active ? out : undefined;
}

/** The mailbox action an entry points at, when its text says so (pre-selected on the desk, still previewed and confirmed there). */
function intentOf(e: Pick<LogEntry, 'message' | 'file'>): MailboxIntent | undefined {
  const text = e.message.slice(0, 4096);
  if (/cannot create mailbox|enable-remotemailbox|ConnectorAfterCreate/i.test(text)) return { kind: 'enable' };
  if (/HiddenFromAddressListsEnabled|ConnectorAfterModify/i.test(text)) return { kind: 'hide' };
  if (/AfterCreate/i.test(e.file)) return { kind: 'enable' };
  if (/AfterModify/i.test(e.file)) return { kind: 'hide' };
  return undefined;
}

function firstLine(e: LogEntry): string {
  const nl = e.message.indexOf('\n');
  return nl < 0 ? e.message : e.message.slice(0, nl);
}

function EntryRow({ entry, selected, onClick, showSource = false }: { entry: LogEntry | undefined; selected: boolean; onClick: () => void; showSource?: boolean }) {
  if (!entry) {
    return <Box sx={{ px: 1, color: 'text.disabled', fontFamily: 'monospace', fontSize: 12, lineHeight: `${ROW}px` }}>…</Box>;
  }
  return (
    <Box
      role="row"
      data-level={entry.level}
      aria-selected={selected}
      onClick={onClick}
      sx={{
        display: 'flex',
        gap: 1.5,
        px: 1,
        cursor: 'pointer',
        fontFamily: 'monospace',
        fontSize: 12,
        lineHeight: `${ROW}px`,
        height: ROW,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        outline: selected ? '2px solid' : 'none',
        outlineColor: 'console.selection',
        outlineOffset: -2,
        ...LEVEL_STYLE[entry.level],
      }}
    >
      <Box component="span" sx={{ width: 150, flex: 'none' }}>{entry.time?.replace('T', ' ') ?? ''}</Box>
      {showSource && (
        <Box component="span" sx={{ width: 130, flex: 'none', overflow: 'hidden' }}>
          <Chip size="small" variant="outlined" label={entry.source ?? ''} sx={{ height: 18, fontSize: 11, maxWidth: 126, color: 'inherit', borderColor: 'currentColor' }} />
        </Box>
      )}
      <Box component="span" sx={{ width: 60, flex: 'none' }}>{entry.level}</Box>
      <Box component="span" sx={{ width: 140, flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis' }}>{entry.user ?? ''}</Box>
      <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {firstLine(entry)}
        {entry.lines > 1 ? `  (+${entry.lines - 1} lines)` : ''}
        {entry.xml ? `  [${entry.xml} XML]` : ''}
      </Box>
    </Box>
  );
}

function Histogram({ buckets, onPick }: { buckets: Bucket[]; onPick: (b: Bucket) => void }) {
  const max = Math.max(1, ...buckets.map((b) => b.errors + b.warnings));
  if (!buckets.length) return null;
  return (
    <Box aria-label="Errors over time" sx={{ display: 'flex', alignItems: 'flex-end', gap: '1px', height: 48, px: 1 }}>
      {buckets.map((b) => (
        <Tooltip key={b.from} title={`${b.from.replace('T', ' ')} – ${b.to.slice(11)}: ${b.errors} errors, ${b.warnings} warnings, ${b.entries} entries`}>
          <Box
            role="button"
            aria-label={`errors from ${b.from}`}
            onClick={() => onPick(b)}
            sx={{ flex: 1, minWidth: 3, height: '100%', display: 'flex', flexDirection: 'column', justifyContent: 'flex-end', cursor: 'pointer', '&:hover': { bgcolor: 'action.hover' } }}
          >
            <Box sx={{ height: `${(b.warnings / max) * 100}%`, bgcolor: 'console.histogramWarning' }} />
            <Box sx={{ height: `${(b.errors / max) * 100}%`, bgcolor: 'console.histogramError' }} />
          </Box>
        </Tooltip>
      ))}
    </Box>
  );
}

export default function LogsPage() {
  const nav = useNavigation();
  const [sources, setSources] = useState<Sources>([]);
  const [sourceName, setSourceName] = useState('');
  // A log file handed over by another page (e.g. the log a replayed rule wrote) opens at once.
  const [handedPath] = useState(() => nav.takeHandover()?.logPath ?? null);
  const [pathText, setPathText] = useState(handedPath ?? '');
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState<FilterForm>(NO_FILTER);
  const [applied, setApplied] = useState<FilterForm>(NO_FILTER);
  const [total, setTotal] = useState(0);
  const [indexDone, setIndexDone] = useState(false);
  const [filterDone, setFilterDone] = useState(true);
  const [version, setVersion] = useState(0);
  const [selected, setSelected] = useState<LogEntry | null>(null);
  const [selectedIndex, setSelectedIndex] = useState<number | null>(null);
  const [following, setFollowing] = useState(false);
  const [followId, setFollowId] = useState<string | null>(null);
  const [buckets, setBuckets] = useState<Bucket[]>([]);
  const [failUsers, setFailUsers] = useState<FailureUser[] | null>(null);
  const [results, setResults] = useState<{ title: string; entries: LogEntry[]; merged?: boolean } | null>(null);
  const [searchSources, setSearchSources] = useState<string[]>([]);
  const [searchText, setSearchText] = useState('');
  const [searching, setSearching] = useState(false);
  const cache = useRef(new Map<number, LogEntry>());
  const loading = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);
  const openInPlans = useOpenInPlanInspector();
  const filter = useMemo(() => toFilter(applied), [applied]);
  const openedId = opened?.id ?? null;

  useEffect(() => {
    hmc.call('logs.sources', {}).then(
      (r) => {
        setSources(r.sources);
        const first = r.sources.find((s) => s.todayExists) ?? r.sources.find((s) => s.files.length);
        if (first) setSourceName(first.name);
      },
      (e: Error) => setError(e.message),
    );
  }, []);

  useEffect(() => {
    if (handedPath) void open({ path: handedPath });
    // Once, for the hand-over this page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handedPath]);

  const reset = () => {
    cache.current.clear();
    loading.current.clear();
    setVersion((v) => v + 1);
  };

  const open = async (input: { path?: string; source?: string; date?: string }) => {
    setError(null);
    try {
      if (followId) await hmc.call('logs.unfollow', { followId, action: 'stop' }).catch(() => undefined);
      setFollowId(null);
      setFollowing(false);
      if (opened) void hmc.call('logs.close', { id: opened.id }).catch(() => undefined);
      const o = await hmc.call('logs.open', { ...input, tail: PAGE });
      setOpened(o);
      setSelected(null);
      setSelectedIndex(null);
      setResults(null);
      setTotal(0);
      setIndexDone(false);
      reset();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  // Keep the total (and index state) current: while indexing, filtering or following.
  const refresh = useCallback(async () => {
    if (!openedId) return;
    try {
      const r = await hmc.call('logs.read', { id: openedId, from: 0, count: 0, filter });
      setTotal(r.total);
      setIndexDone(r.index.done);
      setFilterDone(r.filterDone);
    } catch (e) {
      setError((e as Error).message);
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
    hmc.call('logs.histogram', { id: openedId, buckets: 60 }).then((h) => setBuckets(h.buckets), () => undefined);
  }, [openedId, indexDone, version]);

  const virt = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  const items = virt.getVirtualItems();

  // Fetch the pages the visible rows need.
  useEffect(() => {
    if (!openedId || !items.length) return;
    const first = items[0]!.index;
    const last = items[items.length - 1]!.index;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      const from = p * PAGE;
      if (loading.current.has(from)) continue;
      let complete = true;
      for (let i = from; i < Math.min(total, from + PAGE); i++) if (!cache.current.has(i)) complete = false;
      if (complete) continue;
      loading.current.add(from);
      const v = version;
      hmc.call('logs.read', { id: openedId, from, count: PAGE, filter }).then(
        (r) => {
          loading.current.delete(from);
          if (v !== version) return;
          r.entries.forEach((e, i) => cache.current.set(from + i, e));
          setVersion((x) => x + 0.0001); // re-render, same generation
        },
        () => loading.current.delete(from),
      );
    }
  }, [items, openedId, filter, total, version]);

  // Follow: new entries extend the index; keep the view at the end.
  useEffect(() => {
    if (!followId) return;
    return hmc.subscribe('logs.entries', (p) => {
      if (p.followId !== followId) return;
      // The last page may have grown (continuation lines): drop it from the cache.
      const lastPage = Math.floor(Math.max(0, total - 1) / PAGE) * PAGE;
      for (let i = lastPage; i < lastPage + PAGE; i++) cache.current.delete(i);
      loading.current.delete(lastPage);
      void refresh();
    });
  }, [followId, refresh, total]);

  useEffect(() => {
    if (following && total > 0) virt.scrollToIndex(total - 1, { align: 'end' });
  }, [following, total, virt]);

  const toggleFollow = async () => {
    if (!opened) return;
    try {
      if (followId) {
        await hmc.call('logs.unfollow', { followId, action: following ? 'pause' : 'resume' });
        setFollowing(!following);
        return;
      }
      const f = await hmc.call('logs.follow', { id: opened.id });
      setFollowId(f.followId);
      setFollowing(true);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const selectIndex = useCallback(
    async (i: number) => {
      if (!openedId) return;
      setSelectedIndex(i);
      virt.scrollToIndex(i, { align: 'center' });
      const cached = cache.current.get(i);
      if (cached) setSelected(cached);
      else {
        const r = await hmc.call('logs.read', { id: openedId, from: i, count: 1, filter });
        setSelected(r.entries[0] ?? null);
      }
    },
    [openedId, filter, virt],
  );

  const jumpError = async (direction: 'next' | 'previous') => {
    if (!opened) return;
    if (filter) {
      // In a filtered view: walk the loaded rows.
      const from = selectedIndex ?? (direction === 'next' ? -1 : total);
      const step = direction === 'next' ? 1 : -1;
      for (let i = from + step; i >= 0 && i < total; i += step) {
        const e = cache.current.get(i);
        if (e?.level === 'error') return selectIndex(i);
      }
      return;
    }
    const from = selectedIndex ?? (direction === 'next' ? -1 : total);
    const r = await hmc.call('logs.find', { id: opened.id, from, direction, level: 'error' });
    if (r.index !== null) await selectIndex(r.index);
  };

  const onKey = (ev: KeyboardEvent) => {
    if ((ev.target as HTMLElement).tagName === 'INPUT') return;
    if (ev.key === 'n' || (ev.key === 'F8' && !ev.shiftKey)) {
      ev.preventDefault();
      void jumpError('next');
    } else if (ev.key === 'p' || (ev.key === 'F8' && ev.shiftKey)) {
      ev.preventDefault();
      void jumpError('previous');
    } else if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && selectedIndex !== null) {
      ev.preventDefault();
      const next = Math.max(0, Math.min(total - 1, selectedIndex + (ev.key === 'ArrowDown' ? 1 : -1)));
      void selectIndex(next);
    }
  };

  const applyFilter = (next: FilterForm) => {
    setForm(next);
    setApplied(next);
    setSelected(null);
    setSelectedIndex(null);
  };

  const userFailures = async (user: string) => {
    try {
      const r = await hmc.call('logs.failures', { user });
      setResults({ title: `All failures for ${user} (${r.entries.length})`, entries: r.entries });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  /** Several sources (or all of them, `*`) searched at once, merged newest first. */
  const searchMerged = async () => {
    if (!searchSources.length) return;
    setSearching(true);
    try {
      const text = searchText.trim();
      const r = await hmc.call('logs.search', { sources: searchSources, text: text || undefined, caseSensitive: false, limit: 1_000 });
      const which = searchSources.includes('*') ? 'all sources' : searchSources.join(', ');
      setSelected(null);
      setResults({
        title: `${r.entries.length}${r.truncated ? '+' : ''} entries from ${which}${text ? ` matching "${text}"` : ''}, newest first`,
        entries: r.entries,
        merged: true,
      });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSearching(false);
    }
  };

  const usersToday = async () => {
    try {
      const r = await hmc.call('logs.failures', {});
      setFailUsers(r.users);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const xml = selected?.xml ? extractXml(selected.message) : null;

  const detailPane = (
    <Paper variant="outlined" sx={{ flex: 2, p: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }} aria-label="Entry detail">
      {selected ? (
        <>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
            <Chip size="small" label={selected.level} sx={LEVEL_STYLE[selected.level]} />
            <Typography variant="body2">{selected.time?.replace('T', ' ')}</Typography>
            {selected.source && <Chip size="small" color="primary" variant="outlined" label={selected.source} />}
            {selected.user && <Chip size="small" variant="outlined" label={selected.user} />}
            <Box sx={{ flex: 1 }} />
            <Button size="small" onClick={() => void navigator.clipboard?.writeText(selected.message)}>
              Copy
            </Button>
            {xml && (
              <Button size="small" variant="outlined" onClick={() => openInPlans(xml)}>
                Open in plan inspector
              </Button>
            )}
            {selected.user && (
              <Button size="small" onClick={() => void userFailures(selected.user!)}>
                All failures for this user
              </Button>
            )}
            {selected.user && (
              <Button
                size="small"
                variant="outlined"
                onClick={() =>
                  nav.navigate('mailboxes', {
                    identities: [selected.user!],
                    mailboxIntent: selected.level === 'error' ? intentOf(selected) : undefined,
                    origin: `the log viewer (${selected.time?.replace('T', ' ') ?? 'entry'}: ${firstLine(selected).slice(0, 80)})`,
                  })
                }
              >
                Open in mailbox desk
              </Button>
            )}
          </Stack>
          <Box component="pre" sx={{ m: 0, flex: 1, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 380 }}>
            {selected.message}
          </Box>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Select an entry to see its full text. Keys: n / p (or F8 / Shift+F8) jump to the next / previous error.
        </Typography>
      )}
    </Paper>
  );

  return (
    <Stack spacing={1.5} sx={{ height: '100%', minHeight: 0, p: 2, boxSizing: 'border-box' }} onKeyDown={onKey} tabIndex={-1}>
      <Typography variant="h5" component="h2">
        Logs
      </Typography>
      <Paper variant="outlined" sx={{ p: 1.5 }}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField select size="small" label="Source" value={sourceName} onChange={(e) => setSourceName(e.target.value)} sx={{ minWidth: 220 }}>
            {sources.map((s) => (
              <MenuItem key={s.name} value={s.name}>
                {s.name} {s.todayExists ? '' : '(no file today)'}
              </MenuItem>
            ))}
          </TextField>
          <Button variant="outlined" disabled={!sourceName} onClick={() => void open({ source: sourceName })}>
            Open today
          </Button>
          <TextField size="small" label="Log file path" value={pathText} onChange={(e) => setPathText(e.target.value)} sx={{ minWidth: 360, flex: 1 }}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && pathText.trim()) void open({ path: pathText.trim() });
            }}
          />
          <Button variant="contained" disabled={!pathText.trim()} onClick={() => void open({ path: pathText.trim() })}>
            Open file
          </Button>
          <TextField
            select
            size="small"
            label="Search sources"
            value={searchSources}
            onChange={(e) => {
              const v = e.target.value as unknown as string[] | string;
              const list = typeof v === 'string' ? v.split(',') : v;
              // "All sources" alone, or named sources alone: picking one kind drops the other.
              const all = list[list.length - 1] === '*';
              setSearchSources(all ? ['*'] : list.filter((n) => n !== '*'));
            }}
            slotProps={{ select: { multiple: true, renderValue: (v) => ((v as string[]).includes('*') ? 'All sources' : (v as string[]).join(', ')) } }}
            sx={{ minWidth: 200, maxWidth: 320 }}
          >
            <MenuItem value="*">All sources</MenuItem>
            {sources.map((s) => (
              <MenuItem key={s.name} value={s.name}>
                {s.name}
              </MenuItem>
            ))}
          </TextField>
          <TextField size="small" label="Search text" value={searchText} onChange={(e) => setSearchText(e.target.value)} sx={{ width: 160 }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void searchMerged();
            }}
          />
          <Button variant="outlined" disabled={!searchSources.length || searching} onClick={() => void searchMerged()}>
            Search
          </Button>
          <Button onClick={() => void usersToday()}>Users with failures today</Button>
        </Stack>
      </Paper>
      {error && (
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {failUsers && (
        <Paper variant="outlined" sx={{ p: 1 }} aria-label="Users with failures today">
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <Typography variant="subtitle2">Users with failures today:</Typography>
            {failUsers.length === 0 && <Typography variant="body2">none</Typography>}
            {failUsers.map((u) => (
              <Chip key={u.user} color="error" variant="outlined" label={`${u.user} (${u.failures})`} onClick={() => void userFailures(u.user)} title={u.lastMessage} />
            ))}
            {failUsers.length > 0 && (
              <Button
                size="small"
                variant="contained"
                onClick={() => {
                  // The action is pre-selected only when every failure came from an after-create or every one from an after-modify source.
                  const kinds = new Set(failUsers.flatMap((u) => u.sources.map((name) => sourceKind(sources, name))));
                  const only = kinds.size === 1 ? [...kinds][0] : undefined;
                  nav.navigate('mailboxes', {
                    identities: failUsers.map((u) => u.user),
                    mailboxIntent: only === 'enable' ? { kind: 'enable' } : only === 'hide' ? { kind: 'hide' } : undefined,
                    origin: `the log viewer (users with failures today: ${failUsers.length})`,
                  });
                }}
              >
                Fix these in the mailbox desk
              </Button>
            )}
            <Button size="small" onClick={() => setFailUsers(null)}>
              Hide
            </Button>
          </Stack>
        </Paper>
      )}
      {opened && (
        <Paper variant="outlined" sx={{ p: 1 }}>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
            <TextField size="small" label={form.regex ? 'Regex' : 'Text'} value={form.text} onChange={(e) => setForm({ ...form, text: e.target.value })}
              onKeyDown={(e) => e.key === 'Enter' && applyFilter(form)} />
            <FormControlLabel control={<Checkbox size="small" checked={form.regex} onChange={(e) => setForm({ ...form, regex: e.target.checked })} />} label="Regex" />
            <FormControlLabel control={<Checkbox size="small" checked={form.caseSensitive} onChange={(e) => setForm({ ...form, caseSensitive: e.target.checked })} />} label="Case" />
            <TextField select size="small" label="Level" value={form.level} onChange={(e) => applyFilter({ ...form, level: e.target.value as FilterForm['level'] })} sx={{ minWidth: 140 }}>
              <MenuItem value="">All</MenuItem>
              <MenuItem value="error">Errors</MenuItem>
              <MenuItem value="warning">Warnings and errors</MenuItem>
              <MenuItem value="info">Info</MenuItem>
            </TextField>
            <TextField size="small" label="User" value={form.user} onChange={(e) => setForm({ ...form, user: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && applyFilter(form)} />
            <TextField size="small" label="Since" placeholder="2025-03-03T09:00" value={form.since} onChange={(e) => setForm({ ...form, since: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && applyFilter(form)} sx={{ width: 170 }} />
            <TextField size="small" label="Until" placeholder="2025-03-03T18:00" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && applyFilter(form)} sx={{ width: 170 }} />
            <Button variant="outlined" onClick={() => applyFilter(form)}>
              Filter
            </Button>
            <Button onClick={() => applyFilter(NO_FILTER)}>Clear</Button>
            <Box sx={{ flex: 1 }} />
            <Button onClick={() => void jumpError('previous')} title="Previous error (p, Shift+F8)">
              ◀ Error
            </Button>
            <Button onClick={() => void jumpError('next')} title="Next error (n, F8)">
              Error ▶
            </Button>
            <Button variant={following ? 'contained' : 'outlined'} color={following ? 'success' : 'primary'} onClick={() => void toggleFollow()}>
              {following ? 'Following' : followId ? 'Paused' : 'Follow'}
            </Button>
          </Stack>
          <Histogram buckets={buckets} onPick={(b) => applyFilter({ ...form, since: b.from, until: b.to })} />
          <Typography variant="caption" sx={{ px: 1 }}>
            {opened.file} · {opened.encoding} · {total.toLocaleString()} {filter ? 'matching ' : ''}entries
            {!indexDone ? ' · indexing…' : ''}
            {filter && !filterDone ? ' · filtering…' : ''}
          </Typography>
          {(!indexDone || (filter && !filterDone)) && <LinearProgress />}
        </Paper>
      )}
      {opened && (
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={1} sx={{ flex: 1, minHeight: 320 }}>
          <Paper variant="outlined" sx={{ flex: 3, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
            {total === 0 && !filter && opened.tail.length > 0 ? (
              // Before the index has its first entries: the tail page at once.
              <Box sx={{ overflow: 'auto', height: 420 }} role="grid" aria-label="Log entries">
                {opened.tail.map((e) => (
                  <EntryRow key={e.offset} entry={e} selected={selected?.offset === e.offset} onClick={() => setSelected(e)} />
                ))}
              </Box>
            ) : (
              <Box ref={scroller} sx={{ overflow: 'auto', height: 420, contain: 'strict' }} role="grid" aria-label="Log entries">
                <Box sx={{ height: virt.getTotalSize(), position: 'relative' }}>
                  {items.map((it) => (
                    <Box key={it.key} sx={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${it.start}px)` }}>
                      <EntryRow entry={cache.current.get(it.index)} selected={selectedIndex === it.index} onClick={() => void selectIndex(it.index)} />
                    </Box>
                  ))}
                </Box>
              </Box>
            )}
          </Paper>
          {detailPane}
        </Stack>
      )}
      {results && (
        <Paper variant="outlined" sx={{ p: 1 }} aria-label={results.merged ? 'Search results' : 'Failures'}>
          <Stack direction="row" sx={{ alignItems: 'center' }}>
            <Typography variant="subtitle2" sx={{ flex: 1 }}>
              {results.title}
            </Typography>
            <Button size="small" onClick={() => setResults(null)}>
              Close
            </Button>
          </Stack>
          <Stack direction={{ xs: 'column', lg: 'row' }} spacing={1}>
            <Box sx={{ maxHeight: opened ? 240 : 420, overflow: 'auto', flex: 3, minWidth: 0 }} role="grid" aria-label={results.merged ? 'Merged entries' : 'Result entries'}>
              {results.entries.map((e) => (
                <EntryRow key={`${e.file}:${e.offset}`} entry={e} selected={selected === e} onClick={() => setSelected(e)} showSource={results.merged} />
              ))}
            </Box>
            {/* Without an opened file the detail pane sits beside the results. */}
            {!opened && detailPane}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
