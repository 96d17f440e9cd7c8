/**
 * Mailboxes: look a user up (name fragment, address or identity), see the recipient's state
 * (with directory-sync state), and enable a remote mailbox, hide/unhide it, repair its routing
 * address or disable it. Every change is previewed first (what-if: the exact command), confirmed
 * in a dialog, then read back from Exchange.
 * Other pages hand identities over (useNavigation): one identity arrives looked up, with the intended action
 * (enable with a routing address, or hide) previewed in the confirmation dialog; several open the bulk panel.
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { HmcError } from '../../shared/errors';
import type { ChangeResult, Recipient, RecipientSummary } from '../../shared/exchange/schemas';
import type { SessionState } from '../../shared/exchange/schemas';
import { useNavigation, type MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import { BulkPanel, type BulkRequest } from './BulkPanel';

type Change =
  | { kind: 'enable'; routingAddress: string; primarySmtpAddress: string; allowForeign: boolean }
  | { kind: 'hide'; hidden: boolean }
  | { kind: 'routing'; routingAddress: string }
  | { kind: 'disable' };

function errorText(e: unknown): string {
  return e instanceof HmcError ? `${e.code}: ${e.message}` : String(e);
}

async function runChange(identity: string, c: Change, whatIf: boolean): Promise<ChangeResult> {
  switch (c.kind) {
    case 'enable':
      return hmc.call('mailbox.enableRemote', {
        identity,
        ...(c.routingAddress.trim() ? { routingAddress: c.routingAddress.trim() } : {}),
        ...(c.primarySmtpAddress.trim() ? { primarySmtpAddress: c.primarySmtpAddress.trim() } : {}),
        allowForeignRoutingDomain: c.allowForeign,
        whatIf,
      });
    case 'hide':
      return hmc.call('mailbox.setHidden', { identity, hidden: c.hidden, whatIf });
    case 'routing':
      return hmc.call('mailbox.setRoutingAddress', { identity, routingAddress: c.routingAddress.trim(), whatIf });
    case 'disable':
      return hmc.call('mailbox.disableRemote', { identity, whatIf });
  }
}

const TITLES: Record<Change['kind'], string> = {
  enable: 'Enable remote mailbox',
  hide: 'Change address-list visibility',
  routing: 'Set routing address',
  disable: 'Disable remote mailbox',
};

function Field({ label, value }: { label: string; value: string | null }) {
  if (value === null || value === '') return null;
  return (
    <TableRow>
      <TableCell sx={{ fontWeight: 600, width: 260, verticalAlign: 'top' }}>{label}</TableCell>
      <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{value}</TableCell>
    </TableRow>
  );
}

function RecipientCard({ r }: { r: Recipient }) {
  const sync =
    r.syncState === null ? null : (
      <Chip
        data-testid="sync-state"
        data-state={r.syncState}
        size="small"
        color={r.syncState === 'synced' ? 'success' : r.syncState === 'pending' ? 'warning' : 'default'}
        label={r.syncState === 'pending' ? 'sync pending: the cloud mailbox is not linked yet' : `sync ${r.syncState}`}
      />
    );
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="recipient-card" data-kind={r.kind}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="h6">{r.DisplayName ?? r.Name}</Typography>
        <Chip size="small" label={r.RecipientTypeDetails ?? 'unknown type'} data-testid="recipient-type" />
        {r.HiddenFromAddressListsEnabled ? <Chip size="small" label="hidden from address lists" data-testid="hidden-chip" /> : null}
        {sync}
      </Stack>
      <Table size="small">
        <TableBody>
          <Field label="SamAccountName" value={r.SamAccountName} />
          <Field label="UserPrincipalName" value={r.UserPrincipalName} />
          <Field label="DistinguishedName" value={r.DistinguishedName} />
          <Field label="Guid" value={r.Guid} />
          <Field label="PrimarySmtpAddress" value={r.PrimarySmtpAddress} />
          <Field label="RemoteRoutingAddress" value={r.RemoteRoutingAddress} />
          <Field label="EmailAddresses" value={r.EmailAddresses.join(', ')} />
          <Field label="ExchangeGuid" value={r.ExchangeGuid} />
          <Field label="EmailAddressPolicyEnabled" value={r.EmailAddressPolicyEnabled === null ? null : String(r.EmailAddressPolicyEnabled)} />
          <Field label="WhenCreated" value={r.WhenCreated} />
        </TableBody>
      </Table>
    </Paper>
  );
}

/** The intended change for one handed-over identity, if the recipient's state allows it (else why not). */
function intendedChange(intent: MailboxIntent, r: Recipient, routing: string): { change: Change } | { note: string } {
  if (intent.kind === 'enable') {
    if (r.kind === 'user') return { change: { kind: 'enable', routingAddress: routing, primarySmtpAddress: '', allowForeign: false } };
    if (r.kind === 'remoteMailbox') return { note: `${r.SamAccountName ?? 'This user'} is already a ${r.RecipientTypeDetails ?? 'remote mailbox'}: nothing to enable.` };
    return { note: `A ${r.RecipientTypeDetails ?? 'recipient of this type'} cannot be enabled as a remote mailbox.` };
  }
  if (r.kind === 'remoteMailbox') {
    return r.HiddenFromAddressListsEnabled ? { note: 'Already hidden from address lists: nothing to do.' } : { change: { kind: 'hide', hidden: true } };
  }
  return { note: `Hiding applies to remote mailboxes; this is a ${r.RecipientTypeDetails ?? 'different recipient'}.` };
}

function intentText(intent: MailboxIntent, identity: string): string {
  return intent.kind === 'enable'
    ? `enable a remote mailbox for ${identity}${intent.routingAddress ? ` with routing address ${intent.routingAddress}` : ' (routing address alias@tenant routing domain)'}`
    : `hide ${identity} from address lists`;
}

export default function MailboxesPage() {
  const nav = useNavigation();
  const [session, setSession] = useState<SessionState | null>(null);
  const [text, setText] = useState('');
  const [results, setResults] = useState<RecipientSummary[] | null>(null);
  const [recipient, setRecipient] = useState<Recipient | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [routing, setRouting] = useState('');
  const [primary, setPrimary] = useState('');
  const [newRouting, setNewRouting] = useState('');
  const [whatIfOnly, setWhatIfOnly] = useState(false);
  const [pending, setPending] = useState<{ change: Change; preview: ChangeResult } | null>(null);
  const [last, setLast] = useState<ChangeResult | null>(null);
  const [allowForeign, setAllowForeign] = useState(false);
  const [arrival, setArrival] = useState<{ identity: string; intent: MailboxIntent | null; origin: string | null; note: string | null; done?: boolean } | null>(null);
  const [bulk, setBulk] = useState<(BulkRequest & { seq: number }) | null>(null);

  useEffect(() => {
    void hmc.call('session.status', {}).then(setSession, () => undefined);
    return hmc.subscribe('session.status', setSession);
  }, []);

  const guard = useCallback(async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }, []);

  const search = () =>
    guard(async () => {
      setRecipient(null);
      setLast(null);
      const r = await hmc.call('recipient.search', { text, by: 'auto', limit: 50 });
      setResults(r.results);
    });

  const lookUp = (identity: string) =>
    guard(async () => {
      setLast(null);
      setRecipient(await hmc.call('mailbox.get', { identity }));
    });

  // Arriving from another page with identities (and maybe the intended action).
  useEffect(() => {
    const h = nav.takeHandover();
    const ids = (h?.identities ?? []).map((i) => i.trim()).filter(Boolean);
    if (!h || ids.length === 0) return;
    if (ids.length > 1) {
      setBulk({ identities: ids, intent: h.mailboxIntent, origin: h.origin, seq: Date.now() });
      return;
    }
    const identity = ids[0]!;
    const intent = h.mailboxIntent ?? null;
    const routingGiven = intent?.kind === 'enable' ? (intent.routingAddress ?? '') : '';
    setText(identity);
    setRouting(routingGiven);
    setArrival({ identity, intent, origin: h.origin ?? null, note: null });
    void guard(async () => {
      const r = await hmc.call('mailbox.get', { identity });
      setRecipient(r);
      if (!intent || !r.Guid) return;
      const planned = intendedChange(intent, r, routingGiven);
      if ('note' in planned) {
        setArrival((a) => (a ? { ...a, note: planned.note } : a));
        return;
      }
      // Pre-selected, previewed (what-if) and shown for confirmation: never run without the admin.
      setPending({ change: planned.change, preview: await runChange(r.Guid, planned.change, true) });
    });
  }, [nav, guard]);

  const preview = (change: Change) =>
    guard(async () => {
      if (!recipient?.Guid) return;
      const p = await runChange(recipient.Guid, change, true);
      if (whatIfOnly) setLast(p);
      else setPending({ change, preview: p });
    });

  const confirm = () =>
    guard(async () => {
      if (!pending || !recipient?.Guid) return;
      const change = pending.change;
      setPending(null);
      const r = await runChange(recipient.Guid, change, false);
      setLast(r);
      if (r.recipient) setRecipient(r.recipient);
      // The handed-over action, once run, is done: say so instead of inviting another preview.
      setArrival((a) => (a?.intent && a.intent.kind === change.kind && !a.note ? { ...a, done: true } : a));
    });

  return (
    <Box sx={{ p: 3, maxWidth: bulk ? 1280 : 1100 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <Typography variant="h4" component="h1">
          Mailboxes
        </Typography>
        {session ? (
          <Chip
            data-testid="session-chip"
            label={`${session.mode}: ${session.state}${session.mode === 'sandbox' ? ' (sandbox, no real Exchange)' : ''}`}
            color={session.state === 'connected' ? 'success' : session.state === 'failed' ? 'error' : 'default'}
          />
        ) : null}
      </Stack>
      {bulk ? (
        <BulkPanel
          key={bulk.seq}
          request={bulk}
          sandbox={session?.mode === 'sandbox'}
          onClose={() => setBulk(null)}
          onOpen={(identity) => {
            setText(identity);
            setResults(null);
            void lookUp(identity);
          }}
        />
      ) : null}
      {arrival?.intent ? (
        <Alert
          severity={arrival.done ? 'success' : arrival.note ? 'info' : 'warning'}
          sx={{ mb: 2 }}
          data-testid="handover-intent"
          onClose={() => setArrival(null)}
          action={
            recipient && !arrival.note && !arrival.done && !pending && recipient.Guid ? (
              <Button
                color="inherit"
                size="small"
                sx={{ whiteSpace: 'nowrap' }}
                onClick={() => {
                  const planned = intendedChange(arrival.intent!, recipient, routing);
                  if ('change' in planned) void preview(planned.change.kind === 'enable' ? { ...planned.change, allowForeign } : planned.change);
                }}
              >
                Preview again
              </Button>
            ) : undefined
          }
        >
          {arrival.origin ? `From ${arrival.origin}: ` : 'Handed over: '}
          {intentText(arrival.intent, arrival.identity)}.{' '}
          {arrival.done ? 'Done: the command ran; the state read back from Exchange is below.' : (arrival.note ?? 'Check the exact command and confirm it; nothing runs until you do.')}
        </Alert>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <TextField
          label="Name fragment, e-mail address or identity"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && text.trim()) void search();
          }}
          size="small"
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'search-input' } }}
        />
        <Button variant="contained" onClick={() => void search()} disabled={busy || !text.trim()}>
          Search
        </Button>
        <Button variant="outlined" onClick={() => void lookUp(text.trim())} disabled={busy || !text.trim()}>
          Look up
        </Button>
        <Button onClick={() => setBulk({ identities: [], seq: Date.now() })} disabled={bulk !== null}>
          Bulk…
        </Button>
      </Stack>
      {busy ? <LinearProgress sx={{ mb: 1 }} /> : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2, whiteSpace: 'pre-wrap' }} data-testid="mailbox-error">
          {error}
        </Alert>
      ) : null}
      {results && !recipient ? (
        <Paper variant="outlined" sx={{ mb: 2 }}>
          <Table size="small" data-testid="search-results">
            <TableHead>
              <TableRow>
                <TableCell>Name</TableCell>
                <TableCell>SamAccountName</TableCell>
                <TableCell>RecipientTypeDetails</TableCell>
                <TableCell>PrimarySmtpAddress</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {results.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={4}>No recipient matches.</TableCell>
                </TableRow>
              ) : (
                results.map((r) => (
                  <TableRow key={r.Guid ?? r.Identity ?? r.Name} hover sx={{ cursor: 'pointer' }} onClick={() => r.Guid && void lookUp(r.Guid)}>
                    <TableCell>{r.DisplayName ?? r.Name}</TableCell>
                    <TableCell>{r.SamAccountName}</TableCell>
                    <TableCell>{r.RecipientTypeDetails}</TableCell>
                    <TableCell>{r.PrimarySmtpAddress}</TableCell>
                  </TableRow>
                ))
              )}
            </TableBody>
          </Table>
        </Paper>
      ) : null}
      {recipient ? (
        <Stack spacing={2}>
          <RecipientCard r={recipient} />
          <FormControlLabel
            control={<Checkbox checked={whatIfOnly} onChange={(e) => setWhatIfOnly(e.target.checked)} />}
            label="What-if only (preview the command, change nothing)"
          />
          {recipient.kind === 'user' ? (
            <Paper variant="outlined" sx={{ p: 2 }}>
              <Typography variant="subtitle1" sx={{ mb: 1 }}>
                Enable remote mailbox
              </Typography>
              <Stack direction="row" spacing={1}>
                <TextField
                  size="small"
                  label="Routing address (empty: alias@routing domain)"
                  value={routing}
                  onChange={(e) => setRouting(e.target.value)}
                  sx={{ flex: 1 }}
                  slotProps={{ htmlInput: { 'data-testid': 'routing-input' } }}
                />
                <TextField size="small" label="Primary SMTP (optional)" value={primary} onChange={(e) => setPrimary(e.target.value)} sx={{ flex: 1 }} />
                <Button variant="contained" disabled={busy} onClick={() => void preview({ kind: 'enable', routingAddress: routing, primarySmtpAddress: primary, allowForeign })}>
                  Enable…
                </Button>
              </Stack>
              <FormControlLabel
                control={<Checkbox size="small" checked={allowForeign} onChange={(e) => setAllowForeign(e.target.checked)} />}
                label="Accept a routing address outside the tenant routing domain (mail flow breaks if it is wrong)"
                slotProps={{ typography: { variant: 'body2' } }}
              />
            </Paper>
          ) : null}
          {recipient.kind === 'remoteMailbox' ? (
            <Paper variant="outlined" sx={{ p: 2 }}>
              <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Button
                  variant="outlined"
                  disabled={busy}
                  onClick={() => void preview({ kind: 'hide', hidden: !recipient.HiddenFromAddressListsEnabled })}
                >
                  {recipient.HiddenFromAddressListsEnabled ? 'Unhide…' : 'Hide…'}
                </Button>
                <TextField size="small" label="New routing address" value={newRouting} onChange={(e) => setNewRouting(e.target.value)} sx={{ flex: 1 }} />
                <Button variant="outlined" disabled={busy || !newRouting.trim()} onClick={() => void preview({ kind: 'routing', routingAddress: newRouting })}>
                  Set routing…
                </Button>
                <Button variant="outlined" color="error" disabled={busy} onClick={() => void preview({ kind: 'disable' })}>
                  Disable…
                </Button>
              </Stack>
            </Paper>
          ) : null}
          {last ? (
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
              {last.whatIf ? <Typography variant="body2">Nothing was changed.</Typography> : <Typography variant="body2">Read back from Exchange below.</Typography>}
            </Alert>
          ) : null}
        </Stack>
      ) : null}
      <Dialog open={pending !== null} onClose={() => setPending(null)} maxWidth="md" fullWidth>
        <DialogTitle>{pending ? TITLES[pending.change.kind] : ''}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 1 }}>
            This exact command will run against {session?.mode === 'sandbox' ? 'the SANDBOX Exchange' : 'Exchange'}:
          </Typography>
          <Box component="pre" data-testid="confirm-command" sx={{ p: 1, bgcolor: 'action.hover', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {pending?.preview.command.replace(/ -WhatIf$/, '')}
          </Box>
          {pending?.preview.warnings.map((w) => (
            <Alert key={w} severity="warning">
              {w}
            </Alert>
          ))}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPending(null)}>Cancel</Button>
          <Button variant="contained" color={pending?.change.kind === 'disable' ? 'error' : 'primary'} onClick={() => void confirm()}>
            Run it
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
