/**
 * The confirmation of one change: who it is for (display name, sAMAccountName, UPN), the preflight
 * checklist, the exact command that will run (never the -WhatIf form) and Exchange's warnings; the
 * button names the action and the person. After the run: before and after side by side, the
 * changed fields marked. A failed checklist item blocks the button.
 */
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, Stack, Typography } from '@mui/material';
import { actionFor, actionLabel } from '../../shared/exchange/preflight';
import type { ChangeResult, Recipient, RecipientName } from '../../shared/exchange/schemas';
import type { DeskChange } from '../mailboxes/changes';
import { BeforeAfter } from './BeforeAfter';
import { Checklist } from './Checklist';
import { useChangeConfirm } from './useChangeConfirm';

/** What the dialog confirms: the change and its what-if preview. */
export interface PendingChange {
  change: DeskChange;
  preview: ChangeResult;
}

function Person({ name }: { name: RecipientName }) {
  return (
    <Box data-testid="confirm-person" sx={{ mb: 1 }}>
      <Typography variant="h6" component="p">
        {name.displayName ?? name.samAccountName ?? name.guid}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        sAMAccountName <b>{name.samAccountName ?? '—'}</b> · UPN <b>{name.userPrincipalName ?? '—'}</b> · GUID {name.guid ?? '—'}
      </Typography>
    </Box>
  );
}

export function ChangeDialog({
  pending,
  recipient,
  sandbox,
  onClose,
}: {
  pending: PendingChange | null;
  recipient: Recipient | null;
  sandbox: boolean;
  /** The dialog closes: with the change's result when it ran, null when cancelled or refused. */
  onClose: (result: ChangeResult | null) => void;
}) {
  const c = useChangeConfirm(pending?.change ?? null, recipient);
  const action = pending ? actionFor(pending.change.kind === 'enable' ? { kind: 'enable' } : pending.change) : 'enable';
  const name: RecipientName | null =
    c.preflight?.recipient ?? (recipient ? { displayName: recipient.DisplayName, samAccountName: recipient.SamAccountName, userPrincipalName: recipient.UserPrincipalName, guid: recipient.Guid } : null);
  const label = actionLabel(action, name);
  const finished = c.phase === 'done' || c.phase === 'failed';
  return (
    <Dialog open={pending !== null} onClose={() => onClose(c.result)} maxWidth="md" fullWidth>
      <DialogTitle>{c.phase === 'done' ? `Done: ${label}` : `Confirm: ${label}`}</DialogTitle>
      <DialogContent>
        {name ? <Person name={name} /> : null}
        {c.phase === 'checking' || c.phase === 'running' ? <LinearProgress sx={{ my: 1 }} /> : null}
        {c.phase === 'done' && c.result ? (
          <Stack spacing={1}>
            <Alert severity="success" data-testid="confirm-done">
              Ran <code>{c.result.command}</code> and read the recipient back from {sandbox ? 'the SANDBOX Exchange' : 'Exchange'}.
            </Alert>
            {c.result.warnings.map((w) => (
              <Alert key={w} severity="warning">
                {w}
              </Alert>
            ))}
            <BeforeAfter before={c.result.before} after={c.result.recipient} />
          </Stack>
        ) : (
          <>
            {c.preflight ? <Checklist checks={c.preflight.checks} /> : null}
            {c.preflight?.blocked ? (
              <Alert severity="error" sx={{ my: 1 }} data-testid="confirm-blocked">
                A failed check blocks this change: correct it (or look the recipient up again) before running it.
              </Alert>
            ) : null}
            <Typography variant="body2" sx={{ mt: 1, mb: 1 }}>
              This exact command will run against {sandbox ? 'the SANDBOX Exchange' : 'Exchange'}:
            </Typography>
            <Box component="pre" data-testid="confirm-command" sx={{ p: 1, bgcolor: 'action.hover', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {pending?.preview.changeCommand}
            </Box>
            {pending?.preview.warnings.map((w) => (
              <Alert key={w} severity="warning">
                {w}
              </Alert>
            ))}
          </>
        )}
        {c.error ? (
          <Alert severity="error" sx={{ mt: 1, whiteSpace: 'pre-wrap' }} data-testid="confirm-error">
            {c.error}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        {finished ? (
          <Button variant="contained" onClick={() => onClose(c.result)}>
            Close
          </Button>
        ) : (
          <>
            <Button onClick={() => onClose(null)}>Cancel</Button>
            <Button
              variant="contained"
              color={action === 'disable' ? 'error' : 'primary'}
              disabled={c.phase !== 'ready' || !c.preflight || c.preflight.blocked}
              onClick={() => void c.run()}
              data-testid="confirm-run"
            >
              {label}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
