/**
 * Settings > Logs: the log sources (folder, file-name pattern, enabled). A folder is chosen through the
 * door (dialog or terminal confirmation, see PathField), never typed into the settings; a source is added
 * the same way, with its folder chosen. Pattern and name errors show at their fields.
 */
import { Box, Button, Checkbox, FormControlLabel, Paper, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { issueAt } from '../../shared/settings/validate';
import { PathField } from './PathField';
import type { SettingsState } from './useSettings';

export function LogSourcesSection({ s }: { s: SettingsState }) {
  const sources = s.settings?.logs.sources ?? [];
  const [name, setName] = useState('');
  const [pattern, setPattern] = useState('{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log');
  return (
    <Stack spacing={2} data-testid="logs-section">
      <Typography variant="h6" component="h3">
        Logs
      </Typography>
      <Typography variant="body2" color="text.secondary">
        The folders the rules write to. A pattern is a file name in the folder with {'{yyyy}'} {'{MM}'} {'{dd}'} for daily files, or a fixed name such as IQTrace.log.
      </Typography>
      {sources.map((src, i) => (
        <Paper key={i} variant="outlined" sx={{ p: 1.5 }} aria-label={`Log source ${src.name}`}>
          <Stack spacing={1}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
              <TextField
                size="small"
                label="Name"
                value={src.name}
                onChange={(e) => s.setSource(i, { name: e.target.value })}
                error={Boolean(issueAt(s.issues, 'logs', 'sources', String(i), 'name'))}
                helperText={issueAt(s.issues, 'logs', 'sources', String(i), 'name') ?? ' '}
              />
              <TextField
                size="small"
                label="File name pattern"
                value={src.pattern}
                onChange={(e) => s.setSource(i, { pattern: e.target.value })}
                error={Boolean(issueAt(s.issues, 'logs', 'sources', String(i), 'pattern'))}
                helperText={issueAt(s.issues, 'logs', 'sources', String(i), 'pattern') ?? ' '}
                sx={{ flex: 1 }}
              />
              <FormControlLabel control={<Checkbox checked={src.enabled} onChange={(e) => s.setSource(i, { enabled: e.target.checked })} />} label="Enabled" />
              <Button size="small" color="error" onClick={() => s.removeSource(i)}>
                Remove
              </Button>
            </Stack>
            <PathField s={s} id={`source-${i}`} label="Folder" value={src.folder} empty="(none)" request={{ key: 'logs.sources[].folder', source: src.name }} />
          </Stack>
        </Paper>
      ))}
      <Paper variant="outlined" sx={{ p: 1.5 }} aria-label="Add a log source">
        <Typography variant="subtitle2" gutterBottom>
          Add a source
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
          <TextField size="small" label="New source name" value={name} onChange={(e) => setName(e.target.value)} />
          <TextField size="small" label="New source pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} sx={{ flex: 1 }} />
        </Stack>
        {name.trim() && pattern.trim() ? (
          <PathField
            s={s}
            id="source-new"
            label="Folder of the new source"
            value={null}
            empty="(choose it to add the source)"
            action="Choose folder and add…"
            request={{ key: 'logs.sources[].folder', add: { name: name.trim(), pattern: pattern.trim(), enabled: true } }}
          />
        ) : (
          <Box sx={{ color: 'text.secondary', fontSize: 14 }}>Give the new source a name and a pattern, then choose its folder.</Box>
        )}
      </Paper>
    </Stack>
  );
}
