/** The paired audit rows: when, what, on whom, the command, who and through which door, the outcome, how long. */
import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { durationText, targetOf, type AuditRow } from '../../shared/audit/records';

const OUTCOME_COLOUR = {
  ok: 'success',
  applied: 'success',
  error: 'error',
  'not-applied': 'warning',
  unknown: 'warning',
} as const;

export function AuditTable({ rows }: { rows: AuditRow[] }) {
  return (
    <Table size="small" data-testid="audit-table">
      <TableHead>
        <TableRow>
          <TableCell>Started</TableCell>
          <TableCell>Operation</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>Command</TableCell>
          <TableCell>Who (door)</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Duration</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const outcome = row.end?.outcome;
          return (
            <TableRow key={row.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.start ? new Date(row.start.time).toLocaleString() : '?'}</TableCell>
              <TableCell>{row.start?.op ?? row.end?.op}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{targetOf(row)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{row.start?.command ?? ''}</TableCell>
              <TableCell>
                {row.start?.actor ?? row.end?.actor ?? ''} ({row.start?.door ?? row.end?.door})
              </TableCell>
              <TableCell>
                {outcome ? (
                  <Chip size="small" label={outcome} color={OUTCOME_COLOUR[outcome]} />
                ) : row.reconciled?.outcome ? (
                  <Chip size="small" label={`interrupted, read back: ${row.reconciled.outcome}`} color="warning" data-testid="audit-reconciled" />
                ) : (
                  <Chip size="small" label="no end record" color="warning" variant="outlined" />
                )}
                {!row.end && row.reconciled?.note && (
                  <Typography variant="body2" sx={{ mt: 0.5 }}>
                    {row.reconciled.note}
                  </Typography>
                )}
                {row.end?.error && (
                  <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
                    {row.end.error.code}: {row.end.error.message}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{durationText(row)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
