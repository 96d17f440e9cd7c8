/**
 * What can be done to the recipient on screen: enable a plain user (routing address, primary SMTP,
 * the foreign-domain override), or hide/unhide, repair the routing address or disable a remote
 * mailbox; then the last change's command and warnings.
 */
import { Alert, Button, Checkbox, FormControlLabel, Paper, Stack, TextField, Typography } from '@mui/material';
import type { Recipient } from '../../shared/exchange/schemas';
import type { MailboxDesk } from './useMailboxDesk';

function EnableForm({ desk }: { desk: MailboxDesk }) {
  const f = desk.forms;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Typography variant="subtitle1" sx={{ mb: 1 }}>
        Enable remote mailbox
      </Typography>
      <Stack direction="row" spacing={1}>
        <TextField
          size="small"
          label="Routing address (empty: alias@routing domain)"
          value={f.routing}
          onChange={(e) => f.setRouting(e.target.value)}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'routing-input' } }}
        />
        <TextField size="small" label="Primary SMTP (optional)" value={f.primary} onChange={(e) => f.setPrimary(e.target.value)} sx={{ flex: 1 }} />
        <Button
          variant="contained"
          disabled={desk.busy}
          onClick={() => void desk.preview({ kind: 'enable', routingAddress: f.routing, primarySmtpAddress: f.primary, allowForeign: f.allowForeign })}
        >
          Enable…
        </Button>
      </Stack>
      <FormControlLabel
        control={<Checkbox size="small" checked={f.allowForeign} onChange={(e) => f.setAllowForeign(e.target.checked)} />}
        label="Accept a routing address outside the tenant routing domain (mail flow breaks if it is wrong)"
        slotProps={{ typography: { variant: 'body2' } }}
      />
    </Paper>
  );
}

function RemoteMailboxActions({ desk, r }: { desk: MailboxDesk; r: Recipient }) {
  const f = desk.forms;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button variant="outlined" disabled={desk.busy} onClick={() => void desk.preview({ kind: 'hide', hidden: !r.HiddenFromAddressListsEnabled })}>
          {r.HiddenFromAddressListsEnabled ? 'Unhide…' : 'Hide…'}
        </Button>
        <TextField size="small" label="New routing address" value={f.newRouting} onChange={(e) => f.setNewRouting(e.target.value)} sx={{ flex: 1 }} />
        <Button variant="outlined" disabled={desk.busy || !f.newRouting.trim()} onClick={() => void desk.preview({ kind: 'routing', routingAddress: f.newRouting })}>
          Set routing…
        </Button>
        <Button variant="outlined" color="error" disabled={desk.busy} onClick={() => void desk.preview({ kind: 'disable' })}>
          Disable…
        </Button>
      </Stack>
    </Paper>
  );
}

function LastChange({ desk }: { desk: MailboxDesk }) {
  const last = desk.last;
  if (!last) return null;
  return (
    <Alert severity={last.whatIf ? 'info' : 'success'} data-testid="change-result">
      <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }} data-testid="change-command">
        {last.whatIf ? 'What if: ' : 'Ran: '}
        {last.command}
      </Typography>
      {last.warnings.map((w) => (
        <Typography key={w} variant="body2">
          WARNING: {w}
        </Typography>
      ))}
      <Typography variant="body2">{last.whatIf ? 'Nothing was changed.' : 'Read back from Exchange below.'}</Typography>
    </Alert>
  );
}

export function ChangeActions({ desk, r }: { desk: MailboxDesk; r: Recipient }) {
  return (
    <>
      <FormControlLabel
        control={<Checkbox checked={desk.forms.whatIfOnly} onChange={(e) => desk.forms.setWhatIfOnly(e.target.checked)} />}
        label="What-if only (preview the command, change nothing)"
      />
      {r.kind === 'user' ? <EnableForm desk={desk} /> : null}
      {r.kind === 'remoteMailbox' ? <RemoteMailboxActions desk={desk} r={r} /> : null}
      <LastChange desk={desk} />
    </>
  );
}
