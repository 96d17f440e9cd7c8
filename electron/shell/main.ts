/**
 * The desktop app's entry: builds the shared core, hardens Electron, binds IPC and opens the window.
 */
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCore, type Core } from '../app/core';
import { bindIpc, TrustedSenders } from './ipc';
import { installSecurity } from './security';
import { createMainWindow } from './window';
import { ElectronSecretStore } from './secrets';
import { resolvePaths } from '../core/paths';
import { createDiagnostics, type Diagnostics } from '../core/diagnostics';
import { desktopNotifier } from './notifications';

const rendererIndex = join(__dirname, '..', 'renderer', 'index.html');
const preload = join(__dirname, 'preload.js');

let core: Core | null = null;
/** The diagnostics log the core carries (created first, so the secret store can write to it too). */
let diagnostics: Diagnostics | null = null;

async function start(): Promise<void> {
  installSecurity(pathToFileURL(rendererIndex).toString());
  const { dataDir } = resolvePaths();
  const log = (diagnostics = createDiagnostics(dataDir));
  // Passwords (Negotiate/Basic, SMTP) persist only through the OS keychain; without one
  // (or with Linux's basic_text fallback) the core keeps them in memory and says so.
  let secrets: ElectronSecretStore | undefined;
  let memoryOnly: string | null = null;
  try {
    secrets = new ElectronSecretStore(join(dataDir, 'secrets.json'), log);
  } catch (e) {
    memoryOnly = (e as Error).message;
  }
  core = await createCore({ diagnostics: log, ...(secrets ? { secrets } : {}) });
  if (memoryOnly) core.services.diagnostics.warn(`Passwords are kept in memory only: ${memoryOnly}`);
  // PowerShell and the Exchange session start while the window opens, so the first look-up finds them warm.
  core.services.exchange.warmUp();
  const trusted = new TrustedSenders();
  bindIpc(core, trusted);
  // The alert rules run while the app is open: desktop notifications, and mail when SMTP is set.
  const c = core;
  c.services.notify.watch({ desktop: desktopNotifier() }).catch((e: unknown) => c.services.diagnostics.error('The alert watcher did not start', e));
  const open = () => trusted.add(createMainWindow(preload, rendererIndex).webContents);
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  app.on('second-instance', () => {
    const win = BrowserWindow.getAllWindows()[0];
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app
    .whenReady()
    .then(start)
    .catch(async (e: unknown) => {
      console.error(`Hybrid Mailbox Console failed to start: ${(e as Error).message}`);
      diagnostics?.error('The desktop app failed to start', e);
      await diagnostics?.flush();
      app.exit(1);
    });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    if (core) {
      event.preventDefault();
      const c = core;
      core = null;
      void c
        .dispose()
        .catch((e: unknown) => c.services.diagnostics.error('Shutting down the core failed', e))
        .finally(() => app.quit());
    }
  });
}
