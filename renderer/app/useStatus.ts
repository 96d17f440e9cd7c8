import { useCallback, useEffect, useRef, useState } from 'react';
import type { SystemStatus } from '../../shared/system/schemas';
import { hmc } from '../client';

export interface StatusState {
  status: SystemStatus | null;
  error: string | null;
  refresh(): void;
}

/**
 * system.status, refreshed on demand and whenever the session state changes. Only the newest
 * refresh's answer is shown: an older one can come back later (the first status waits for the
 * PowerShell to be found) and would otherwise put back what a settings save has just changed.
 */
export function useStatus(): StatusState {
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const refresh = useCallback(() => {
    const mine = ++seq.current;
    hmc.call('system.status', {}).then(
      (s) => {
        if (mine !== seq.current) return;
        setStatus(s);
        setError(null);
      },
      (e: unknown) => {
        if (mine === seq.current) setError((e as Error).message);
      },
    );
  }, []);
  useEffect(() => {
    refresh();
    const off = hmc.subscribe('session.status', (session) => {
      setStatus((prev) => (prev ? { ...prev, session } : prev));
      // A session change may come with a settings change (mode, sandbox): re-read the whole status.
      refresh();
    });
    // Back from a lost connection: what the status bar shows is stale, read it again.
    const offConnection = hmc.onConnection((c) => {
      if (c === 'online') refresh();
    });
    const calls = seq;
    return () => {
      off();
      offConnection();
      calls.current++;
    };
  }, [refresh]);
  return { status, error, refresh };
}
