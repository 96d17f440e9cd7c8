/** The changes found: when (local time with zone), what, on whom (by their names), who and through which door, the outcome. A row opens its detail. */
import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { outcomeClass, targetNames } from '../../shared/audit/filter';
import { durationText, targetOf, type AuditRow } from '../../shared/audit/records';
import { localTime } from '../../shared/time';

const CLASS_COLOUR = { ok: 'success', failed: 'error', unfinished: 'warning' } as const;

export function AuditTable({ rows, selected, onSelect }: { rows: AuditRow[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <Table size="small" data-testid="audit-table">
      <TableHead>
        <TableRow>
          <TableCell>Started</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell>Operation</TableCell>
          <TableCell>User</TableCell>
          <TableCell>Who (door)</TableCell>
          <TableCell>Duration</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => {
          const t = targetNames(row);
          const cls = outcomeClass(row);
          const first = (row.start ?? row.end ?? row.reconciled)!;
          return (
            <TableRow key={row.id} hover selected={row.id === selected} onClick={() => onSelect(row.id)} sx={{ cursor: 'pointer' }} data-testid="audit-row" data-id={row.id}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{localTime(first.time)}</TableCell>
              <TableCell>
                {!row.end && row.reconciled?.outcome ? (
                  <Chip size="small" label={`interrupted, read back: ${row.reconciled.outcome}`} color="warning" data-testid="audit-reconciled" />
                ) : (
                  <Chip size="small" label={row.end?.outcome && row.end.outcome !== cls ? `${cls} (${row.end.outcome})` : cls} color={CLASS_COLOUR[cls]} />
                )}
                {!row.end && row.reconciled?.note && (
                  <Typography variant="body2" sx={{ mt: 0.5 }}>
                    {row.reconciled.note}
                  </Typography>
                )}
                {row.end?.error && (
                  <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
                    {row.end.error.code}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{first.op}</TableCell>
              <TableCell>
                {t ? (
                  <>
                    <Typography variant="body2">{t.displayName ?? t.samAccountName}</Typography>
                    <Typography variant="caption" color="text.secondary">
                      {[t.samAccountName, t.userPrincipalName].filter(Boolean).join(' · ')}
                    </Typography>
                  </>
                ) : (
                  <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                    {targetOf(row)}
                  </Typography>
                )}
              </TableCell>
              <TableCell>
                {first.actor ?? ''} ({first.door})
              </TableCell>
              <TableCell>{durationText(row)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
