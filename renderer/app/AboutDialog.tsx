import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableRow } from '@mui/material';
import { useState } from 'react';
import type { SystemStatus } from '../../shared/system/schemas';
import { hmc } from '../client';
import { downloadText } from '../connectivity/download';

type Copy = { state: 'idle' } | { state: 'working' } | { state: 'done'; message: string } | { state: 'failed'; message: string };

/**
 * Help > About: the version, the PowerShell found, the data folder and the diagnostics log, and the
 * redacted diagnostics report (system.diagnostics) to copy or save for a support ticket. Updates are
 * not downloaded automatically: IT departments deploy versions themselves.
 */
export function AboutDialog({ open, onClose, status }: { open: boolean; onClose: () => void; status: SystemStatus | null }) {
  const [copy, setCopy] = useState<Copy>({ state: 'idle' });

  async function report(then: 'copy' | 'save') {
    setCopy({ state: 'working' });
    try {
      const r = await hmc.call('system.diagnostics', {});
      if (then === 'save') {
        downloadText(r.fileName, 'text/plain', r.text);
        setCopy({ state: 'done', message: `Saved as ${r.fileName}. Secrets are redacted; read it before you attach it to a ticket.` });
        return;
      }
      try {
        await navigator.clipboard.writeText(r.text);
        setCopy({ state: 'done', message: 'The diagnostics report is on the clipboard. Secrets are redacted; read it before you paste it into a ticket.' });
      } catch {
        // The clipboard may be refused (no focus, a browser policy): the file download still works.
        downloadText(r.fileName, 'text/plain', r.text);
        setCopy({ state: 'done', message: `The clipboard was not available, so the report was saved as ${r.fileName} instead.` });
      }
    } catch (e) {
      setCopy({ state: 'failed', message: `The report could not be made: ${(e as Error).message}` });
    }
  }

  const ps = status?.powershell;
  const rows: Array<[string, string]> = status
    ? [
        ['Version', status.appVersion],
        ['Exchange mode', `${status.exchangeMode}${status.sandbox ? ' (sandbox: no real Exchange is touched)' : ''}`],
        ['PowerShell', ps?.found ? `${ps.edition} ${ps.version} at ${ps.path}` : `not found: ${ps && !ps.found ? ps.reason : ''}`],
        ['Data folder', status.dataDir],
        ['Settings file', status.settings.path],
        ['Diagnostics log', status.diagnosticsLog],
        ['Updates', 'Not downloaded automatically: your IT department deploys new versions.'],
      ]
    : [];

  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="about-title">
      <DialogTitle id="about-title">About Hybrid Mailbox Console</DialogTitle>
      <DialogContent>
        {!status && <Alert severity="info">The console's status is not known yet.</Alert>}
        <Table size="small" aria-label="About">
          <TableBody>
            {rows.map(([k, v]) => (
              <TableRow key={k}>
                <TableCell component="th" scope="row" sx={{ whiteSpace: 'nowrap', fontWeight: 600 }}>
                  {k}
                </TableCell>
                <TableCell sx={{ wordBreak: 'break-all' }} data-testid={`about-${k.toLowerCase().replace(/\s+/g, '-')}`}>
                  {v}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
        {copy.state === 'done' && (
          <Alert severity="success" sx={{ mt: 2 }} role="status">
            {copy.message}
          </Alert>
        )}
        {copy.state === 'failed' && (
          <Alert severity="error" sx={{ mt: 2 }}>
            {copy.message}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={() => void report('save')} disabled={copy.state === 'working'}>
          Save diagnostics…
        </Button>
        <Button onClick={() => void report('copy')} disabled={copy.state === 'working'} variant="contained">
          Copy diagnostics
        </Button>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
