/**
 * The filter bar of an opened log: whether the search text (the search box above, "This file") is a regex
 * or case-sensitive, level, user, time range; Filter applies
 * (Enter in a field too), Clear drops it; the previous/next error buttons and Follow (then Following /
 * Paused). The form is a LogFilter being edited (shared/logs/filter.ts).
 */
import { Box, Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField } from '@mui/material';
import type { KeyboardEvent } from 'react';
import { isRegexFilter, levelChoice, NO_FILTER, withLevelChoice, withRegexMode, type LevelChoice } from '../../shared/logs/filter';
import type { LogsView } from './useLogs';

export function FilterBar({ logs }: { logs: LogsView }) {
  const { form, setForm, applyFilter, following, followId } = logs;
  const onEnter = (e: KeyboardEvent) => {
    if (e.key === 'Enter') applyFilter(form);
  };
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
      <FormControlLabel control={<Checkbox size="small" checked={isRegexFilter(form)} onChange={(e) => setForm(withRegexMode(form, e.target.checked))} />} label="Regex" />
      <FormControlLabel control={<Checkbox size="small" checked={Boolean(form.caseSensitive)} onChange={(e) => setForm({ ...form, caseSensitive: e.target.checked })} />} label="Case" />
      <TextField select size="small" label="Level" value={levelChoice(form)} onChange={(e) => applyFilter(withLevelChoice(form, e.target.value as LevelChoice))} sx={{ minWidth: 140 }}>
        <MenuItem value="">All</MenuItem>
        <MenuItem value="error">Errors</MenuItem>
        <MenuItem value="warning">Warnings and errors</MenuItem>
        <MenuItem value="info">Info</MenuItem>
      </TextField>
      <TextField size="small" label="User" value={form.user ?? ''} onChange={(e) => setForm({ ...form, user: e.target.value })} onKeyDown={onEnter} />
      <TextField size="small" label="Since" placeholder="2025-03-03T09:00" value={form.since ?? ''} onChange={(e) => setForm({ ...form, since: e.target.value })} onKeyDown={onEnter} sx={{ width: 170 }} />
      <TextField size="small" label="Until" placeholder="2025-03-03T18:00" value={form.until ?? ''} onChange={(e) => setForm({ ...form, until: e.target.value })} onKeyDown={onEnter} sx={{ width: 170 }} />
      <Button variant="outlined" onClick={() => applyFilter(form)}>
        Filter
      </Button>
      <Button onClick={() => applyFilter(NO_FILTER)}>Clear</Button>
      <Box sx={{ flex: 1 }} />
      <Button onClick={() => void logs.jumpError('previous')} title="Previous error (p, Shift+F8)">
        ◀ Error
      </Button>
      <Button onClick={() => void logs.jumpError('next')} title="Next error (n, F8)">
        Error ▶
      </Button>
      <Button variant={following ? 'contained' : 'outlined'} color={following ? 'success' : 'primary'} onClick={() => void logs.toggleFollow()}>
        {following ? 'Following' : followId ? 'Paused' : 'Follow'}
      </Button>
    </Stack>
  );
}
