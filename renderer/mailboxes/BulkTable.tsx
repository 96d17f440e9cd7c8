/** The bulk fix's rows: identity, current state, what is planned (the exact command once previewed), and the result read back. */
import { Box, Button, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { Applicability } from '../../shared/exchange/changes';
import type { BulkAction } from '../../shared/exchange/bulk';
import { RecipientChips } from './RecipientCard';
import type { Row } from './useBulk';

const RUN_CHIP: Record<Row['run'], { label: string; color: 'default' | 'info' | 'success' | 'error' | 'warning' } | null> = {
  idle: null,
  running: { label: 'running…', color: 'info' },
  done: { label: 'done', color: 'success' },
  failed: { label: 'failed', color: 'error' },
  stopped: { label: 'not run (stopped)', color: 'warning' },
};

const PLANNED: Record<BulkAction, string> = { enable: 'Enable remote mailbox', hide: 'Hide from address lists' };

function Planned({ row, plan, action }: { row: Row; plan: Applicability | null; action: BulkAction | '' }) {
  if (plan === null) return null;
  if (plan.kind !== 'change') {
    return (
      <Typography variant="body2" color={plan.kind === 'cannot' ? 'error' : 'text.secondary'}>
        {plan.kind === 'nothing' ? 'Skip: ' : 'Cannot: '}
        {plan.note}
      </Typography>
    );
  }
  return row.command ? (
    <Typography variant="body2" sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }} data-testid="row-command">
      {row.command}
    </Typography>
  ) : (
    <Typography variant="body2">{action ? PLANNED[action] : ''}</Typography>
  );
}

function Result({ row }: { row: Row }) {
  const chip = RUN_CHIP[row.run];
  const after = row.result?.recipient;
  return (
    <>
      {chip ? <Chip size="small" color={chip.color} label={chip.label} sx={{ mb: 0.5 }} /> : null}
      {row.runError ? (
        <Typography variant="body2" color="error" sx={{ wordBreak: 'break-word' }}>
          {row.runError}
        </Typography>
      ) : null}
      {after ? (
        <Box>
          <RecipientChips r={after} compact />
          {after.RemoteRoutingAddress ? (
            <Typography variant="caption" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
              {after.RemoteRoutingAddress}
            </Typography>
          ) : null}
        </Box>
      ) : null}
    </>
  );
}

export function BulkTable({ rows, plans, action, onOpen }: { rows: Row[]; plans: Array<Applicability | null>; action: BulkAction | ''; onOpen: (identity: string) => void }) {
  return (
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
            return (
              <TableRow key={row.key} data-testid={`bulk-row-${i}`} data-identity={row.identity} data-plan={plan?.kind ?? 'pending'} data-run={row.run} sx={{ verticalAlign: 'top' }}>
                <TableCell>{i + 1}</TableCell>
                <TableCell sx={{ minWidth: 180, maxWidth: 260, wordBreak: 'break-word' }}>
                  <Typography variant="body2" sx={{ fontFamily: 'monospace' }}>
                    {row.identity}
                  </Typography>
                  {row.recipient ? (
                    <Button size="small" sx={{ p: 0, minWidth: 0, textTransform: 'none' }} onClick={() => onOpen(row.recipient?.Guid ?? row.identity)}>
                      {row.recipient.DisplayName ?? row.recipient.Name}
                    </Button>
                  ) : null}
                </TableCell>
                <TableCell>
                  {row.state === 'loading' ? (
                    <Typography variant="body2" color="text.secondary">
                      reading…
                    </Typography>
                  ) : null}
                  {row.state === 'error' ? <Chip size="small" color="error" variant="outlined" label={row.errorCode ?? 'ERROR'} /> : null}
                  {row.recipient ? <RecipientChips r={row.recipient} compact /> : null}
                </TableCell>
                <TableCell sx={{ maxWidth: 420 }}>
                  <Planned row={row} plan={plan} action={action} />
                  {row.warnings.map((w) => (
                    <Typography key={w} variant="caption" color="warning.main" sx={{ display: 'block' }}>
                      WARNING: {w}
                    </Typography>
                  ))}
                </TableCell>
                <TableCell sx={{ maxWidth: 360 }} data-testid="row-result">
                  <Result row={row} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
