/** ONE confirmation for the lot: every exact command that will run, in order. */
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { Bulk } from './useBulk';

export function BulkConfirmDialog({ bulk, sandbox }: { bulk: Bulk; sandbox: boolean }) {
  const { commands, rows } = bulk;
  const skipped = rows.length - commands.length;
  return (
    <Dialog open={bulk.phase === 'confirm'} onClose={() => bulk.setPhase('idle')} maxWidth="md" fullWidth>
      <DialogTitle>
        Run {commands.length} command{commands.length === 1 ? '' : 's'} against {sandbox ? 'the SANDBOX Exchange' : 'Exchange'}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
          These exact commands run one after the other; each row then shows its result and the state read back.
          {skipped > 0 ? ` ${skipped} row(s) are skipped (nothing to do, cannot, or the preview failed).` : ''}
        </Typography>
        <Box
          component="pre"
          data-testid="bulk-confirm-commands"
          sx={{ p: 1, m: 0, bgcolor: 'action.hover', whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 360, overflow: 'auto', fontSize: 12.5 }}
        >
          {commands.map((r) => r.command).join('\n')}
        </Box>
        {commands.length === 0 ? (
          <Alert severity="info" sx={{ mt: 1 }}>
            No command left to run: every preview failed or nothing needs changing.
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => bulk.setPhase('idle')}>Cancel</Button>
        <Button variant="contained" disabled={commands.length === 0} onClick={() => void bulk.execute()}>
          Run {commands.length} change{commands.length === 1 ? '' : 's'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
