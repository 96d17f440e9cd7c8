import { useCallback, useEffect, useState } from 'react';
import type { SystemStatus } from '../../shared/system/schemas';
import { hmc } from '../client';

export interface StatusState {
  status: SystemStatus | null;
  error: string | null;
  refresh(): void;
}

/** system.status, refreshed on demand and whenever the session state changes. */
export function useStatus(): StatusState {
  const [status, setStatus] = useState<SystemStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(() => {
    hmc.call('system.status', {}).then(
      (s) => {
        setStatus(s);
        setError(null);
      },
      (e: unknown) => setError((e as Error).message),
    );
  }, []);
  useEffect(() => {
    refresh();
    const off = hmc.subscribe('session.status', (session) => {
      setStatus((prev) => (prev ? { ...prev, session } : prev));
      // A session change may come with a settings change (mode, sandbox): re-read the whole status.
      refresh();
    });
    return off;
  }, [refresh]);
  return { status, error, refresh };
}
