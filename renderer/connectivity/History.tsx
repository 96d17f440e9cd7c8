/** The last runs (a row shows that run: click, Enter or Space) and each host's check time over them. */
import { Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { CheckRun } from '../../shared/connectivity/schemas';
import { activatableRow, rowFocusRing } from '../app/rows';
import { LatencyChart } from './LatencyChart';
import type { HostChart } from './useConnectivity';

export function LastRuns({ history, shown, onShow }: { history: CheckRun[]; shown: CheckRun | null; onShow: (r: CheckRun) => void }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, flex: 1 }}>
      <Typography variant="h6" component="h3" gutterBottom>
        Last runs
      </Typography>
      <Table size="small" aria-label="Last runs" data-testid="history">
        <TableHead>
          <TableRow>
            <TableCell>When</TableCell>
            <TableCell>Hosts</TableCell>
            <TableCell>Failed</TableCell>
            <TableCell>Time</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {history.map((r) => {
            const failed = r.hosts.filter((h) => h.verdict === 'failed').length;
            const selected = shown?.id === r.id;
            return (
              <TableRow key={r.id} hover selected={selected} aria-current={selected ? 'true' : undefined} {...activatableRow(() => onShow(r))} sx={rowFocusRing}>
                <TableCell>{new Date(r.startedAt).toLocaleString()}</TableCell>
                <TableCell>{r.hosts.map((h) => h.host).join(', ').slice(0, 80)}</TableCell>
                <TableCell sx={{ color: failed ? 'error.main' : undefined }}>{failed}</TableCell>
                <TableCell>{Math.round(r.durationMs)} ms</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Paper>
  );
}

export function CheckTimes({ charts }: { charts: HostChart[] }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, flex: 1 }}>
      <Typography variant="h6" component="h3" gutterBottom>
        Check time per host
      </Typography>
      <Stack spacing={1} data-testid="latency-charts">
        {charts.map((c) => (
          <Stack key={`${c.role}-${c.host}`} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
            <Typography variant="body2" sx={{ width: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={c.host}>
              {c.host}
            </Typography>
            <LatencyChart points={c.points} label={c.host} />
            <Typography variant="caption" color="text.secondary">
              {c.points.length} run(s)
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Paper>
  );
}
