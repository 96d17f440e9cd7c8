/**
 * Settings: where the console works (Exchange, the routing address template), the paths it runs and reads
 * (chosen through the door, never typed into the settings), the log sources, the CA files, mail and alerts,
 * and the theme. The calls and their clean-up are useSettings'.
 */
import { Alert, Box, Button, Divider, IconButton, List, ListItem, ListItemText, MenuItem, Stack, TextField, Tooltip, Typography, useColorScheme } from '@mui/material';
import { MailSection } from '../notify/MailSection';
import { usePolicy } from '../app/usePolicy';
import { ExchangeFields } from './ExchangeFields';
import { LogSourcesSection } from './LogSourcesSection';
import { PathField } from './PathField';
import { useSettings, type SettingsState } from './useSettings';

function PathsSection({ s }: { s: SettingsState }) {
  const settings = s.settings!;
  return (
    <>
      <Typography variant="h6" component="h3">PowerShell and the sandbox</Typography>
      <PathField s={s} id="powershell" label="PowerShell executable" value={settings.powershell.path} empty="(found on PATH or in the tools folder)" request={{ key: 'powershell.path' }} />
      <PathField s={s} id="sandbox" label="Sandbox directory file" value={settings.exchange.sandboxDirectory} empty="(in the data folder)" request={{ key: 'exchange.sandboxDirectory' }} />
    </>
  );
}

function CaFilesSection({ s }: { s: SettingsState }) {
  const files = s.settings!.connectivity.extraCaFiles;
  return (
    <>
      <Typography variant="h6" component="h3">Certificate authorities</Typography>
      <Typography variant="body2" color="text.secondary">PEM files of internal CAs, trusted besides the built-in roots (connectivity checks and mail).</Typography>
      <List dense aria-label="CA files">
        {files.map((f) => (
          <ListItem
            key={f}
            secondaryAction={
              <Tooltip title="Remove (then Save)">
                <IconButton edge="end" aria-label={`Remove ${f}`} onClick={() => s.removeCaFile(f)}>
                  ×
                </IconButton>
              </Tooltip>
            }
          >
            <ListItemText primary={f} slotProps={{ primary: { sx: { fontFamily: 'monospace' } } }} />
          </ListItem>
        ))}
        {!files.length && <ListItem><ListItemText secondary="None: only the built-in roots." /></ListItem>}
      </List>
      <PathField s={s} id="ca" label="CA file to add" value={null} empty="" action="Add a CA file…" request={{ key: 'connectivity.extraCaFiles' }} />
    </>
  );
}

function ThemeField({ s }: { s: SettingsState }) {
  const { setMode } = useColorScheme();
  return (
    <TextField
      select
      label="Theme"
      value={s.settings!.ui.theme}
      onChange={(e) => {
        const theme = e.target.value as 'system' | 'light' | 'dark';
        s.setTheme(theme);
        setMode(theme);
      }}
      sx={{ maxWidth: 240 }}
    >
      <MenuItem value="system">Follow the system</MenuItem>
      <MenuItem value="light">Light</MenuItem>
      <MenuItem value="dark">Dark</MenuItem>
    </TextField>
  );
}

export function SettingsPage() {
  const s = useSettings();
  const policy = usePolicy();
  const { settings, message } = s;
  if (!settings) return <Box sx={{ p: 3 }}>{message ? <Alert severity="error">{message.text}</Alert> : 'Loading settings…'}</Box>;
  return (
    <Box sx={{ p: 3, maxWidth: 860 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Settings
      </Typography>
      {s.path ? (
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Stored in {s.path}
        </Typography>
      ) : null}
      {s.problem && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {s.problem}
        </Alert>
      )}
      {policy?.problem && (
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="policy-problem">
          {policy.problem}
        </Alert>
      )}
      {policy && policy.pinned.length > 0 && (
        <Alert severity="info" sx={{ mb: 2 }} data-testid="policy-pinned">
          Your administrator's policy ({policy.file}) pins {policy.pinned.join(', ')}: those fields are locked here.
        </Alert>
      )}
      <Stack spacing={2} sx={{ mt: 2 }}>
        <ExchangeFields s={s} ex={settings.exchange} locked={policy?.pinned ?? []} />
        <PathsSection s={s} />
        <CaFilesSection s={s} />
        <Divider />
        <LogSourcesSection s={s} />
        <Divider />
        <Typography variant="h6" component="h3">Theme</Typography>
        <ThemeField s={s} />
        <Box>
          <Button variant="contained" onClick={s.save}>
            Save settings
          </Button>
        </Box>
        {message && <Alert severity={message.kind} data-testid="settings-message">{message.text}</Alert>}
        <Divider />
        <Typography variant="h6" component="h3">Mail</Typography>
        <MailSection />
      </Stack>
    </Box>
  );
}
