/** Whether the console behind this page answers (the web host can stop; the desktop bridge cannot). */
import { useSyncExternalStore } from 'react';
import { hmc, type Connection } from '../client';

export function useConnection(): Connection {
  return useSyncExternalStore(
    (notify) => hmc.onConnection(notify),
    () => hmc.connection(),
  );
}
