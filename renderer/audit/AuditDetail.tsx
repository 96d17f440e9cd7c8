/** One change in full: the person, the command, the checklist it ran first, the fields before and after, the raw error and the input. */
import { Alert, Box, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { outcomeClass, targetNames } from '../../shared/audit/filter';
import type { AuditRow } from '../../shared/audit/records';
import { localTime } from '../../shared/time';
import { Checklist } from '../exchange/Checklist';

function text(v: unknown): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

export function AuditDetail({ row }: { row: AuditRow }) {
  const t = targetNames(row);
  const first = (row.start ?? row.end)!;
  const changes = row.end?.changes ?? [];
  const mono = { fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' } as const;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} data-testid="audit-detail">
      <Typography variant="subtitle1" component="h3">
        {first.op} · {outcomeClass(row)}
        {!row.end ? ' (no end record)' : row.end.outcome && row.end.outcome !== outcomeClass(row) ? ` (${row.end.outcome})` : ''}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Started {row.start ? localTime(row.start.time) : '?'}
        {row.end ? `, ended ${localTime(row.end.time)}` : ''} · {first.actor ?? '?'} through {first.door}
      </Typography>
      <Stack spacing={1.5}>
        {t ? (
          <Typography variant="body2" data-testid="audit-detail-user">
            <b>{t.displayName ?? '—'}</b> · sAMAccountName {t.samAccountName ?? '—'} · UPN {t.userPrincipalName ?? '—'} · GUID {t.guid ?? '—'}
          </Typography>
        ) : null}
        <Box>
          <Typography variant="overline">Command</Typography>
          <Box component="pre" data-testid="audit-detail-command" sx={{ ...mono, m: 0, p: 1, bgcolor: 'action.hover', whiteSpace: 'pre-wrap' }}>
            {row.start?.command ?? '(nothing was sent: refused before the command)'}
          </Box>
        </Box>
        {row.start?.preflight?.length ? (
          <Box>
            <Typography variant="overline">Checklist run first</Typography>
            <Checklist checks={row.start.preflight} />
          </Box>
        ) : null}
        {changes.length ? (
          <Box>
            <Typography variant="overline">Before and after</Typography>
            <Table size="small" data-testid="audit-detail-changes">
              <TableHead>
                <TableRow>
                  <TableCell>Field</TableCell>
                  <TableCell>Before</TableCell>
                  <TableCell>After</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {changes.map((c) => (
                  <TableRow key={c.field}>
                    <TableCell sx={{ fontWeight: 600 }}>{c.field}</TableCell>
                    <TableCell sx={mono}>{text(c.before)}</TableCell>
                    <TableCell sx={{ ...mono, fontWeight: 700 }}>{text(c.after)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : null}
        {row.end?.error ? (
          <Alert severity="error" data-testid="audit-detail-error" sx={{ whiteSpace: 'pre-wrap' }}>
            {row.end.error.code}: {row.end.error.message}
          </Alert>
        ) : null}
        {row.start?.input !== undefined ? (
          <Box>
            <Typography variant="overline">Input (secrets removed)</Typography>
            <Box component="pre" sx={{ ...mono, m: 0, p: 1, bgcolor: 'action.hover', whiteSpace: 'pre-wrap' }}>
              {JSON.stringify(row.start.input, null, 2)}
            </Box>
          </Box>
        ) : null}
      </Stack>
    </Paper>
  );
}
