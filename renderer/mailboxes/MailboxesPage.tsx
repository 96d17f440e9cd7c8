/**
 * Mailboxes: look a user up (name fragment, address or identity), see the recipient's state
 * (with directory-sync state), and enable a remote mailbox, hide/unhide it, repair its routing
 * address or disable it. Every change is previewed first (what-if: the exact command), confirmed
 * in a dialog, then read back from Exchange.
 * Other pages hand identities over (useNavigation): one identity arrives looked up, with the intended action
 * (enable with a routing address, or hide) previewed in the confirmation dialog; several open the bulk panel.
 * The state and calls are in useMailboxDesk; this file lays the page out.
 */
import { Alert, Box, Button, Chip, LinearProgress, Stack, TextField, Typography } from '@mui/material';
import { BulkPanel } from './BulkPanel';
import { ChangeActions } from './ChangeActions';
import { ChangeDialog } from './ChangeDialog';
import { HandoverAlert } from './HandoverAlert';
import { RecipientCard } from './RecipientCard';
import { SearchResults } from './SearchResults';
import { useMailboxDesk } from './useMailboxDesk';
import { StoryButton } from '../story/StoryButton';

export default function MailboxesPage() {
  const desk = useMailboxDesk();
  const { session, search, recipient, busy, error, bulk } = desk;
  const sandbox = session?.mode === 'sandbox';
  return (
    <Box sx={{ p: 3, maxWidth: bulk ? 1280 : 1100 }}>
      <Stack direction="row" spacing={2} sx={{ mb: 2, alignItems: 'center' }}>
        <Typography variant="h5" component="h2">
          Mailboxes
        </Typography>
        {session ? (
          <Chip
            data-testid="session-chip"
            label={`${session.mode}: ${session.state}${sandbox ? ' (sandbox, no real Exchange)' : ''}`}
            color={session.state === 'connected' ? 'success' : session.state === 'failed' ? 'error' : 'default'}
          />
        ) : null}
      </Stack>
      {bulk ? <BulkPanel key={bulk.seq} request={bulk} sandbox={sandbox} onClose={desk.closeBulk} onOpen={desk.openFromBulk} /> : null}
      <HandoverAlert desk={desk} />
      <Stack direction="row" spacing={1} sx={{ mb: 2 }}>
        <TextField
          label="Name fragment, e-mail address or identity"
          value={search.text}
          onChange={(e) => search.setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && search.text.trim()) void search.run();
          }}
          size="small"
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'search-input' } }}
        />
        <Button variant="contained" onClick={() => void search.run()} disabled={busy || !search.text.trim()}>
          Search
        </Button>
        <Button variant="outlined" onClick={() => void search.lookUp(search.text.trim())} disabled={busy || !search.text.trim()}>
          Look up
        </Button>
        <Button onClick={desk.openBulk} disabled={bulk !== null}>
          Bulk…
        </Button>
      </Stack>
      {busy ? <LinearProgress sx={{ mb: 1 }} /> : null}
      {error ? (
        <Alert severity="error" sx={{ mb: 2, whiteSpace: 'pre-wrap' }} data-testid="mailbox-error">
          {error}
        </Alert>
      ) : null}
      {search.results && !recipient ? <SearchResults results={search.results} onPick={(guid) => void search.lookUp(guid)} /> : null}
      {recipient ? (
        <Stack spacing={2}>
          <RecipientCard r={recipient} />
          <StoryButton identity={recipient.SamAccountName ?? recipient.Identity} />
          <ChangeActions desk={desk} r={recipient} />
        </Stack>
      ) : null}
      <ChangeDialog pending={desk.pending} sandbox={sandbox} onCancel={desk.cancel} onConfirm={() => void desk.confirm()} />
    </Box>
  );
}
