/**
 * What can be done to the recipient on screen: enable a plain user (routing address, primary SMTP,
 * the foreign-domain override), or hide/unhide, repair the routing address (with its override) or
 * disable a remote mailbox; for any other type, a sentence on what it is and where to go instead.
 * Then the last change's command and warnings. The form values are the recipient's own
 * (`RecipientForms`, held by the view keyed per recipient).
 */
import { Alert, Button, Checkbox, FormControlLabel, Paper, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { policyOffSentence } from '../app/usePolicy';
import type { Recipient } from '../../shared/exchange/schemas';
import type { RecipientForms } from './RecipientView';
import type { MailboxDesk } from './useMailboxDesk';

function EnableForm({ desk, f }: { desk: MailboxDesk; f: RecipientForms }) {
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
          onChange={(e) => f.set({ routing: e.target.value })}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'routing-input' } }}
        />
        <TextField size="small" label="Primary SMTP (optional)" value={f.primary} onChange={(e) => f.set({ primary: e.target.value })} sx={{ flex: 1 }} />
        <Button
          variant="contained"
          disabled={desk.busy}
          onClick={() => void desk.preview({ kind: 'enable', routingAddress: f.routing, primarySmtpAddress: f.primary, allowForeign: f.allowForeign }, f.whatIfOnly)}
        >
          Enable…
        </Button>
      </Stack>
      <FormControlLabel
        control={<Checkbox size="small" checked={f.allowForeign} onChange={(e) => f.set({ allowForeign: e.target.checked })} />}
        label="Accept a routing address outside the tenant routing domain (mail flow breaks if it is wrong)"
        slotProps={{ typography: { variant: 'body2' } }}
      />
    </Paper>
  );
}

function RemoteMailboxActions({ desk, r, f }: { desk: MailboxDesk; r: Recipient; f: RecipientForms }) {
  const hideOff = desk.machinePolicy?.disallow.hideUnhide ? policyOffSentence(desk.machinePolicy, 'Hiding and unhiding') : null;
  return (
    <Paper variant="outlined" sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Tooltip title={hideOff ?? ''}>
          <span>
            <Button
              variant="outlined"
              disabled={desk.busy || hideOff !== null}
              data-testid="hide-button"
              onClick={() => void desk.preview({ kind: 'hide', hidden: !r.HiddenFromAddressListsEnabled }, f.whatIfOnly)}
            >
              {r.HiddenFromAddressListsEnabled ? 'Unhide…' : 'Hide…'}
            </Button>
          </span>
        </Tooltip>
        <TextField
          size="small"
          label="New routing address"
          value={f.newRouting}
          onChange={(e) => f.set({ newRouting: e.target.value })}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'new-routing-input' } }}
        />
        <FormControlLabel
          control={<Checkbox size="small" checked={f.routingOverride} onChange={(e) => f.set({ routingOverride: e.target.checked })} data-testid="routing-override" />}
          label="Override: intended outside the routing domain"
          slotProps={{ typography: { variant: 'body2' } }}
          sx={{ mr: 0 }}
        />
        <Button
          variant="outlined"
          disabled={desk.busy || !f.newRouting.trim()}
          onClick={() => void desk.preview({ kind: 'routing', routingAddress: f.newRouting, allowForeign: f.routingOverride }, f.whatIfOnly)}
        >
          Set routing…
        </Button>
        <Button variant="outlined" color="error" disabled={desk.busy} onClick={() => void desk.preview({ kind: 'disable' }, f.whatIfOnly)}>
          Disable…
        </Button>
      </Stack>
      {hideOff ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }} data-testid="hide-off">
          {hideOff}
        </Typography>
      ) : null}
    </Paper>
  );
}

/** A recipient the desk does not change: what it is, and what the admin can do instead. */
function NothingHere({ r }: { r: Recipient }) {
  const who = r.DisplayName ?? r.Name ?? 'This recipient';
  const type = r.RecipientTypeDetails ?? 'unknown type';
  const text =
    type === 'UserMailbox'
      ? `${who} has a mailbox on the on-premises Exchange server (UserMailbox). It is not a remote mailbox, so there is nothing to enable, hide, repair or disable here. To move it to Exchange Online, create a move request (New-MoveRequest -Remote, or a migration batch in the Exchange admin center); once moved it shows here as a remote mailbox.`
      : `${who} is a ${type}. The desk changes plain AD users (enable a remote mailbox) and remote mailboxes only, so there is nothing to do here; manage this recipient in the Exchange admin center.`;
  return (
    <Alert severity="info" data-testid="no-actions">
      {text}
    </Alert>
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

export function ChangeActions({ desk, r, f }: { desk: MailboxDesk; r: Recipient; f: RecipientForms }) {
  if (r.kind === 'other') return <NothingHere r={r} />;
  return (
    <>
      <FormControlLabel
        control={<Checkbox checked={f.whatIfOnly} onChange={(e) => f.set({ whatIfOnly: e.target.checked })} />}
        label="What-if only (preview the command, change nothing)"
      />
      {r.kind === 'user' ? <EnableForm desk={desk} f={f} /> : <RemoteMailboxActions desk={desk} r={r} f={f} />}
      <LastChange desk={desk} />
    </>
  );
}
