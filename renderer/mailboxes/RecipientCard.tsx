/** One recipient: its name and state chips, what is wrong with it (`notice`), then every detail property of the schema that has a value. */
import type { ReactNode } from 'react';
import { Chip, Paper, Stack, Table, TableBody, TableCell, TableRow, Typography } from '@mui/material';
import { propertyText } from '../../shared/exchange/display';
import { DETAIL_PROPERTIES, type Recipient, type RecipientProperty } from '../../shared/exchange/schemas';

/** Shown in the card's title and chips, so not again as rows. */
const IN_HEADER: ReadonlySet<RecipientProperty> = new Set(['Name', 'DisplayName', 'RecipientTypeDetails', 'HiddenFromAddressListsEnabled']);

/** The recipient's type, address-list visibility and sync state; `compact` for table rows. */
export function RecipientChips({ r, compact = false }: { r: Recipient; compact?: boolean }) {
  if (compact) {
    return (
      <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
        <Chip size="small" label={r.RecipientTypeDetails ?? 'unknown type'} data-testid="row-type" />
        {r.HiddenFromAddressListsEnabled ? <Chip size="small" label="hidden" /> : null}
        {r.syncState === 'pending' ? <Chip size="small" color="warning" label="sync pending" /> : null}
      </Stack>
    );
  }
  return (
    <>
      <Chip size="small" label={r.RecipientTypeDetails ?? 'unknown type'} data-testid="recipient-type" />
      {r.HiddenFromAddressListsEnabled ? <Chip size="small" label="hidden from address lists" data-testid="hidden-chip" /> : null}
      {r.syncState === null ? null : (
        <Chip
          data-testid="sync-state"
          data-state={r.syncState}
          size="small"
          color={r.syncState === 'synced' ? 'success' : r.syncState === 'pending' ? 'warning' : 'default'}
          label={r.syncState === 'pending' ? 'sync pending: the cloud mailbox is not linked yet' : `sync ${r.syncState}`}
        />
      )}
    </>
  );
}

export function RecipientCard({ r, notice = null, flagged = null }: { r: Recipient; notice?: ReactNode; flagged?: RecipientProperty | null }) {
  const rows = DETAIL_PROPERTIES.filter((k) => !IN_HEADER.has(k))
    .map((k) => [k, propertyText(r, k)] as const)
    .filter(([, v]) => v !== null);
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="recipient-card" data-kind={r.kind}>
      <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center' }}>
        <Typography variant="subtitle1" component="h3">
          {r.DisplayName ?? r.Name}
        </Typography>
        <RecipientChips r={r} />
      </Stack>
      {notice}
      <Table size="small">
        <TableBody>
          {rows.map(([label, value]) => (
            <TableRow key={label} data-flagged={label === flagged ? 'true' : undefined}>
              <TableCell sx={{ fontWeight: 600, width: 260, verticalAlign: 'top' }}>{label}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', wordBreak: 'break-all', ...(label === flagged ? { color: 'warning.main', fontWeight: 600 } : {}) }}>{value}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
