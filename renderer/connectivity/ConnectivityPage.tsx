/**
 * Connectivity: run every layer check against every host, see the matrix, open a host's step
 * tree, re-run one host or all, browse the last runs with a latency chart per host, and export a
 * run as JSON or HTML for a ticket.
 */
import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  LinearProgress,
  Paper,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { htmlReport, jsonReport, reportFileName } from '../../shared/connectivity/report';
import type { CheckInput, CheckRun, HostResult } from '../../shared/connectivity/schemas';
import { hmc } from '../client';
import { useNavigation } from '../app/navigation';
import { downloadText } from './download';
import { LatencyChart, type LatencyPoint } from './LatencyChart';
import { Matrix } from './Matrix';
import { hostKey } from './status';

function numberOrUndefined(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function bracket(name: string): string {
  return name.includes(':') ? `[${name}]` : name;
}

/** The input that checks exactly this one host again. */
function rerunInput(h: HostResult, timeoutMs: number | undefined): CheckInput {
  const t = h.target;
  const base: CheckInput = { hosts: [], ...(timeoutMs ? { timeoutMs } : {}) };
  if (h.role === 'smtp') return { ...base, smtp: t.port === null ? bracket(t.name) : `${bracket(t.name)}:${t.port}` };
  if (h.role === 'iqservice') return { ...base, iqservice: t.port === null ? true : `${bracket(t.name)}:${t.port}` };
  return { ...base, hosts: [{ host: t.name, ...(t.port ? { httpPort: t.port } : {}), ...(t.tlsPort ? { tlsPort: t.tlsPort } : {}) }] };
}

function summary(run: CheckRun): string {
  const failed = run.hosts.filter((h) => h.verdict === 'failed').length;
  const degraded = run.hosts.filter((h) => h.verdict === 'degraded').length;
  return `${run.hosts.length} host(s): ${run.hosts.length - failed - degraded} ok, ${degraded} degraded, ${failed} failed, in ${Math.round(run.durationMs)} ms${run.deadlineHit ? ' (overall deadline reached)' : ''}`;
}

export default function ConnectivityPage() {
  const nav = useNavigation();
  // Hosts handed over by another page (e.g. the plan inspector's ExchHost list) are checked at once.
  const [handedHosts] = useState(() => nav.takeHandover()?.hosts ?? null);
  const [hostsText, setHostsText] = useState(() => handedHosts?.join(', ') ?? '');
  const [tlsPortText, setTlsPortText] = useState('');
  const [timeoutText, setTimeoutText] = useState('');
  const [smtp, setSmtp] = useState(false);
  const [iqservice, setIqservice] = useState(false);
  const [app, setApp] = useState<{ name: string; xml: string } | null>(null);
  const [run, setRun] = useState<CheckRun | null>(null);
  const [history, setHistory] = useState<CheckRun[]>([]);
  const [running, setRunning] = useState(false);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const loadHistory = useCallback(async () => {
    try {
      const h = await hmc.call('connectivity.history', {});
      setHistory(h.runs);
      return h.runs;
    } catch (e) {
      setError((e as Error).message);
      return [];
    }
  }, []);

  useEffect(() => {
    void loadHistory().then((runs) => setRun((current) => current ?? runs[0] ?? null));
  }, [loadHistory]);

  const autoRan = useRef(false);
  useEffect(() => {
    if (handedHosts && handedHosts.length > 0 && !autoRan.current) {
      autoRan.current = true;
      void runAll();
    }
    // runAll reads the hosts text set from the hand-over; run once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handedHosts]);

  const timeoutMs = numberOrUndefined(timeoutText);

  const runAll = async () => {
    setError(null);
    setRunning(true);
    const hosts = hostsText.split(/[\s,;]+/).map((h) => h.trim()).filter(Boolean);
    const tlsPort = numberOrUndefined(tlsPortText);
    const input: CheckInput = {
      ...(hosts.length ? { hosts } : {}),
      ...(app ? { applicationXml: app.xml } : {}),
      ...(tlsPort ? { tlsPort } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
      ...(smtp ? { smtp: true as const } : {}),
      ...(iqservice ? { iqservice: true as const } : {}),
    };
    try {
      setRun(await hmc.call('connectivity.check', input));
      await loadHistory();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setRunning(false);
    }
  };

  const rerun = async (h: HostResult) => {
    setError(null);
    setBusy((b) => new Set(b).add(h.host));
    try {
      const again = await hmc.call('connectivity.check', rerunInput(h, timeoutMs));
      const fresh = again.hosts[0];
      if (fresh) {
        setRun((current) =>
          current ? { ...current, hosts: current.hosts.map((x) => (hostKey(x) === hostKey(h) ? fresh : x)) } : again,
        );
      }
      await loadHistory();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy((b) => {
        const next = new Set(b);
        next.delete(h.host);
        return next;
      });
    }
  };

  const openApplication = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 5_000_000) {
      setError('That file is larger than 5 MB; an Application document is much smaller. Pick the AD application XML.');
      return;
    }
    setApp({ name: file.name, xml: await file.text() });
  };

  const charts = useMemo(() => {
    if (!run) return [];
    const oldestFirst = [...history].reverse();
    return run.hosts.map((h) => {
      const key = hostKey(h);
      const points: LatencyPoint[] = oldestFirst.flatMap((r) =>
        r.hosts.filter((x) => hostKey(x) === key).map((x) => ({ at: r.startedAt, ms: x.durationMs, verdict: x.verdict })),
      );
      return { host: h.host, role: h.role, points };
    });
  }, [run, history]);

  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h1" gutterBottom>
        Connectivity
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Every layer to every host at once (DNS, TCP, TLS, the /PowerShell/ 401 challenge, a real session when configured, and on demand the SMTP relay and
        IQService), each check with its own timeout. Empty host list = the Exchange hosts in Settings.
      </Typography>

      <Paper variant="outlined" sx={{ p: 2, my: 2 }}>
        <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <TextField
            label="Hosts (HOST[:HTTPPORT], comma-separated)"
            value={hostsText}
            onChange={(e) => setHostsText(e.target.value)}
            sx={{ minWidth: 380, flex: 1 }}
            size="small"
            slotProps={{ htmlInput: { 'data-testid': 'hosts-input' } }}
          />
          <TextField label="TLS port" value={tlsPortText} onChange={(e) => setTlsPortText(e.target.value)} size="small" sx={{ width: 110 }} slotProps={{ htmlInput: { 'data-testid': 'tls-port-input', inputMode: 'numeric' } }} />
          <TextField label="Timeout (ms)" value={timeoutText} onChange={(e) => setTimeoutText(e.target.value)} size="small" sx={{ width: 130 }} slotProps={{ htmlInput: { inputMode: 'numeric' } }} />
          <FormControlLabel control={<Checkbox checked={smtp} onChange={(e) => setSmtp(e.target.checked)} />} label="SMTP relay" />
          <FormControlLabel control={<Checkbox checked={iqservice} onChange={(e) => setIqservice(e.target.checked)} />} label="IQService" />
          <input ref={fileInput} type="file" accept=".xml,text/xml,application/xml" hidden onChange={(e) => void openApplication(e.target.files?.[0])} />
          {app ? (
            <Button size="small" onClick={() => setApp(null)} title="Stop using the Application document">
              ExchHost from {app.name} ✕
            </Button>
          ) : (
            <Button size="small" onClick={() => fileInput.current?.click()}>
              From Application…
            </Button>
          )}
          <Button variant="contained" onClick={() => void runAll()} disabled={running}>
            {running ? 'Checking…' : 'Check all'}
          </Button>
        </Stack>
      </Paper>

      {running && <LinearProgress sx={{ mb: 2 }} />}
      {error && (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setError(null)}>
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
            <Matrix hosts={run.hosts} busy={busy} onRerun={(h) => void rerun(h)} />
          </Paper>
        </Box>
      ) : (
        !running && <Alert severity="info">No checks run yet: press "Check all".</Alert>
      )}

      {history.length > 0 && (
        <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ mt: 3 }}>
          <Paper variant="outlined" sx={{ p: 2, flex: 1 }}>
            <Typography variant="h6" gutterBottom>
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
                  return (
                    <TableRow key={r.id} hover selected={run?.id === r.id} onClick={() => setRun(r)} sx={{ cursor: 'pointer' }}>
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
          <Paper variant="outlined" sx={{ p: 2, flex: 1 }}>
            <Typography variant="h6" gutterBottom>
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
        </Stack>
      )}
    </Box>
  );
}
