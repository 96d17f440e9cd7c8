/**
 * The audit trail: every change made through any door, found by user (sAMAccountName, UPN, GUID
 * or a display-name fragment), actor, operation, outcome and time range; a row opens its detail
 * (command, checklist, before/after, raw error); the changes found export as CSV (ISO times).
 * Times on the page are local with their zone. The state and calls are in useAudit.
 */
import { Alert, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import type { OutcomeClass } from '../../shared/audit/filter';
import { AuditDetail } from './AuditDetail';
import { AuditTable } from './AuditTable';
import { useAudit } from './useAudit';

export default function AuditPage() {
  const audit = useAudit();
  const f = audit.filters;
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Audit
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Every change made through the console (desktop, web host or CLI), recorded before it is sent and again when it
        ends. {audit.file && `File: ${audit.file}`}
      </Typography>
      <Stack direction="row" spacing={1} useFlexGap sx={{ my: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <TextField
          size="small"
          label="User: sAMAccountName, UPN, GUID or name"
          value={f.user}
          onChange={(e) => audit.setFilter('user', e.target.value)}
          sx={{ minWidth: 320 }}
          slotProps={{ htmlInput: { 'data-testid': 'audit-user' } }}
        />
        <TextField size="small" label="Actor" value={f.actor} onChange={(e) => audit.setFilter('actor', e.target.value)} />
        <TextField select size="small" label="Operation" value={f.op} onChange={(e) => audit.setFilter('op', e.target.value)} sx={{ minWidth: 200 }}>
          <MenuItem value="">Any</MenuItem>
          {audit.ops.map((o) => (
            <MenuItem key={o} value={o}>
              {o}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label="Outcome"
          value={f.outcome}
          onChange={(e) => audit.setFilter('outcome', e.target.value as OutcomeClass | '')}
          sx={{ minWidth: 140 }}
          slotProps={{ htmlInput: { 'data-testid': 'audit-outcome' } }}
        >
          <MenuItem value="">Any</MenuItem>
          <MenuItem value="ok">ok</MenuItem>
          <MenuItem value="failed">failed</MenuItem>
          <MenuItem value="unfinished">unfinished</MenuItem>
        </TextField>
        <TextField size="small" type="datetime-local" label="From (local time)" value={f.since} onChange={(e) => audit.setFilter('since', e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" type="datetime-local" label="To (local time)" value={f.until} onChange={(e) => audit.setFilter('until', e.target.value)} slotProps={{ inputLabel: { shrink: true } }} />
        <Button onClick={audit.clearFilters}>Clear</Button>
        <Button variant="outlined" onClick={audit.refresh}>
          Refresh
        </Button>
        <Button variant="outlined" onClick={audit.exportCsv} data-testid="audit-export">
          Export CSV
        </Button>
      </Stack>
      {audit.exported ? (
        <Alert severity="success" sx={{ mb: 1 }}>
          {audit.exported}
        </Alert>
      ) : null}
      {audit.error && <Alert severity="error">{audit.error}</Alert>}
      {!audit.error && audit.rows.length === 0 && <Alert severity="info">No change matches{f.user || f.actor || f.op || f.outcome || f.since || f.until ? ' these filters' : ' yet'}.</Alert>}
      <Stack direction={{ xs: 'column', lg: 'row' }} spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Box sx={{ flex: 1, minWidth: 0, overflowX: 'auto' }}>
          {audit.rows.length > 0 && <AuditTable rows={audit.rows} selected={audit.selected?.id ?? null} onSelect={audit.select} />}
        </Box>
        {audit.selected ? (
          <Box sx={{ flex: { lg: '0 0 480px' }, width: { xs: '100%', lg: 480 }, minWidth: 0 }}>
            <AuditDetail row={audit.selected} />
          </Box>
        ) : null}
      </Stack>
    </Box>
  );
}
