/**
 * The desk's one box: whatever a ticket holds (sAMAccountName, UPN, e-mail, DN, DOMAIN\user, GUID
 * or a piece of the name). Enter resolves it as an identity first and falls back to name search;
 * the line under it says which it did. Ctrl+K from any page lands here; recent look-ups are chips.
 */
import { Box, Button, Chip, Stack, TextField, Tooltip, Typography } from '@mui/material';
import { useEffect, useRef } from 'react';
import { useNavigation } from '../app/navigation';
import { policyOffSentence } from '../app/usePolicy';
import type { MailboxDesk } from './useMailboxDesk';

export function LookupBox({ desk }: { desk: MailboxDesk }) {
  const { lookup, busy } = desk;
  const nav = useNavigation();
  const input = useRef<HTMLInputElement | null>(null);
  // On arrival and on every Ctrl+K.
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, [nav.lookupFocus]);
  const empty = !lookup.text.trim();
  const bulkOff = desk.machinePolicy?.disallow.bulk ? policyOffSentence(desk.machinePolicy, 'The bulk fix') : null;
  return (
    <Box sx={{ mb: 2 }}>
      <Stack direction="row" spacing={1}>
        <TextField
          inputRef={input}
          label="User: sAMAccountName, UPN, e-mail, DN, DOMAIN\user, GUID or name (Ctrl+K)"
          value={lookup.text}
          onChange={(e) => lookup.setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !empty) {
              e.preventDefault();
              void lookup.submit();
            }
          }}
          size="small"
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'search-input', 'aria-describedby': 'lookup-resolution' } }}
        />
        <Button variant="contained" onClick={() => void lookup.submit()} disabled={busy || empty}>
          Look up
        </Button>
        <Button variant="outlined" onClick={() => void lookup.search()} disabled={busy || empty}>
          Search
        </Button>
        <Tooltip title={bulkOff ?? ''}>
          <span>
            <Button onClick={desk.openBulk} disabled={desk.bulk !== null || bulkOff !== null} data-testid="bulk-button">
              Bulk…
            </Button>
          </span>
        </Tooltip>
      </Stack>
      {bulkOff ? (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }} data-testid="bulk-off-note">
          {bulkOff}
        </Typography>
      ) : null}
      {lookup.resolution ? (
        <Typography id="lookup-resolution" variant="body2" color="text.secondary" sx={{ mt: 0.5 }} data-testid="lookup-resolution" data-by={lookup.resolution.by}>
          {lookup.resolution.sentence}
        </Typography>
      ) : null}
      {lookup.recent.length > 0 ? (
        <Stack direction="row" sx={{ mt: 1, gap: 0.5, flexWrap: 'wrap', alignItems: 'center' }} data-testid="recent-lookups">
          <Typography variant="body2" color="text.secondary" sx={{ mr: 0.5 }}>
            Recent:
          </Typography>
          {lookup.recent.map((r) => (
            <Chip
              key={r.guid}
              size="small"
              variant="outlined"
              label={r.sam ? `${r.label} (${r.sam})` : r.label}
              onClick={() => {
                lookup.setText(r.sam ?? r.guid);
                void lookup.open(r.guid);
              }}
              disabled={busy}
            />
          ))}
        </Stack>
      ) : null}
    </Box>
  );
}
