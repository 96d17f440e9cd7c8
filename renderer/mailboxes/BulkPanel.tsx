/**
 * Bulk fix on the mailbox desk: a list of identities (handed over, e.g. "users with failures today" from the
 * log viewer, or pasted), each one's current state, the exact command per row (what-if), ONE confirmation
 * for the lot, then per-row execution in order with progress, each row's result and the state read back
 * from Exchange. Rows that need nothing, or cannot take the action, are skipped and say why.
 * The state and calls are in useBulk; this file lays the panel out.
 */
import { Alert, Box, Button, LinearProgress, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { readPastedIdentities, type BulkAction } from '../../shared/exchange/bulk';
import { BulkConfirmDialog } from './BulkConfirmDialog';
import { BulkTable } from './BulkTable';
import { useBulk, type BulkRequest } from './useBulk';

const ACTION_LABEL: Record<BulkAction, string> = {
  enable: 'Enable remote mailbox (routing address alias@tenant routing domain)',
  hide: 'Hide from address lists',
};

const PHASE_LABEL = { checking: 'Reading current state', previewing: 'Previewing (what-if)', running: 'Running' } as const;

export function BulkPanel({ request, sandbox, onClose, onOpen }: { request: BulkRequest; sandbox: boolean; onClose: () => void; onOpen: (identity: string) => void }) {
  const bulk = useBulk(request);
  const { rows, phase, progress, toChange, busy } = bulk;
  const done = rows.filter((r) => r.run === 'done').length;
  const failed = rows.filter((r) => r.run === 'failed').length;
  const stopped = rows.filter((r) => r.run === 'stopped').length;
  const read = readPastedIdentities(bulk.text);
  const pasted = read.identities;

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} data-testid="bulk-panel" aria-label="Bulk fix">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h6" component="h3" sx={{ flex: 1 }}>
          Bulk fix: {rows.length} identit{rows.length === 1 ? 'y' : 'ies'}
        </Typography>
        <Button size="small" onClick={onClose} disabled={phase === 'running'}>
          Close
        </Button>
      </Stack>
      {request.origin ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          From {request.origin}. Nothing changes until you confirm the commands.
        </Typography>
      ) : null}
      <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 1.5, mb: 1.5, alignItems: { md: 'flex-start' } }}>
        <TextField
          label="Identities (one per line), or a CSV/TSV with a header row"
          multiline
          minRows={3}
          maxRows={8}
          value={bulk.text}
          onChange={(e) => bulk.setText(e.target.value)}
          sx={{ flex: 1 }}
          helperText={
            pasted.length
              ? `${pasted.length} identit${pasted.length === 1 ? 'y' : 'ies'}${read.column ? ` from the "${read.column}" column (header row recognised)` : ''}${read.duplicates ? `; ${read.duplicates} duplicate${read.duplicates === 1 ? '' : 's'} left out` : ''}.`
              : ' '
          }
          slotProps={{ formHelperText: { 'data-testid': 'bulk-read' } as object, htmlInput: { 'data-testid': 'bulk-input', spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
        />
        <Stack sx={{ gap: 1, minWidth: 300 }}>
          <Button variant="outlined" disabled={busy || !pasted.length} onClick={() => void bulk.check(pasted)}>
            Check state of the list
          </Button>
          <TextField
            select
            size="small"
            label="Action"
            value={bulk.action}
            onChange={(e) => bulk.chooseAction(e.target.value as BulkAction)}
            disabled={busy}
            slotProps={{ htmlInput: { 'data-testid': 'bulk-action' } }}
          >
            <MenuItem value="enable">{ACTION_LABEL.enable}</MenuItem>
            <MenuItem value="hide">{ACTION_LABEL.hide}</MenuItem>
          </TextField>
          <Button variant="contained" disabled={busy || !bulk.action || toChange.length === 0} onClick={() => void bulk.preview()}>
            Preview {toChange.length} command{toChange.length === 1 ? '' : 's'}…
          </Button>
        </Stack>
      </Stack>
      {bulk.note ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {bulk.note}
        </Alert>
      ) : null}
      {busy ? (
        <Box sx={{ mb: 1 }} data-testid="bulk-progress">
          <Typography variant="caption">
            {PHASE_LABEL[phase as keyof typeof PHASE_LABEL]}: {progress.done} / {progress.total}
          </Typography>
          <LinearProgress variant="determinate" value={progress.total ? (progress.done / progress.total) * 100 : 0} />
          {phase === 'running' ? (
            <Button size="small" color="warning" onClick={bulk.stop} sx={{ mt: 0.5 }}>
              Stop after the current one
            </Button>
          ) : null}
        </Box>
      ) : null}
      {phase === 'finished' ? (
        <Alert severity={failed ? 'warning' : 'success'} sx={{ mb: 1 }} data-testid="bulk-summary">
          {done} changed, {failed} failed{stopped ? `, ${stopped} not run (stopped)` : ''}; every changed row shows the state read back from Exchange.
        </Alert>
      ) : null}
      {rows.length > 0 ? (
        <BulkTable rows={rows} plans={bulk.plans} action={bulk.action} onOpen={onOpen} />
      ) : (
        <Typography variant="body2" color="text.secondary">
          Paste identities and press “Check state of the list”, pick the action, preview the commands, then confirm once.
        </Typography>
      )}
      <BulkConfirmDialog bulk={bulk} sandbox={sandbox} />
    </Paper>
  );
}
