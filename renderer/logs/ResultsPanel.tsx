/**
 * Entries found outside the opened file: a merged search over sources (with each entry's source) or a
 * user's failures. Without an opened file the detail pane sits beside them.
 */
import { Button, Paper, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { EntryList } from './EntryList';
import type { Results } from './types';
import type { LogsView } from './useLogs';

export function ResultsPanel({ logs, results, detail }: { logs: LogsView; results: Results; detail: ReactNode }) {
  const { opened, selected } = logs;
  return (
    <Paper variant="outlined" sx={{ p: 1 }} aria-label={results.merged ? 'Search results' : 'Failures'}>
      <Stack direction="row" sx={{ alignItems: 'center' }}>
        <Typography variant="subtitle2" sx={{ flex: 1 }}>
          {results.title}
        </Typography>
        <Button size="small" onClick={logs.closeResults}>
          Close
        </Button>
      </Stack>
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={1}>
        <EntryList
          entries={results.entries}
          isSelected={(e) => selected === e}
          onSelect={logs.selectEntry}
          label={results.merged ? 'Merged entries' : 'Result entries'}
          showSource={results.merged}
          sx={{ maxHeight: opened ? 240 : 420, overflow: 'auto', flex: 3, minWidth: 0 }}
        />
        {!opened && detail}
      </Stack>
    </Paper>
  );
}
