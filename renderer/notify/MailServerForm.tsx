import { Alert, Box, Button, Checkbox, FormControlLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { NotifySettings, TlsMode } from '../../shared/notify/schemas';
import { hmc } from '../client';
import type { NotifyApi, TestResult } from './useNotify';

const TLS_HELP: Record<TlsMode, string> = {
  starttls: 'STARTTLS required (usually port 25 or 587): refused if the server does not offer it.',
  implicit: 'TLS from the first byte (usually port 465).',
  none: 'No encryption: only for a relay on a trusted network.',
};

/** Server, port, TLS mode, account (the password goes to the secret store), sender, recipients, and the test mail. */
export function MailServerForm({ api }: { api: NotifyApi }) {
  const [form, setForm] = useState<NotifySettings | null>(api.settings?.notify ?? null);
  const [toText, setToText] = useState('');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState<{ kind: 'success' | 'error' | 'info'; text: string; detail?: string | null } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (api.settings && !form) {
      setForm(api.settings.notify);
      setToText(api.settings.notify.to.join(', '));
    }
  }, [api.settings, form]);

  if (!form) return null;
  const set = (patch: Partial<NotifySettings>) => setForm({ ...form, ...patch });
  // The rules are the rules editor's: never write back the ones this form loaded.
  const fields = (): Partial<NotifySettings> => {
    const { alerts: _alerts, ...rest } = form;
    return rest;
  };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch (e) {
      setMessage({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    run(async () => {
      await api.saveNotify(fields());
      setMessage({ kind: 'success', text: 'Mail settings saved.' });
    });

  const storePassword = () =>
    run(async () => {
      await api.saveNotify(fields());
      const r = await api.setPassword(password);
      setMessage({ kind: r.persistent ? 'success' : 'info', text: `Password for ${r.user} stored (${r.store}${r.persistent ? '' : ': for this session only'}).` });
      setPassword('');
    });

  const test = () =>
    run(async () => {
      await api.saveNotify(fields());
      const r: TestResult = await api.test();
      setMessage({ kind: r.accepted ? 'success' : 'error', text: r.message, detail: r.problem?.detail ?? null });
    });

  const browser = hmc.transport === 'http' && typeof Notification !== 'undefined';
  return (
    <Stack spacing={2}>
      <Typography variant="h6">Mail server</Typography>
      <Stack direction="row" spacing={2}>
        <TextField label="SMTP server" value={form.smtpHost ?? ''} onChange={(e) => set({ smtpHost: e.target.value.trim() || null })} sx={{ flex: 3 }} placeholder="smtp.corp.example.org" />
        <TextField label="Port" type="number" value={form.smtpPort} onChange={(e) => set({ smtpPort: Number(e.target.value) || 25 })} sx={{ flex: 1 }} />
        <TextField select label="TLS" value={form.tls} onChange={(e) => set({ tls: e.target.value as TlsMode })} sx={{ flex: 2 }} helperText={TLS_HELP[form.tls]}>
          <MenuItem value="starttls">STARTTLS required</MenuItem>
          <MenuItem value="implicit">Implicit TLS</MenuItem>
          <MenuItem value="none">None</MenuItem>
        </TextField>
      </Stack>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <TextField label="Authentication user (empty: none)" value={form.authUser ?? ''} onChange={(e) => set({ authUser: e.target.value.trim() || null })} sx={{ flex: 1 }} helperText={api.status?.passwordStored ? 'A password is stored.' : form.authUser ? 'No password stored yet.' : 'The relay needs no sign-in.'} />
        {form.authUser && (
          <>
            <TextField type="password" label="Password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} sx={{ flex: 1 }} />
            <Button variant="outlined" onClick={() => void storePassword()} disabled={!password || busy} sx={{ mt: 1 }}>
              Store password
            </Button>
          </>
        )}
      </Stack>
      <Stack direction="row" spacing={2}>
        <TextField label="From" value={form.from ?? ''} onChange={(e) => set({ from: e.target.value.trim() || null })} sx={{ flex: 1 }} />
        <TextField
          label="To (comma-separated)"
          value={toText}
          onChange={(e) => {
            setToText(e.target.value);
            set({ to: e.target.value.split(',').map((x) => x.trim()).filter(Boolean) });
          }}
          sx={{ flex: 2 }}
        />
        <TextField label="Subject prefix" value={form.subjectPrefix} onChange={(e) => set({ subjectPrefix: e.target.value })} sx={{ flex: 1 }} />
      </Stack>
      <FormControlLabel control={<Checkbox checked={form.desktopNotifications} onChange={(e) => set({ desktopNotifications: e.target.checked })} />} label="Desktop and browser notifications for the alert rules" />
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          Save
        </Button>
        <Button variant="outlined" onClick={() => void test()} disabled={busy || !form.smtpHost} data-testid="notify-test">
          Send test mail
        </Button>
        {browser && Notification.permission === 'default' && (
          <Button onClick={() => void Notification.requestPermission().then(() => api.refresh())}>Allow browser notifications</Button>
        )}
      </Box>
      {message && (
        <Alert severity={message.kind} data-testid="notify-message">
          {message.text}
          {message.detail && <Box sx={{ fontFamily: 'monospace', fontSize: 12, mt: 0.5 }}>{message.detail}</Box>}
        </Alert>
      )}
    </Stack>
  );
}
