/**
 * Connectivity: run every layer check against every host, see the matrix, open a host's step
 * tree, re-run one host or all, browse the last runs with a latency chart per host, and export a
 * run as JSON or HTML for a ticket. The calls and their clean-up are useConnectivity's.
 */
import { Alert, Box, Button, LinearProgress, Paper, Stack, Typography } from '@mui/material';
import { htmlReport, jsonReport, reportFileName } from '../../shared/connectivity/report';
import type { CheckRun } from '../../shared/connectivity/schemas';
import { CheckForm } from './CheckForm';
import { downloadText } from './download';
import { CheckTimes, LastRuns } from './History';
import { Matrix } from './Matrix';
import { useConnectivity } from './useConnectivity';

function summary(run: CheckRun): string {
  const failed = run.hosts.filter((h) => h.verdict === 'failed').length;
  const degraded = run.hosts.filter((h) => h.verdict === 'degraded').length;
  return `${run.hosts.length} host(s): ${run.hosts.length - failed - degraded} ok, ${degraded} degraded, ${failed} failed, in ${Math.round(run.durationMs)} ms${run.deadlineHit ? ' (overall deadline reached)' : ''}`;
}

export default function ConnectivityPage() {
  const c = useConnectivity();
  const { run, running, error } = c;
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Connectivity
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Every layer to every host at once (DNS, TCP, TLS, the /PowerShell/ 401 challenge, a real session when configured, and on demand the SMTP relay and
        IQService), each check with its own timeout. Empty host list = the Exchange hosts in Settings.
      </Typography>

      <CheckForm c={c} />

      {running && <LinearProgress sx={{ mb: 2 }} />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={c.dismissError}>
          {error}
        </Alert>
      )}

      {run ? (
        <Box>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
            <Typography variant="subtitle1" data-testid="run-summary" sx={{ flex: 1 }}>
              {new Date(run.startedAt).toLocaleString()}: {summary(run)}
            </Typography>
            <Button size="small" onClick={() => downloadText(reportFileName(run, 'json'), 'application/json', jsonReport(run))}>
              Export JSON
            </Button>
            <Button size="small" onClick={() => downloadText(reportFileName(run, 'html'), 'text/html', htmlReport(run))}>
              Export HTML
            </Button>
          </Stack>
          {run.notes.map((n) => (
            <Alert key={n} severity="info" sx={{ mb: 1 }}>
              {n}
            </Alert>
          ))}
          <Paper variant="outlined">
            <Matrix hosts={run.hosts} busy={c.busy} onRerun={c.rerun} />
          </Paper>
        </Box>
      ) : (
        !running && <Alert severity="info">No checks run yet: press "Check all".</Alert>
      )}

      {c.history.length > 0 && (
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 3 }}>
          <LastRuns history={c.history} shown={run} onShow={c.showRun} />
          <CheckTimes charts={c.charts} />
        </Stack>
      )}
    </Box>
  );
}
