/**
 * A path setting on the page: its value, shown and never edited as text. On the desktop "Change…" opens the
 * native dialog; in the browser the admin types a path and presses "Propose", and the change waits for a y on
 * the hmc serve terminal. The outcome (set, cancelled, refused with why) is shown under the field.
 */
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import type { ChoosePath, SettingsState } from './useSettings';

export interface PathFieldProps {
  s: SettingsState;
  /** Names the field (its outcome message and test ids). */
  id: string;
  label: string;
  /** What is set now; null shows `empty`. */
  value: string | null;
  empty: string;
  request: ChoosePath;
  /** The button's text on the desktop. */
  action?: string;
}

export function PathField({ s, id, label, value, empty, request, action = 'Change…' }: PathFieldProps) {
  const [proposed, setProposed] = useState('');
  const waiting = s.pending === id;
  const outcome = s.pathMessage?.id === id ? s.pathMessage : null;
  return (
    <Box data-testid={`path-${id}`}>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} aria-label={`${label}: current value`}>
        {value ?? empty}
      </Typography>
      {s.chooser === 'dialog' ? (
        <Button size="small" variant="outlined" sx={{ mt: 0.5 }} disabled={waiting} onClick={() => s.choosePath(id, request)}>
          {action}
        </Button>
      ) : (
        <Stack direction="row" spacing={1} sx={{ mt: 0.5, alignItems: 'center' }}>
          <TextField
            size="small"
            label={`${label}: proposed path`}
            value={proposed}
            onChange={(e) => setProposed(e.target.value)}
            sx={{ flex: 1 }}
            disabled={waiting}
          />
          <Button
            size="small"
            variant="outlined"
            disabled={waiting || !proposed.trim()}
            onClick={() => s.choosePath(id, { ...request, proposed: proposed.trim() })}
          >
            Propose
          </Button>
        </Stack>
      )}
      {waiting && (
        <Alert severity="info" sx={{ mt: 1 }}>
          {s.chooser === 'dialog' ? 'Waiting for the dialog…' : 'Waiting for confirmation on the hmc serve terminal: answer y there to allow it.'}
        </Alert>
      )}
      {outcome && !waiting && (
        <Alert severity={outcome.kind} sx={{ mt: 1 }}>
          {outcome.text}
        </Alert>
      )}
    </Box>
  );
}
