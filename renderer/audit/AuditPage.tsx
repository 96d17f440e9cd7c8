/**
 * The audit trail: every change made through any door, its start and its end paired by id,
 * newest first. Read-only; the file itself is append-only JSON lines.
 */
import {
  Alert,
  Box,
  Button,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditRecord } from '../../shared/audit/schemas';
import { hmc } from '../client';

export interface AuditRow {
  id: string;
  start: AuditRecord | null;
  end: AuditRecord | null;
}

/** Pairs start and end records by id, keeping the newest-first order of the starts. */
export function pairRecords(records: AuditRecord[]): AuditRow[] {
  const rows = new Map<string, AuditRow>();
  for (const r of records) {
    const row = rows.get(r.id) ?? { id: r.id, start: null, end: null };
    if (r.phase === 'start') row.start = r;
    else row.end = r;
    rows.set(r.id, row);
  }
  return [...rows.values()];
}

const OUTCOME_COLOUR = {
  ok: 'success',
  applied: 'success',
  error: 'error',
  'not-applied': 'warning',
  unknown: 'warning',
} as const;

/** The recipient a change was about, as the admin gave it (the command may name its GUID). */
export function targetOf(row: AuditRow): string {
  const input = row.start?.input;
  if (input && typeof input === 'object') {
    const i = input as Record<string, unknown>;
    for (const k of ['identity', 'sam', 'samAccountName']) if (typeof i[k] === 'string') return i[k] as string;
  }
  return '';
}

function duration(row: AuditRow): string {
  if (!row.start || !row.end) return '';
  const ms = Date.parse(row.end.time) - Date.parse(row.start.time);
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : '';
}

export default function AuditPage() {
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [file, setFile] = useState('');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    hmc.call('audit.list', { limit: 1000 }).then(
      (r) => {
        setRecords(r.records);
        setFile(r.file);
        setError(null);
      },
      (e: unknown) => setError((e as Error).message),
    );
  }, []);
  useEffect(load, [load]);

  const rows = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return pairRecords(records).filter(
      (row) => !needle || JSON.stringify([row.start?.op, row.start?.command, row.start?.input, row.end?.error]).toLowerCase().includes(needle),
    );
  }, [records, filter]);

  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Audit
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Every change made through the console (desktop, web host or CLI), recorded before it is sent and again when it
        ends. {file && `File: ${file}`}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ my: 2 }}>
        <TextField size="small" label="Filter (user, operation, error…)" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <Button variant="outlined" onClick={load}>
          Refresh
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
      {!error && rows.length === 0 && <Alert severity="info">No changes recorded yet.</Alert>}
      {rows.length > 0 && (
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
                    ) : (
                      <Chip size="small" label="no end record" color="warning" variant="outlined" />
                    )}
                    {row.end?.error && (
                      <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
                        {row.end.error.code}: {row.end.error.message}
                      </Typography>
                    )}
                  </TableCell>
                  <TableCell>{duration(row)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
