/**
 * Incoming plans: the request/result XML pairs the rules logged in the watched log sources (today, or the
 * last days, or one file), newest first, with who, what operation, the rule's decision and whether the log
 * shows it succeeded. Selecting one (click, Enter or Space) opens it decoded in the inspector below
 * (secrets already masked by the core). The calls are the Plans hook's.
 */
import {
  Alert,
  Box,
  Button,
  Chip,
  LinearProgress,
  MenuItem,
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
import { useState } from 'react';
import type { IncomingPlan } from '../../shared/logs/schemas';
import { activatableRow, rowFocusRing } from '../app/rows';
import type { IncomingState } from './usePlans';

const OUTCOME_COLOR = { succeeded: 'success', failed: 'error', unknown: 'default' } as const;
const ACTION_LABEL = { 'enable-remote-mailbox': 'enable remote mailbox', 'hide-from-address-lists': 'hide from address lists', 'unhide-from-address-lists': 'show in address lists again', none: 'no action' } as const;

function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

function IncomingRow({ p, selected, onOpen }: { p: IncomingPlan; selected: boolean; onOpen: () => void }) {
  const opens = p.requestXml !== null;
  return (
    <TableRow
      hover
      selected={selected}
      data-testid="incoming-row"
      data-outcome={p.outcome}
      aria-current={selected ? 'true' : undefined}
      {...(opens ? activatableRow(onOpen) : {})}
      sx={{ ...(opens ? rowFocusRing : { cursor: 'default' }), verticalAlign: 'top' }}
    >
      <TableCell sx={{ whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12.5 }}>{p.time?.replace('T', ' ') ?? '?'}</TableCell>
      <TableCell sx={{ maxWidth: 200, wordBreak: 'break-all' }}><b>{p.user ?? '?'}</b></TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        {p.operation ?? '?'}
        {p.flow ? <Typography component="span" variant="body2" color="text.secondary">{` (${p.flow})`}</Typography> : null}
      </TableCell>
      <TableCell>
        {p.decision ? (
          <Stack sx={{ gap: 0.25, alignItems: 'flex-start' }}>
            <Chip size="small" color={p.decision.action === 'none' ? 'default' : 'primary'} variant="outlined" label={ACTION_LABEL[p.decision.action]} title={p.decision.reason} />
            <Typography variant="caption" color="text.secondary">{p.decision.rule}</Typography>
          </Stack>
        ) : (
          <Typography variant="body2" color="error" title={p.problem ?? ''} sx={{ maxWidth: 240 }} noWrap>
            {p.problem ?? 'not readable'}
          </Typography>
        )}
      </TableCell>
      <TableCell sx={{ maxWidth: 360 }}>
        <Chip size="small" color={OUTCOME_COLOR[p.outcome]} label={p.outcome} />
        <Typography variant="caption" color="text.secondary" title={p.evidence} sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {p.evidence}
        </Typography>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap', fontSize: 12.5 }} title={p.file}>{p.source ?? fileName(p.file)}</TableCell>
    </TableRow>
  );
}

export function IncomingPlans({ incoming, onOpen }: { incoming: IncomingState; onOpen: (p: IncomingPlan) => void }) {
  const [days, setDays] = useState(1);
  const [path, setPath] = useState('');
  const [open, setOpen] = useState(true);
  const [selected, setSelected] = useState<string | null>(null);
  const { answer, error, busy } = incoming;

  const plans = answer?.plans ?? [];
  const failed = plans.filter((p) => p.outcome === 'failed').length;
  const scope = path.trim() ? fileName(path.trim()) : days === 1 ? "today's logs" : `the last ${days} days' logs`;

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} aria-label="Incoming plans" data-testid="incoming-plans">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        <Box>
          <Typography variant="h6" component="h3">
            Incoming from the logs
          </Typography>
          <Typography variant="body2" color="text.secondary" data-testid="incoming-summary">
            {answer
              ? `${plans.length} request/result pair${plans.length === 1 ? '' : 's'} in ${scope}${failed ? `, ${failed} failed` : ''}${answer.truncated ? ` (newest ${plans.length} of ${answer.found})` : ''} · ${answer.files.length} file${answer.files.length === 1 ? '' : 's'} read`
              : busy ? 'Reading the configured log sources…' : ''}
          </Typography>
        </Box>
        <Box sx={{ flexGrow: 1 }} />
        {open && (
          <>
            <TextField
              select
              size="small"
              label="Days"
              value={days}
              onChange={(e) => {
                const d = Number(e.target.value);
                setDays(d);
                setPath('');
                incoming.load(d, '');
              }}
              sx={{ width: 130 }}
            >
              <MenuItem value={1}>Today</MenuItem>
              <MenuItem value={3}>Last 3 days</MenuItem>
              <MenuItem value={7}>Last 7 days</MenuItem>
              <MenuItem value={31}>Last 31 days</MenuItem>
            </TextField>
            <TextField size="small" label="Or one log file" value={path} onChange={(e) => setPath(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && incoming.load(days, path)} sx={{ width: 280 }} />
            <Button size="small" variant="outlined" disabled={busy} onClick={() => incoming.load(days, path)}>
              Refresh
            </Button>
          </>
        )}
        <Button size="small" onClick={() => setOpen(!open)}>{open ? 'Hide' : 'Show'}</Button>
      </Stack>
      {busy && <LinearProgress sx={{ mt: 1 }} />}
      {open && error && <Alert severity="error" sx={{ mt: 1 }} onClose={incoming.dismissError}>{error}</Alert>}
      {open && answer && plans.length === 0 && !error && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          No “Request Object ::” entries in {scope} of the configured log sources (Settings &gt; Logs). Paste a document below instead.
        </Typography>
      )}
      {open && plans.length > 0 && (
        <Box sx={{ maxHeight: 300, overflow: 'auto', mt: 1 }}>
          <Table size="small" stickyHeader aria-label="Incoming plans list">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                <TableCell>Who</TableCell>
                <TableCell>Operation</TableCell>
                <TableCell>Rule's decision</TableCell>
                <TableCell>The log shows</TableCell>
                <TableCell>File</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {plans.map((p) => (
                <IncomingRow
                  key={p.id}
                  p={p}
                  selected={selected === p.id}
                  onOpen={() => {
                    setSelected(p.id);
                    onOpen(p);
                  }}
                />
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Paper>
  );
}
