/**
 * Bulk fix on the mailbox desk: a list of identities (handed over, e.g. "users with failures today" from the
 * log viewer, or pasted), each one's current state (mailbox.get, a few at a time), the exact command per row
 * (what-if), ONE confirmation for the lot, then per-row execution in order with progress, each row's result
 * and the state read back from Exchange. Rows that need nothing, or cannot take the action, are skipped and say why.
 */
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
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
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HmcError } from '../../shared/errors';
import type { ChangeResult, Recipient } from '../../shared/exchange/schemas';
import type { MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import { MAX_BULK, bulkChange, parseIdentities, pool, type BulkAction } from '../../shared/exchange/bulk';
import { applicability, type Applicability } from '../../shared/exchange/changes';

export interface BulkRequest {
  identities: string[];
  intent?: MailboxIntent;
  origin?: string;
}

interface Row {
  key: number;
  identity: string;
  state: 'loading' | 'ready' | 'error';
  recipient: Recipient | null;
  error: string | null;
  errorCode: string | null;
  command: string | null;
  warnings: string[];
  previewError: string | null;
  run: 'idle' | 'running' | 'done' | 'failed' | 'stopped';
  result: ChangeResult | null;
  runError: string | null;
}

type Phase = 'idle' | 'checking' | 'previewing' | 'confirm' | 'running' | 'finished';

const READS_AT_ONCE = 4;
const ACTION_LABEL: Record<BulkAction, string> = {
  enable: 'Enable remote mailbox (routing address alias@tenant routing domain)',
  hide: 'Hide from address lists',
};

function errorText(e: unknown): string {
  return e instanceof HmcError ? `${e.code}: ${e.message}` : String(e);
}

function newRow(identity: string, key: number): Row {
  return { key, identity, state: 'loading', recipient: null, error: null, errorCode: null, command: null, warnings: [], previewError: null, run: 'idle', result: null, runError: null };
}

function planOf(row: Row, action: BulkAction | ''): Applicability | null {
  if (row.state === 'loading') return null;
  if (row.state === 'error') return { kind: 'cannot', note: row.error ?? 'Could not be read.' };
  if (!action || !row.recipient) return null;
  if (row.previewError) return { kind: 'cannot', note: row.previewError };
  return applicability(bulkChange(action), row.recipient);
}

async function runAction(action: BulkAction, identity: string, whatIf: boolean): Promise<ChangeResult> {
  return action === 'enable'
    ? hmc.call('mailbox.enableRemote', { identity, whatIf })
    : hmc.call('mailbox.setHidden', { identity, hidden: true, whatIf });
}

function StateChips({ r }: { r: Recipient }) {
  return (
    <Stack direction="row" sx={{ gap: 0.5, flexWrap: 'wrap' }}>
      <Chip size="small" label={r.RecipientTypeDetails ?? 'unknown type'} data-testid="row-type" />
      {r.HiddenFromAddressListsEnabled ? <Chip size="small" label="hidden" /> : null}
      {r.syncState === 'pending' ? <Chip size="small" color="warning" label="sync pending" /> : null}
    </Stack>
  );
}

const RUN_CHIP: Record<Row['run'], { label: string; color: 'default' | 'info' | 'success' | 'error' | 'warning' } | null> = {
  idle: null,
  running: { label: 'running…', color: 'info' },
  done: { label: 'done', color: 'success' },
  failed: { label: 'failed', color: 'error' },
  stopped: { label: 'not run (stopped)', color: 'warning' },
};

export function BulkPanel({
  request,
  sandbox,
  onClose,
  onOpen,
}: {
  request: BulkRequest;
  sandbox: boolean;
  onClose: () => void;
  onOpen: (identity: string) => void;
}) {
  const [text, setText] = useState(() => request.identities.join('\n'));
  const [action, setAction] = useState<BulkAction | ''>(request.intent?.kind ?? '');
  const [rows, setRows] = useState<Row[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [note, setNote] = useState<string | null>(null);
  const stopRef = useRef(false);
  const started = useRef(false);

  const update = useCallback((key: number, patch: Partial<Row>) => {
    setRows((prev) => prev.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  }, []);

  const check = useCallback(
    async (identities: string[]) => {
      const list = identities.slice(0, MAX_BULK);
      setNote(identities.length > MAX_BULK ? `Only the first ${MAX_BULK} of ${identities.length} identities are listed; fix the rest in a second round.` : null);
      const fresh = list.map(newRow);
      setRows(fresh);
      setPhase('checking');
      setProgress({ done: 0, total: fresh.length });
      let n = 0;
      await pool(fresh, READS_AT_ONCE, async (row) => {
        try {
          update(row.key, { state: 'ready', recipient: await hmc.call('mailbox.get', { identity: row.identity }) });
        } catch (e) {
          update(row.key, { state: 'error', error: e instanceof HmcError ? e.message : String(e), errorCode: e instanceof HmcError ? e.code : 'ERROR' });
        }
        setProgress({ done: ++n, total: fresh.length });
      });
      setPhase('idle');
    },
    [update],
  );

  // A hand-over with identities: check their state at once.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (request.identities.length) void check(request.identities);
  }, [request, check]);

  const plans = useMemo(() => rows.map((r) => planOf(r, action)), [rows, action]);
  // Rows already changed keep their "before" state on screen; they are not offered again.
  const toChange = rows.filter((r, i) => plans[i]?.kind === 'change' && r.run !== 'done');
  const busy = phase === 'checking' || phase === 'previewing' || phase === 'running';

  const chooseAction = (a: BulkAction) => {
    setAction(a);
    setRows((prev) => prev.map((r) => ({ ...r, command: null, warnings: [], previewError: null, run: 'idle', result: null, runError: null })));
    setPhase('idle');
  };

  const preview = async () => {
    if (!action) return;
    setPhase('previewing');
    const targets = toChange;
    setProgress({ done: 0, total: targets.length });
    let n = 0;
    await pool(targets, READS_AT_ONCE, async (row) => {
      try {
        const p = await runAction(action, row.recipient?.Guid ?? row.identity, true);
        update(row.key, { command: p.command.replace(/ -WhatIf$/, ''), warnings: p.warnings, previewError: null });
      } catch (e) {
        update(row.key, { command: null, previewError: errorText(e) });
      }
      setProgress({ done: ++n, total: targets.length });
    });
    setPhase('confirm');
  };

  const execute = async () => {
    if (!action) return;
    const targets = toChange.filter((r) => r.command);
    stopRef.current = false;
    setPhase('running');
    setProgress({ done: 0, total: targets.length });
    let n = 0;
    // One at a time, in list order: the Exchange session runs one command at a time anyway, and a stop
    // leaves a clear line between what ran and what did not.
    await pool(targets, 1, async (row) => {
      update(row.key, { run: 'running' });
      try {
        const r = await runAction(action, row.recipient?.Guid ?? row.identity, false);
        update(row.key, { run: 'done', result: r });
      } catch (e) {
        update(row.key, { run: 'failed', runError: errorText(e) });
      }
      setProgress({ done: ++n, total: targets.length });
    }, () => stopRef.current);
    if (stopRef.current) {
      const ran = new Set(targets.slice(0, n).map((r) => r.key));
      setRows((prev) => prev.map((r) => (targets.some((t) => t.key === r.key) && !ran.has(r.key) ? { ...r, run: 'stopped' } : r)));
    }
    setPhase('finished');
  };

  const done = rows.filter((r) => r.run === 'done').length;
  const failed = rows.filter((r) => r.run === 'failed').length;
  const commands = toChange.filter((r) => r.command);

  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }} data-testid="bulk-panel" aria-label="Bulk fix">
      <Stack direction="row" sx={{ alignItems: 'center', gap: 1, mb: 1 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          Bulk fix: {rows.length} identit{rows.length === 1 ? 'y' : 'ies'}
        </Typography>
        <Button size="small" onClick={onClose} disabled={phase === 'running'}>
          Close
        </Button>
      </Stack>
      {request.origin ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          From {request.origin}. Nothing changes until you confirm the commands.
        </Typography>
      ) : null}
      <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 1.5, mb: 1.5, alignItems: { md: 'flex-start' } }}>
        <TextField
          label="Identities, one per line (sAMAccountName, UPN, DN, GUID or DOMAIN\user)"
          multiline
          minRows={3}
          maxRows={8}
          value={text}
          onChange={(e) => setText(e.target.value)}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'bulk-input', spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
        />
        <Stack sx={{ gap: 1, minWidth: 300 }}>
          <Button variant="outlined" disabled={busy || !parseIdentities(text).length} onClick={() => void check(parseIdentities(text))}>
            Check state of the list
          </Button>
          <TextField
            select
            size="small"
            label="Action"
            value={action}
            onChange={(e) => chooseAction(e.target.value as BulkAction)}
            disabled={busy}
            slotProps={{ htmlInput: { 'data-testid': 'bulk-action' } }}
          >
            <MenuItem value="enable">{ACTION_LABEL.enable}</MenuItem>
            <MenuItem value="hide">{ACTION_LABEL.hide}</MenuItem>
          </TextField>
          <Button variant="contained" disabled={busy || !action || toChange.length === 0} onClick={() => void preview()}>
            Preview {toChange.length} command{toChange.length === 1 ? '' : 's'}…
          </Button>
        </Stack>
      </Stack>
      {note ? (
        <Alert severity="warning" sx={{ mb: 1 }}>
          {note}
        </Alert>
      ) : null}
      {busy ? (
        <Box sx={{ mb: 1 }} data-testid="bulk-progress">
          <Typography variant="caption">
            {phase === 'checking' ? 'Reading current state' : phase === 'previewing' ? 'Previewing (what-if)' : 'Running'}: {progress.done} / {progress.total}
          </Typography>
          <LinearProgress variant="determinate" value={progress.total ? (progress.done / progress.total) * 100 : 0} />
          {phase === 'running' ? (
            <Button size="small" color="warning" onClick={() => (stopRef.current = true)} sx={{ mt: 0.5 }}>
              Stop after the current one
            </Button>
          ) : null}
        </Box>
      ) : null}
      {phase === 'finished' ? (
        <Alert severity={failed ? 'warning' : 'success'} sx={{ mb: 1 }} data-testid="bulk-summary">
          {done} changed, {failed} failed{rows.some((r) => r.run === 'stopped') ? `, ${rows.filter((r) => r.run === 'stopped').length} not run (stopped)` : ''}; every changed row shows the state read back from Exchange.
        </Alert>
      ) : null}
      {rows.length > 0 ? (
        <Box sx={{ maxHeight: 460, overflow: 'auto' }}>
          <Table size="small" stickyHeader data-testid="bulk-table">
            <TableHead>
              <TableRow>
                <TableCell sx={{ width: 36 }}>#</TableCell>
                <TableCell>Identity</TableCell>
                <TableCell>Current state</TableCell>
                <TableCell>Planned</TableCell>
                <TableCell>Result (read back)</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((row, i) => {
                const plan = plans[i] ?? null;
                const chip = RUN_CHIP[row.run];
                const after = row.result?.recipient;
                return (
                  <TableRow key={row.key} data-testid={`bulk-row-${i}`} data-identity={row.identity} data-plan={plan?.kind ?? 'pending'} data-run={row.run} sx={{ verticalAlign: 'top' }}>
                    <TableCell>{i + 1}</TableCell>
                    <TableCell sx={{ minWidth: 180, maxWidth: 260, wordBreak: 'break-word' }}>
                      <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>{row.identity}</Typography>
                      {row.recipient ? (
                        <Button size="small" sx={{ p: 0, minWidth: 0, textTransform: 'none' }} onClick={() => onOpen(row.recipient?.Guid ?? row.identity)}>
                          {row.recipient.DisplayName ?? row.recipient.Name}
                        </Button>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {row.state === 'loading' ? <Typography variant="body2" color="text.secondary">reading…</Typography> : null}
                      {row.state === 'error' ? <Chip size="small" color="error" variant="outlined" label={row.errorCode ?? 'ERROR'} /> : null}
                      {row.recipient ? <StateChips r={row.recipient} /> : null}
                    </TableCell>
                    <TableCell sx={{ maxWidth: 420 }}>
                      {plan === null ? null : plan.kind === 'change' ? (
                        row.command ? (
                          <Typography variant="body2" sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }} data-testid="row-command">
                            {row.command}
                          </Typography>
                        ) : (
                          <Typography variant="body2">{action ? (action === 'enable' ? 'Enable remote mailbox' : 'Hide from address lists') : ''}</Typography>
                        )
                      ) : (
                        <Typography variant="body2" color={plan.kind === 'cannot' ? 'error' : 'text.secondary'}>
                          {plan.kind === 'nothing' ? 'Skip: ' : 'Cannot: '}
                          {'note' in plan ? plan.note : ''}
                        </Typography>
                      )}
                      {row.warnings.map((w) => (
                        <Typography key={w} variant="caption" color="warning.main" sx={{ display: 'block' }}>
                          WARNING: {w}
                        </Typography>
                      ))}
                    </TableCell>
                    <TableCell sx={{ maxWidth: 360 }} data-testid="row-result">
                      {chip ? <Chip size="small" color={chip.color} label={chip.label} sx={{ mb: 0.5 }} /> : null}
                      {row.runError ? (
                        <Typography variant="body2" color="error" sx={{ wordBreak: 'break-word' }}>
                          {row.runError}
                        </Typography>
                      ) : null}
                      {after ? (
                        <Box>
                          <StateChips r={after} />
                          {after.RemoteRoutingAddress ? (
                            <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                              {after.RemoteRoutingAddress}
                            </Typography>
                          ) : null}
                        </Box>
                      ) : null}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Paste identities and press “Check state of the list”, pick the action, preview the commands, then confirm once.
        </Typography>
      )}
      <Dialog open={phase === 'confirm'} onClose={() => setPhase('idle')} maxWidth="md" fullWidth>
        <DialogTitle>
          Run {commands.length} command{commands.length === 1 ? '' : 's'} against {sandbox ? 'the SANDBOX Exchange' : 'Exchange'}?
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 1 }}>
            These exact commands run one after the other; each row then shows its result and the state read back.
            {rows.length - commands.length > 0 ? ` ${rows.length - commands.length} row(s) are skipped (nothing to do, cannot, or the preview failed).` : ''}
          </Typography>
          <Box component="pre" data-testid="bulk-confirm-commands" sx={{ p: 1, m: 0, bgcolor: 'action.hover', whiteSpace: 'pre-wrap', wordBreak: 'break-all', maxHeight: 360, overflow: 'auto', fontSize: 12.5 }}>
            {commands.map((r) => r.command).join('\n')}
          </Box>
          {commands.length === 0 ? (
            <Alert severity="info" sx={{ mt: 1 }}>
              No command left to run: every preview failed or nothing needs changing.
            </Alert>
          ) : null}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setPhase('idle')}>Cancel</Button>
          <Button variant="contained" disabled={commands.length === 0} onClick={() => void execute()}>
            Run {commands.length} change{commands.length === 1 ? '' : 's'}
          </Button>
        </DialogActions>
      </Dialog>
    </Paper>
  );
}
