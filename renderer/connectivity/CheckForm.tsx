/** What to check: typed hosts or an Application's ExchHost list, ports, timeout, SMTP relay and IQService. */
import { Button, Checkbox, FormControlLabel, Paper, Stack, TextField } from '@mui/material';
import { useRef } from 'react';
import type { ConnectivityState } from './useConnectivity';

export function CheckForm({ c }: { c: ConnectivityState }) {
  const fileInput = useRef<HTMLInputElement>(null);
  const { form, setForm } = c;
  return (
    <Paper variant="outlined" sx={{ p: 2, my: 2 }}>
      <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          label="Hosts (HOST[:HTTPPORT], comma-separated)"
          value={form.hostsText}
          onChange={(e) => setForm({ hostsText: e.target.value })}
          sx={{ minWidth: 380, flex: 1 }}
          size="small"
          slotProps={{ htmlInput: { 'data-testid': 'hosts-input' } }}
        />
        <TextField label="TLS port" value={form.tlsPortText} onChange={(e) => setForm({ tlsPortText: e.target.value })} size="small" sx={{ width: 110 }} slotProps={{ htmlInput: { 'data-testid': 'tls-port-input', inputMode: 'numeric' } }} />
        <TextField label="Timeout (ms)" value={form.timeoutText} onChange={(e) => setForm({ timeoutText: e.target.value })} size="small" sx={{ width: 130 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
        <FormControlLabel control={<Checkbox checked={form.smtp} onChange={(e) => setForm({ smtp: e.target.checked })} />} label="SMTP relay" />
        <FormControlLabel control={<Checkbox checked={form.iqservice} onChange={(e) => setForm({ iqservice: e.target.checked })} />} label="IQService" />
        <input
          ref={fileInput}
          type="file"
          accept=".xml,text/xml,application/xml"
          hidden
          onChange={(e) => {
            c.openApplication(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        {form.app ? (
          <Button size="small" onClick={() => setForm({ app: null })} title="Stop using the Application document">
            ExchHost from {form.app.name} ✕
          </Button>
        ) : (
          <Button size="small" onClick={() => fileInput.current?.click()}>
            From Application…
          </Button>
        )}
        <Button variant="contained" onClick={c.runAll} disabled={c.running}>
          {c.running ? 'Checking…' : 'Check all'}
        </Button>
      </Stack>
    </Paper>
  );
}
