import { Box, Button, Chip, Stack, Typography } from '@mui/material';
import type { NotifyApi } from './useNotify';

const COLOR = { queued: 'info', sending: 'info', sent: 'success', failed: 'error' } as const;

/** The outbox: queued, sent, and failed with the reason; resend or discard. */
export function OutboxList({ api }: { api: NotifyApi }) {
  const box = api.outbox;
  if (!box) return null;
  return (
    <Stack spacing={1}>
      <Typography variant="h6">Outbox</Typography>
      <Typography variant="body2" color="text.secondary">
        {box.counts.queued + box.counts.sending} queued, {box.counts.sent} sent, {box.counts.failed} failed. Kept in {box.location}.
      </Typography>
      {box.items.length === 0 && <Typography variant="body2">No mail yet.</Typography>}
      {box.items.map((i) => (
        <Box key={i.id} data-testid="outbox-item" sx={{ display: 'flex', gap: 1, alignItems: 'center', borderBottom: 1, borderColor: 'divider', py: 0.5 }}>
          <Chip size="small" color={COLOR[i.state]} label={i.state} />
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="body2" noWrap title={i.subject}>
              {i.subject}
            </Typography>
            <Typography variant="caption" color={i.state === 'failed' ? 'error' : 'text.secondary'}>
              {new Date(i.createdAt).toLocaleString()} to {i.to.join(', ')}
              {i.attempts > 1 ? `, ${i.attempts} attempts` : ''}
              {i.problem ? `: ${i.problem.message}` : ''}
            </Typography>
          </Box>
          {(i.state === 'failed' || i.state === 'sent') && (
            <Button size="small" onClick={() => void api.retry(i.id)}>
              {i.state === 'failed' ? 'Resend' : 'Send again'}
            </Button>
          )}
          {i.state !== 'sending' && (
            <Button size="small" color="inherit" onClick={() => void api.discard(i.id)}>
              Discard
            </Button>
          )}
        </Box>
      ))}
    </Stack>
  );
}
