/**
 * A replay's report: the decision (and the console's), the run against its timeout, the findings, the
 * Exchange changes before and after, the mails, the log the rule wrote, and the calls and sessions.
 */
import { Alert, Box, Button, Chip, LinearProgress, Paper, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Recipient } from '../../shared/exchange/schemas';
import { classify } from '../../shared/logs/parse';
import type { ReplayReport } from '../../shared/rules/schemas';
import { MailView } from './MailView';

const SHOWN: Array<keyof Recipient> = ['RecipientTypeDetails', 'RemoteRoutingAddress', 'PrimarySmtpAddress', 'HiddenFromAddressListsEnabled', 'syncState'];

function value(r: Recipient | null, k: keyof Recipient): string {
  if (!r) return '(not found)';
  const v = r[k];
  return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v);
}

const LEVEL_SX = {
  error: { bgcolor: 'console.logError.bg', color: 'console.logError.fg' },
  warning: { bgcolor: 'console.logWarning.bg', color: 'console.logWarning.fg' },
  info: undefined,
} as const;

function LogText({ text }: { text: string }) {
  return (
    <Box component="pre" data-testid="replay-log" sx={{ m: 0, p: 1, maxHeight: 360, overflow: 'auto', fontSize: 12, bgcolor: 'action.hover', borderRadius: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
      {text.split(/\r?\n/).filter(Boolean).map((line, i) => {
        const level = classify(line);
        return (
          <Box key={i} data-level={level} sx={LEVEL_SX[level]}>
            {line}
          </Box>
        );
      })}
    </Box>
  );
}

export function ReplayReportView({ report: r, onOpenLog }: { report: ReplayReport; onOpenLog: (path: string) => void }) {
  const pct = Math.min(100, (r.durationMs / (r.timeoutSeconds * 1000)) * 100);
  const d = r.decision;
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-labelledby="rules-report" data-testid="replay-report">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h6" component="h3" id="rules-report">Replay {r.id}</Typography>
        <Chip size="small" label={r.script === 'generated' ? 'the console\'s rule' : 'your script'} />
        <Chip size="small" color={d.agrees ? 'success' : 'warning'} label={`decision: ${d.taken.action}`} data-testid="replay-decision" />
        {!d.agrees && <Chip size="small" variant="outlined" label={`the console's rules: ${d.expected.action}`} />}
        {r.resultLine && <Chip size="small" color={r.resultLine.outcome === 'failed' ? 'error' : 'success'} label={`RESULT: ${r.resultLine.outcome}${r.resultLine.errorClass ? ` (${r.resultLine.errorClass})` : ''}`} />}
        <Chip size="small" color={r.killed ? 'error' : 'default'} label={r.killed ? `killed at its ${r.timeoutSeconds} s timeout` : `exit code ${r.exitCode ?? '?'}`} />
      </Stack>
      <Typography variant="body2" sx={{ mb: 0.5 }}>{d.expected.reason}</Typography>
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 2 }}>
        <Box sx={{ flex: 1, maxWidth: 480 }}>
          <LinearProgress variant="determinate" value={pct} color={pct > 80 ? 'error' : pct > 50 ? 'warning' : 'primary'} aria-label="Duration against the timeout" />
        </Box>
        <Typography variant="body2" color="text.secondary">
          {(r.durationMs / 1000).toFixed(1)} s of {r.timeoutSeconds} s · Exchange (sandbox) behind {r.hosts.join(', ')}
        </Typography>
      </Stack>

      <Typography variant="subtitle1" component="h4">Findings</Typography>
      <Stack sx={{ gap: 0.5, mb: 2 }} data-testid="replay-findings">
        {r.findings.length === 0 ? <Alert severity="success">No findings: the rule did what the console&apos;s rules decide, within its budget, and kept its secrets.</Alert> : null}
        {r.findings.map((f, i) => (
          <Alert key={i} severity={f.severity} data-code={f.code}>
            <b>{f.code}</b>: {f.message}
          </Alert>
        ))}
      </Stack>

      <Typography variant="subtitle1" component="h4">Exchange changes</Typography>
      {r.changes.length === 0 ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>No recipient was changed.</Typography>
      ) : (
        <Table size="small" aria-label="Exchange changes" sx={{ mb: 2 }}>
          <TableHead>
            <TableRow>
              <TableCell>Recipient</TableCell>
              <TableCell>Cmdlets</TableCell>
              <TableCell>Property</TableCell>
              <TableCell>Before</TableCell>
              <TableCell>After</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {r.changes.flatMap((c) =>
              SHOWN.map((k, i) => (
                <TableRow key={`${c.key}-${k}`} sx={value(c.before, k) !== value(c.after, k) ? { bgcolor: 'action.selected' } : undefined}>
                  <TableCell>{i === 0 ? `${c.after?.SamAccountName ?? c.before?.SamAccountName ?? c.identity}${c.named ? '' : ' (not named by the request!)'}` : ''}</TableCell>
                  <TableCell>{i === 0 ? c.cmdlets.join(', ') : ''}</TableCell>
                  <TableCell>{k}</TableCell>
                  <TableCell>{value(c.before, k)}</TableCell>
                  <TableCell>{value(c.after, k)}</TableCell>
                </TableRow>
              )),
            )}
          </TableBody>
        </Table>
      )}

      <Typography variant="subtitle1" component="h4">Mails ({r.mails.length})</Typography>
      <Stack sx={{ gap: 1, mb: 2 }}>
        {r.mails.length === 0 && <Typography variant="body2" color="text.secondary">The rule sent no mail.</Typography>}
        {r.mails.map((m, i) => (
          <MailView key={i} mail={m} />
        ))}
      </Stack>

      <Typography variant="subtitle1" component="h4">Log</Typography>
      {r.logs.length === 0 && <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>The rule wrote no log file.</Typography>}
      {r.logs.map((l) => (
        <Box key={l.path} sx={{ mb: 2 }}>
          <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 0.5 }}>
            <Typography variant="body2"><code>{l.windowsPath}</code> ({l.bytes} bytes{l.truncated ? ', last 256 KB shown' : ''})</Typography>
            <Button size="small" onClick={() => onOpenLog(l.path)}>Open in the log viewer</Button>
          </Stack>
          <LogText text={l.text} />
        </Box>
      ))}

      <Typography variant="subtitle1" component="h4">Sessions and calls</Typography>
      <Table size="small" aria-label="Exchange calls">
        <TableBody>
          {r.sessions.map((s, i) => (
            <TableRow key={`s${i}`}>
              <TableCell>New-PSSession</TableCell>
              <TableCell><code>{s.uri}</code></TableCell>
              <TableCell>{s.outcome}{s.outcome === 'opened' ? (s.removed ? ', removed' : ', never removed') : ''}</TableCell>
            </TableRow>
          ))}
          {r.calls.map((c, i) => (
            <TableRow key={`c${i}`}>
              <TableCell>{c.cmdlet}</TableCell>
              <TableCell><code>{Object.entries(c.params).map(([k, v]) => `-${k} ${v}`).join(' ')}</code></TableCell>
              <TableCell>{c.outcome}{c.error ? `: ${c.error}` : ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {r.stderr.trim() && (
        <Box component="details" sx={{ mt: 1 }}>
          <summary>Error output of the script</summary>
          <Box component="pre" sx={{ fontSize: 12, whiteSpace: 'pre-wrap' }}>{r.stderr}</Box>
        </Box>
      )}
    </Paper>
  );
}
