/** An account request's arguments and attribute requests (secrets already masked by the core), paged. */
import { Box, Button, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import type { AccountRequestModel } from '../../shared/plans/schemas';
import { ValueView } from './ValueView';

const PAGE_ROWS = 300;

export function AttributeTable({ req }: { req: AccountRequestModel }) {
  const [rows, setRows] = useState(PAGE_ROWS);
  const args = Object.entries(req.arguments);
  return (
    <Box>
      {args.length > 0 && (
        <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap', mb: 1, alignItems: 'center' }}>
          <Typography variant="body2" color="text.secondary">Arguments:</Typography>
          {args.map(([k, v]) => (
            <Chip key={k} size="small" variant="outlined" label={`${k} = ${v === null ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v)}`} />
          ))}
        </Stack>
      )}
      <Table size="small" aria-label="Attribute requests">
        <TableHead>
          <TableRow>
            <TableCell>Attribute</TableCell>
            <TableCell>Op</TableCell>
            <TableCell>Value</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {req.attributeRequests.slice(0, rows).map((a, i) => (
            <TableRow key={i}>
              <TableCell sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{a.name}</TableCell>
              <TableCell>{a.op}</TableCell>
              <TableCell><ValueView value={a.value} masked={a.masked} /></TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {req.attributeRequests.length > rows && (
        <Button size="small" onClick={() => setRows(rows + PAGE_ROWS * 4)}>Show more ({req.attributeRequests.length - rows} left)</Button>
      )}
    </Box>
  );
}
