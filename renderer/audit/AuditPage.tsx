/**
 * The audit trail: every change made through any door, its start and its end paired by id,
 * newest first. Read-only; the file itself is append-only JSON lines. The state and call are in
 * useAudit; the pairing is shared/audit/records.ts.
 */
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import { AuditTable } from './AuditTable';
import { useAudit } from './useAudit';

export default function AuditPage() {
  const audit = useAudit();
  return (
    <Box sx={{ p: 3 }}>
      <Typography variant="h5" component="h2" gutterBottom>
        Audit
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        Every change made through the console (desktop, web host or CLI), recorded before it is sent and again when it
        ends. {audit.file && `File: ${audit.file}`}
      </Typography>
      <Stack direction="row" spacing={2} sx={{ my: 2 }}>
        <TextField size="small" label="Filter (user, operation, error…)" value={audit.filter} onChange={(e) => audit.setFilter(e.target.value)} />
        <Button variant="outlined" onClick={audit.refresh}>
          Refresh
        </Button>
      </Stack>
      {audit.error && <Alert severity="error">{audit.error}</Alert>}
      {!audit.error && audit.rows.length === 0 && <Alert severity="info">No changes recorded yet.</Alert>}
      {audit.rows.length > 0 && <AuditTable rows={audit.rows} />}
    </Box>
  );
}
