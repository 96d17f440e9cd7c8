/**
 * What to look at: a source's file of today, any log file by path, the one search box with its scope stated
 * (the open file, through its filter, or several sources at once merged newest first; "All sources" is every
 * enabled one), and the users with failures today.
 */
import { Button, MenuItem, Paper, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { pickSearchSources } from '../../shared/logs/actions';
import { filterText, withFilterText } from '../../shared/logs/filter';
import type { LogsView } from './useLogs';
import { AllowFile } from './AllowFile';

export function SearchPanel({ logs }: { logs: LogsView }) {
  const { sources, defaultSource, searching } = logs;
  const [picked, setPicked] = useState<string | null>(null);
  const [pathText, setPathText] = useState('');
  const [searchSources, setSearchSources] = useState<string[]>([]);
  const [searchText, setSearchText] = useState(() => filterText(logs.form));
  const [scopeChoice, setScope] = useState<'file' | 'sources' | null>(null);
  const sourceName = picked ?? defaultSource;
  const path = pathText.trim();
  // The open file by default; the sources once some are picked (or when no file is open).
  const scope = scopeChoice ?? (logs.opened && !searchSources.length ? 'file' : 'sources');
  const search = () => {
    if (scope === 'file') logs.applyFilter(withFilterText(logs.form, searchText));
    else void logs.searchMerged(searchSources, searchText);
  };
  const canSearch = scope === 'file' ? Boolean(logs.opened) : searchSources.length > 0 && !searching;
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }}>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField select size="small" label="Source" value={sourceName} onChange={(e) => setPicked(e.target.value)} sx={{ minWidth: 220 }}>
          {sources.map((s) => (
            <MenuItem key={s.name} value={s.name}>
              {s.name} {s.todayExists ? '' : '(no file today)'}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="outlined" disabled={!sourceName} onClick={() => void logs.open({ source: sourceName })}>
          Open today
        </Button>
        <TextField
          size="small"
          label="Log file path"
          value={pathText}
          onChange={(e) => setPathText(e.target.value)}
          sx={{ minWidth: 360, flex: 1 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && path) void logs.open({ path });
          }}
        />
        <Button variant="contained" disabled={!path} onClick={() => void logs.open({ path })}>
          Open file
        </Button>
        <AllowFile path={path} onAllowed={(p) => void logs.open({ path: p })} />
        <TextField
          select
          size="small"
          label="Search sources"
          value={searchSources}
          onChange={(e) => {
            const v = e.target.value as unknown as string[] | string;
            setSearchSources(pickSearchSources(typeof v === 'string' ? v.split(',') : v));
            setScope('sources');
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
        <TextField
          size="small"
          label="Search text"
          value={searchText}
          onChange={(e) => setSearchText(e.target.value)}
          sx={{ width: 200 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && canSearch) search();
          }}
        />
        <TextField select size="small" label="Search in" value={scope} onChange={(e) => setScope(e.target.value as 'file' | 'sources')} sx={{ minWidth: 170 }}>
          <MenuItem value="file" disabled={!logs.opened}>
            This file
          </MenuItem>
          <MenuItem value="sources">These sources</MenuItem>
        </TextField>
        <Button variant="outlined" disabled={!canSearch} onClick={search}>
          Search
        </Button>
        <Button onClick={() => void logs.usersToday()}>Users with failures today</Button>
      </Stack>
    </Paper>
  );
}
