/**
 * A log file outside the configured sources' folders, allowed for this launch by the admin: on the desktop
 * chosen in the native dialog ("Choose file…"), in the browser the typed path confirmed on the hmc serve
 * terminal ("Ask to allow"). Once allowed it is opened like any other.
 */
import { Alert, Button } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { hmc } from '../client';

export function AllowFile({ path, onAllowed }: { path: string; onAllowed: (path: string) => void }) {
  const dialog = hmc.transport === 'ipc';
  const [waiting, setWaiting] = useState(false);
  const [outcome, setOutcome] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const ask = async () => {
    setWaiting(true);
    setOutcome(null);
    try {
      const r = await hmc.call('logs.allow', dialog ? {} : { proposed: path });
      if (!alive.current) return;
      if (r.path) onAllowed(r.path);
      else setOutcome({ kind: 'info', text: r.message });
    } catch (e) {
      if (alive.current) setOutcome({ kind: 'error', text: (e as Error).message });
    } finally {
      if (alive.current) setWaiting(false);
    }
  };
  return (
    <>
      <Button variant="outlined" disabled={waiting || (!dialog && !path)} onClick={() => void ask()}>
        {dialog ? 'Choose file…' : 'Ask to allow'}
      </Button>
      {waiting && !dialog && (
        <Alert severity="info" sx={{ flexBasis: '100%' }}>
          Waiting for confirmation on the hmc serve terminal: answer y there to allow {path} for this launch.
        </Alert>
      )}
      {outcome && (
        <Alert severity={outcome.kind} sx={{ flexBasis: '100%' }}>
          {outcome.text}
        </Alert>
      )}
    </>
  );
}
