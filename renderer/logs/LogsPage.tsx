/**
 * Logs: open a source's file or any file, see its last screen at once, scroll millions of entries
 * (virtualised, pages fetched by index), follow it live, filter (text plain/regex/case, level, user,
 * time range), jump between errors (n / p keys, F8 / Shift+F8), an error histogram that filters on
 * click, the selected entry's full text with copy and "open in plan inspector", all failures of a user
 * and all users with failures today. The calls and their clean-up are useLogs'; the parts are small
 * components beside it.
 */
import { Alert, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import type { KeyboardEvent } from 'react';
import { withTimeRange } from '../../shared/logs/filter';
import { EntryDetail } from './EntryDetail';
import { EntryTable } from './EntryTable';
import { FailuresPanel } from './FailuresPanel';
import { FilterBar } from './FilterBar';
import { Histogram } from './Histogram';
import { ResultsPanel } from './ResultsPanel';
import { SearchPanel } from './SearchPanel';
import { useLogs } from './useLogs';

export default function LogsPage() {
  const logs = useLogs();
  const { opened, error, filter, total, indexDone, filterDone, selectedIndex, results, failUsers } = logs;

  const onKey = (ev: KeyboardEvent) => {
    if (ev.defaultPrevented || (ev.target as HTMLElement).tagName === 'INPUT') return;
    if (ev.key === 'n' || (ev.key === 'F8' && !ev.shiftKey)) {
      ev.preventDefault();
      void logs.jumpError('next');
    } else if (ev.key === 'p' || (ev.key === 'F8' && ev.shiftKey)) {
      ev.preventDefault();
      void logs.jumpError('previous');
    } else if ((ev.key === 'ArrowDown' || ev.key === 'ArrowUp') && selectedIndex !== null) {
      ev.preventDefault();
      void logs.selectIndex(Math.max(0, Math.min(total - 1, selectedIndex + (ev.key === 'ArrowDown' ? 1 : -1))));
    }
  };

  const detail = <EntryDetail selected={logs.selected} onUserFailures={(u) => void logs.userFailures(u)} onError={logs.setError} />;

  return (
    <Stack spacing={1.5} sx={{ height: '100%', minHeight: 0, p: 2, boxSizing: 'border-box' }} onKeyDown={onKey} tabIndex={-1}>
      <Typography variant="h5" component="h2">
        Logs
      </Typography>
      <SearchPanel logs={logs} />
      {error && (
        <Alert severity="error" onClose={() => logs.setError(null)}>
          {error}
        </Alert>
      )}
      {failUsers && <FailuresPanel users={failUsers} sources={logs.sources} onUser={(u) => void logs.userFailures(u)} onHide={logs.hideFailUsers} />}
      {opened && (
        <Paper variant="outlined" sx={{ p: 1 }}>
          <FilterBar logs={logs} />
          <Histogram buckets={logs.buckets} onPick={(b) => logs.applyFilter(withTimeRange(logs.form, b.from, b.to))} />
          <Typography variant="caption" sx={{ px: 1 }}>
            {opened.file} · {opened.encoding} · {total.toLocaleString()} {filter ? 'matching ' : ''}entries
            {!indexDone ? ' · indexing…' : ''}
            {filter && !filterDone ? ' · filtering…' : ''}
          </Typography>
          {(!indexDone || (filter && !filterDone)) && <LinearProgress />}
          {opened.encodingWarning && (
            <Alert severity="warning" sx={{ mt: 1 }}>
              {opened.encodingWarning}
            </Alert>
          )}
        </Paper>
      )}
      {opened && (
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={1} sx={{ flex: 1, minHeight: 320 }}>
          <EntryTable logs={logs} />
          {detail}
        </Stack>
      )}
      {results && <ResultsPanel logs={logs} results={results} detail={detail} />}
    </Stack>
  );
}
