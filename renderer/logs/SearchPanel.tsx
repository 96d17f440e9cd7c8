/**
 * What to look at: a source's file of today, any log file by path, a search over several sources at once
 * (merged newest first; "All sources" is every enabled one), and the users with failures today.
 */
import { Button, MenuItem, Paper, Stack, TextField } from '@mui/material';
import { useState } from 'react';
import { pickSearchSources } from '../../shared/logs/actions';
import type { LogsView } from './useLogs';
import { AllowFile } from './AllowFile';

export function SearchPanel({ logs }: { logs: LogsView }) {
  const { sources, defaultSource, searching } = logs;
  const [picked, setPicked] = useState<string | null>(null);
  const [pathText, setPathText] = useState('');
  const [searchSources, setSearchSources] = useState<string[]>([]);
  const [searchText, setSearchText] = useState('');
  const sourceName = picked ?? defaultSource;
  const path = pathText.trim();
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
          sx={{ width: 160 }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void logs.searchMerged(searchSources, searchText);
          }}
        />
        <Button variant="outlined" disabled={!searchSources.length || searching} onClick={() => void logs.searchMerged(searchSources, searchText)}>
          Search
        </Button>
        <Button onClick={() => void logs.usersToday()}>Users with failures today</Button>
      </Stack>
    </Paper>
  );
}
