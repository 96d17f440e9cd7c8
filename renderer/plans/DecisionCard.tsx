/**
 * One rule's decision for one account request: the action, why, the identity and routing address,
 * each check with its evidence, and "Fix it" (handed to the mailbox desk, previewed and confirmed there).
 */
import { Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import type { Decision } from '../../shared/plans/schemas';
import { useNavigation, type Navigation } from '../app/navigation';
import { statusColour } from '../app/theme';

function fixInDesk(nav: Navigation, d: Decision): void {
  if (!d.identity || d.action === 'none') return;
  nav.navigate('mailboxes', {
    identities: [d.identity],
    // The desk has no "unhide" intent: a rehire opens the user there, and the admin unhides.
    mailboxIntent:
      d.action === 'enable-remote-mailbox' ? { kind: 'enable', routingAddress: d.remoteRoutingAddress } : d.action === 'hide-from-address-lists' ? { kind: 'hide' } : undefined,
    origin: `the plan inspector (${d.rule} decision)`,
  });
}

export function DecisionCard({ d }: { d: Decision }) {
  const nav = useNavigation();
  const acts = d.action !== 'none';
  return (
    <Paper variant="outlined" sx={{ p: 2, borderColor: acts ? 'success.main' : undefined }} data-testid="decision">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1">{d.rule}</Typography>
        <Chip size="small" color={acts ? 'success' : 'default'} label={d.action} />
        {!d.conclusive && <Chip size="small" variant="outlined" label="depends on unknowns" />}
      </Stack>
      <Typography variant="body2" sx={{ mb: 1 }}>{d.reason}</Typography>
      {(d.identity || d.remoteRoutingAddress || d.exchangeHost) && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {d.identity && <>Identity: <b>{d.identity}</b>. </>}
          {d.remoteRoutingAddress && <>Routing address: <b>{d.remoteRoutingAddress}</b>. </>}
          {d.exchangeHost && <>Exchange host: <b>{d.exchangeHost}</b>.</>}
        </Typography>
      )}
      {acts && (
        <Button
          size="small"
          variant="contained"
          disabled={!d.identity}
          title={d.identity ? `Open ${d.identity} in the mailbox desk with this action pre-selected (previewed and confirmed there)` : 'The request names no identity'}
          onClick={() => fixInDesk(nav, d)}
          sx={{ mb: 1.5 }}
        >
          Fix it in the mailbox desk
        </Button>
      )}
      <Stack component="ul" sx={{ listStyle: 'none', p: 0, m: 0, gap: 0.5 }}>
        {d.checks.map((c, i) => (
          <Stack component="li" key={i} direction="row" sx={{ gap: 1, alignItems: 'flex-start' }} data-status={c.status}>
            <Box
              aria-label={c.status}
              sx={{ mt: '5px', width: 10, height: 10, borderRadius: '50%', flexShrink: 0, bgcolor: statusColour(c.status) }}
            />
            <Typography variant="body2">
              <b>{c.name}</b> <span style={{ opacity: 0.8 }}>({c.status})</span>: {c.evidence}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
