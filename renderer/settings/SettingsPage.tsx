import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useEffect, useState } from 'react';
import type { Settings } from '../../shared/settings/schema';
import { hmc } from '../client';

/** Edits the settings that decide where the console works; the rest are edited on their own pages. */
export function SettingsPage() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [hostsText, setHostsText] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [session, setSession] = useState<string | null>(null);

  useEffect(() => {
    void hmc.call('settings.get', {}).then((s) => {
      setSettings(s);
      setHostsText(s.exchange.hosts.join(', '));
    }, (e: unknown) => setMessage({ kind: 'error', text: (e as Error).message }));
    void hmc.call('system.status', {}).then((s) => {
      setPath(s.settings.path);
      setProblem(s.settings.problem);
    });
  }, []);

  if (!settings) return <Box sx={{ p: 3 }}>{message ? <Alert severity="error">{message.text}</Alert> : 'Loading settings…'}</Box>;

  const ex = settings.exchange;
  const setEx = (patch: Partial<Settings['exchange']>) => setSettings({ ...settings, exchange: { ...ex, ...patch } });

  /** The password goes to session.connect only: never into the settings, logs or audit. */
  const connect = async () => {
    try {
      const r = await hmc.call('session.connect', { force: true, remember, ...(password ? { password } : {}) });
      setSession(`Session ${r.state.state}${r.state.host ? ` on ${r.state.host}` : ''}${r.state.error ? `: ${r.state.error}` : ''}`);
    } catch (e) {
      setSession((e as Error).message);
    } finally {
      setPassword('');
    }
  };

  const save = async () => {
    try {
      const saved = await hmc.call('settings.update', settings);
      setSettings(saved);
      setProblem(null);
      setMessage({ kind: 'success', text: 'Settings saved.' });
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  return (
    <Box sx={{ p: 3, maxWidth: 760 }}>
      <Typography variant="h5" gutterBottom>
        Settings
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Stored in {path}
      </Typography>
      {problem && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {problem}
        </Alert>
      )}
      <Stack spacing={2} sx={{ mt: 2 }}>
        <Typography variant="h6">Exchange</Typography>
        <TextField
          select
          label="Mode"
          value={ex.mode}
          onChange={(e) => setEx({ mode: e.target.value as Settings['exchange']['mode'] })}
          helperText="sandbox: the built-in test Exchange. remote: a session to your Exchange server (Windows). snapin: the Exchange 2019 CU12+ management tools."
        >
          <MenuItem value="sandbox">sandbox</MenuItem>
          <MenuItem value="remote">remote</MenuItem>
          <MenuItem value="snapin">snapin</MenuItem>
        </TextField>
        <TextField
          label="Exchange hosts (FQDN, in failover order, comma-separated)"
          value={hostsText}
          onChange={(e) => {
            setHostsText(e.target.value);
            setEx({ hosts: e.target.value.split(',').map((h) => h.trim()).filter(Boolean) });
          }}
        />
        <TextField
          select
          label="Authentication"
          value={ex.authentication}
          onChange={(e) => setEx({ authentication: e.target.value as Settings['exchange']['authentication'] })}
        >
          <MenuItem value="Kerberos">Kerberos (current Windows identity)</MenuItem>
          <MenuItem value="Negotiate">Negotiate (with a credential)</MenuItem>
          <MenuItem value="Basic">Basic (https only)</MenuItem>
        </TextField>
        <TextField
          label="Routing domain"
          placeholder="contoso.mail.onmicrosoft.com"
          value={ex.routingDomain ?? ''}
          onChange={(e) => setEx({ routingDomain: e.target.value.trim() || null })}
        />
        <TextField
          label="Account for Negotiate/Basic (DOMAIN\user)"
          value={ex.credentialUser ?? ''}
          onChange={(e) => setEx({ credentialUser: e.target.value.trim() || null })}
          helperText="Kerberos uses the Windows identity this app runs as and needs no account here."
        />
        {ex.mode === 'remote' && ex.authentication !== 'Kerberos' && (
          <Stack direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <TextField
              type="password"
              label={`Password for ${ex.credentialUser ?? 'the account'}`}
              value={password}
              autoComplete="off"
              onChange={(e) => setPassword(e.target.value)}
              sx={{ flex: 1 }}
            />
            <FormControlLabel
              control={<Checkbox checked={remember} onChange={(e) => setRemember(e.target.checked)} />}
              label="Remember (desktop app, OS keychain)"
            />
            <Button variant="outlined" onClick={() => void connect()} disabled={!password}>
              Connect
            </Button>
          </Stack>
        )}
        {session && <Alert severity="info">{session}</Alert>}
        <Typography variant="h6">PowerShell</Typography>
        <TextField
          label="PowerShell executable (empty: search PATH and the tools folder)"
          value={settings.powershell.path ?? ''}
          onChange={(e) => setSettings({ ...settings, powershell: { path: e.target.value.trim() || null } })}
        />
        <Box>
          <Button variant="contained" onClick={() => void save()}>
            Save
          </Button>
        </Box>
        {message && <Alert severity={message.kind}>{message.text}</Alert>}
      </Stack>
    </Box>
  );
}
