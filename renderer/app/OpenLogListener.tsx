/**
 * Opens a log file the user handed to the desktop app (Explorer's "Open with", a command line,
 * a second launch): the main process emits `system.openLog` and the log viewer opens the file.
 * Only the desktop shell emits it, so the web host's pages do not subscribe. Renders nothing.
 */
import { useEffect, useRef } from 'react';
import { useNavigation } from './navigation';
import { hmc } from '../client';

export function OpenLogListener() {
  const nav = useNavigation();
  const navRef = useRef(nav);
  useEffect(() => {
    navRef.current = nav;
  }, [nav]);
  useEffect(() => {
    if (hmc.transport !== 'ipc') return undefined;
    return hmc.subscribe('system.openLog', (e) => navRef.current.navigate('logs', { logPath: e.path, origin: 'opened with the app' }));
  }, []);
  return null;
}
