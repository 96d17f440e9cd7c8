/**
 * Settings: the ones that decide where the console works (Exchange, PowerShell); the rest are
 * edited on their own pages. The calls and their clean-up are useSettings'.
 */
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { ExchangeFields } from './ExchangeFields';
import { useSettings } from './useSettings';

export function SettingsPage() {
  const s = useSettings();
  const { settings, message } = s;
  if (!settings) return <Box sx={{ p: 3 }}>{message ? <Alert severity="error">{message.text}</Alert> : 'Loading settings…'}</Box>;
  return (
    <Box sx={{ p: 3, maxWidth: 760 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Settings
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Stored in {s.path}
      </Typography>
      {s.problem && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {s.problem}
        </Alert>
      )}
      <Stack spacing={2} sx={{ mt: 2 }}>
        <ExchangeFields s={s} ex={settings.exchange} />
        <Typography variant="h6" component="h3">PowerShell</Typography>
        <TextField
          label="PowerShell executable (empty: search PATH and the tools folder)"
          value={settings.powershell.path ?? ''}
          onChange={(e) => s.setPowerShellPath(e.target.value.trim() || null)}
        />
        <Box>
          <Button variant="contained" onClick={s.save}>
            Save
          </Button>
        </Box>
        {message && <Alert severity={message.kind}>{message.text}</Alert>}
      </Stack>
    </Box>
  );
}
