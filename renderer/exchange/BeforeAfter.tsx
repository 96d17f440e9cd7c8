/** A recipient before and after a change, side by side, the fields the change touched marked. */
import { Table, TableBody, TableCell, TableHead, TableRow, alpha } from '@mui/material';
import { changedValues } from '../../shared/audit/diff';
import { propertyText } from '../../shared/exchange/display';
import { DETAIL_PROPERTIES, type Recipient } from '../../shared/exchange/schemas';

export function BeforeAfter({ before, after }: { before: Recipient | null; after: Recipient | null }) {
  const changed = new Set(changedValues(before, after).map((c) => c.field));
  const shown = DETAIL_PROPERTIES.filter((k) => (before && propertyText(before, k) !== null) || (after && propertyText(after, k) !== null));
  // The changed fields first (marked), then the rest for context.
  const rows = [...shown.filter((k) => changed.has(k)), ...shown.filter((k) => !changed.has(k))];
  const cell = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all', verticalAlign: 'top' } as const;
  return (
    <Table size="small" data-testid="before-after">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Before</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((k) => {
          const marked = changed.has(k);
          return (
            <TableRow key={k} data-testid={marked ? 'changed-field' : 'same-field'} data-field={k} sx={marked ? { bgcolor: (t) => alpha(t.palette.warning.main, 0.16) } : undefined}>
              <TableCell sx={{ fontWeight: marked ? 700 : 600, verticalAlign: 'top' }}>
                {k}
                {marked ? ' (changed)' : ''}
              </TableCell>
              <TableCell sx={cell}>{before ? (propertyText(before, k) ?? '—') : '?'}</TableCell>
              <TableCell sx={{ ...cell, fontWeight: marked ? 700 : 400 }}>{after ? (propertyText(after, k) ?? '—') : 'not read back'}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
