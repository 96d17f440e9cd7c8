/**
 * Changes whose process ended before they did (a console killed mid-change), as the next start read
 * them back: shown above every page until an admin acknowledges each. Reloaded every 15 s, so a
 * reconciliation another front door made shows up too.
 */
import { Alert, Button, Stack } from '@mui/material';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { AuditReconciled } from '../../shared/audit/schemas';
import { HmcError } from '../../shared/errors';
import { hmc } from '../client';

type Change = z.infer<typeof AuditReconciled>;

const STATE: Record<Change['outcome'], string> = { applied: 'applied', 'not-applied': 'not applied', unknown: 'unknown' };

export function ReconciledBanner() {
  const alive = useRef(true);
  const [changes, setChanges] = useState<Change[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    hmc.call('audit.reconciled', {}).then(
      (r) => {
        if (!alive.current) return;
        setChanges(r.changes);
        setError(null);
      },
      (e: unknown) => {
        if (alive.current) setError(e instanceof HmcError ? e.message : String(e));
      },
    );
  }, []);

  useEffect(() => {
    alive.current = true;
    load();
    const timer = setInterval(load, 15_000);
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [load]);

  const acknowledge = (id: string) => {
    hmc.call('audit.acknowledge', { id }).then(load, (e: unknown) => setError(e instanceof HmcError ? e.message : String(e)));
  };

  if (changes.length === 0 && !error) return null;
  return (
    <Stack data-testid="reconciled-banner" role="region" aria-label="Interrupted changes">
      {error && (
        <Alert severity="error" sx={{ borderRadius: 0, py: 0 }}>
          Interrupted changes could not be loaded: {error}
        </Alert>
      )}
      {changes.map((c) => (
        <Alert
          key={c.id}
          severity={c.outcome === 'applied' ? 'info' : 'warning'}
          sx={{ borderRadius: 0, py: 0 }}
          action={
            <Button color="inherit" size="small" onClick={() => acknowledge(c.id)}>
              Acknowledge
            </Button>
          }
        >
          Interrupted change ({new Date(c.started).toLocaleString()}): {c.command ?? c.op}
          {c.target ? ` on ${c.target}` : ''}. Read back: {STATE[c.outcome]}. {c.note}
        </Alert>
      ))}
    </Stack>
  );
}
