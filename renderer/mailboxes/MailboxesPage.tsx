/**
 * Mailboxes: look a user up (whatever the ticket holds: an identity first, else a name search), see
 * the recipient's state (with directory-sync state and a wrong routing address flagged), and enable
 * a remote mailbox, hide/unhide it, repair its routing address or disable it. Every change is
 * previewed first (what-if: the exact command), confirmed in a dialog, then read back from Exchange.
 * Other pages hand identities over (useNavigation): one identity arrives looked up, with the intended action
 * (enable with a routing address, or hide) previewed in the confirmation dialog; several open the bulk panel.
 * The state and calls are in useMailboxDesk; this file lays the page out. The recipient's view is
 * keyed by its GUID: nothing typed for one recipient survives to the next.
 */
import { Alert, Box, Button, LinearProgress, Stack, Typography } from '@mui/material';
import { BulkPanel } from './BulkPanel';
import { policyOffSentence } from '../app/usePolicy';
import { ChangeDialog } from '../exchange/ChangeDialog';
import { HandoverAlert } from './HandoverAlert';
import { LookupBox } from './LookupBox';
import { RecipientView } from './RecipientView';
import { SearchResults } from './SearchResults';
import { SessionChip, SessionStarting } from './SessionChip';
import { useMailboxDesk } from './useMailboxDesk';

export default function MailboxesPage() {
  const desk = useMailboxDesk();
  const { session, lookup, recipient, busy, error, bulk } = desk;
  const sandbox = session?.mode === 'sandbox';
  return (
    <Box sx={{ p: 3, maxWidth: bulk ? 1280 : 1100 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <Typography variant="h5" component="h2">
          Mailboxes
        </Typography>
        <SessionChip session={session} />
      </Stack>
      <SessionStarting session={session} />
      {bulk && desk.machinePolicy?.disallow.bulk ? (
        <Alert severity="info" sx={{ mb: 2 }} onClose={desk.closeBulk} data-testid="bulk-off">
          {policyOffSentence(desk.machinePolicy, 'The bulk fix')} Look the users up one at a time instead.
        </Alert>
      ) : bulk ? (
        <BulkPanel key={bulk.seq} request={bulk} sandbox={sandbox} onClose={desk.closeBulk} onOpen={desk.openFromBulk} />
      ) : null}
      <HandoverAlert desk={desk} />
      <LookupBox desk={desk} />
      {busy ? <LinearProgress sx={{ mb: 1 }} /> : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2, whiteSpace: 'pre-wrap' }} data-testid="mailbox-error">
          {error}
        </Alert>
      ) : null}
      {lookup.results && !recipient ? <SearchResults results={lookup.results} onPick={(guid) => void lookup.open(guid)} /> : null}
      {lookup.results && recipient ? (
        <Button size="small" sx={{ mb: 1 }} onClick={lookup.backToResults} data-testid="back-to-results">
          ← Back to the {lookup.results.length} result{lookup.results.length === 1 ? '' : 's'}
        </Button>
      ) : null}
      {recipient ? <RecipientView key={recipient.Guid ?? recipient.Identity ?? recipient.Name} desk={desk} r={recipient} /> : null}
      <ChangeDialog pending={desk.pending} recipient={desk.pending ? recipient : null} sandbox={sandbox} onClose={desk.finish} />
    </Box>
  );
}
