/** What another page handed over (one identity and its intended change): previewed, done, or why it does not apply. */
import { Alert, Button } from '@mui/material';
import { intentText } from './changes';
import type { MailboxDesk } from './useMailboxDesk';

export function HandoverAlert({ desk }: { desk: MailboxDesk }) {
  const { arrival, recipient, pending } = desk;
  if (!arrival?.intent) return null;
  const canPreviewAgain = Boolean(recipient?.Guid && !arrival.note && !arrival.done && !pending);
  return (
    <Alert
      severity={arrival.done ? 'success' : arrival.note ? 'info' : 'warning'}
      sx={{ mb: 2 }}
      data-testid="handover-intent"
      onClose={desk.dismissArrival}
      action={
        canPreviewAgain ? (
          <Button color="inherit" size="small" sx={{ whiteSpace: 'nowrap' }} onClick={desk.previewAgain}>
            Preview again
          </Button>
        ) : undefined
      }
    >
      {arrival.origin ? `From ${arrival.origin}: ` : 'Handed over: '}
      {intentText(arrival.intent, arrival.identity)}.{' '}
      {arrival.done ? 'Done: the command ran; the state read back from Exchange is below.' : (arrival.note ?? 'Check the exact command and confirm it; nothing runs until you do.')}
    </Alert>
  );
}
