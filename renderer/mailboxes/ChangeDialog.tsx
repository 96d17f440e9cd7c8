/** The confirmation of one change: the exact command that will run (never the -WhatIf form), Exchange's warnings. */
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import { CHANGE_TITLES } from './changes';
import type { Pending } from './useMailboxDesk';

export function ChangeDialog({ pending, sandbox, onCancel, onConfirm }: { pending: Pending | null; sandbox: boolean; onCancel: () => void; onConfirm: () => void }) {
  return (
    <Dialog open={pending !== null} onClose={onCancel} maxWidth="md" fullWidth>
      <DialogTitle>{pending ? CHANGE_TITLES[pending.change.kind] : ''}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" sx={{ mb: 1 }}>
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
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button variant="contained" color={pending?.change.kind === 'disable' ? 'error' : 'primary'} onClick={onConfirm}>
          Run it
        </Button>
      </DialogActions>
    </Dialog>
  );
}
