/**
 * The desktop app's entry: builds the shared core, hardens Electron, binds IPC and opens the window.
 * The renderer is served from app:// (./protocol.ts); a .log file given on the command line, with
 * "Open with" or to a second launch opens in the log viewer (./open-files.ts).
 */
import { app, BrowserWindow, dialog, protocol, screen, session, shell } from 'electron';
import { join } from 'node:path';
import { createCore, type Core } from '../app/core';
import { bindIpc, TrustedSenders } from './ipc';
import { askWithDialog, externalOpener, installSecurity } from './security';
import { createMainWindow } from './window';
import { ElectronSecretStore } from './secrets';
import { resolvePaths } from '../core/paths';
import { createDiagnostics, type Diagnostics } from '../core/diagnostics';
import { desktopNotifier } from './notifications';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from './protocol';
import { clampToDisplays, loadWindowState, trackWindowState, windowStateFile } from './window-state';
import { logFileFromArgv, PendingLogOpens } from './open-files';
import { dialogAuthority } from './dialog-authority';

const rendererDir = join(__dirname, '..', 'renderer');
const preload = join(__dirname, 'preload.js');

let core: Core | null = null;
/** The diagnostics log the core carries (created first, so the secret store can write to it too). */
let diagnostics: Diagnostics | null = null;
/** Log files handed to the app, until the page listens. Set once the core exists. */
let logOpens: PendingLogOpens | null = null;
/** Files handed over before the core existed (a second launch during start-up). */
const early: string[] = [];

function openLog(path: string): void {
  diagnostics?.info('A log file was opened with the app', { path });
  if (logOpens) logOpens.open(path);
  else early.push(path);
}

function mainWindow(): BrowserWindow | null {
  return BrowserWindow.getAllWindows()[0] ?? null;
}

async function start(): Promise<void> {
  serveRenderer(protocol, rendererDir);
  const { dataDir } = resolvePaths();
  const log = (diagnostics = createDiagnostics(dataDir));
  installSecurity({
    app,
    session: session.defaultSession,
    openExternal: externalOpener({ openExternal: (url) => shell.openExternal(url), confirm: askWithDialog(dialog, mainWindow) }),
    log: (message, url) => log.warn(message, { url }),
  });
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
  // Paths (PowerShell, the sandbox file, log folders and files, CA files) are chosen in the native dialog only.
  core.services.authorities.set('ipc', dialogAuthority());
  // PowerShell and the Exchange session start while the window opens, so the first look-up finds them warm.
  core.services.exchange.warmUp();
  const c = core;
  logOpens = new PendingLogOpens(
    // The file was chosen by the user (Open with, the command line): the log guard allows it for this launch.
    (path) =>
      void c.services.logs.grantChosen(path).then((problem) => {
        if (problem) c.services.diagnostics.warn('A log file opened with the app cannot be read', { path, problem });
        c.services.events.emit('system.openLog', { path });
      }),
    () => c.services.events.listenerCount('system.openLog') > 0,
  );
  const trusted = new TrustedSenders();
  bindIpc(core, trusted, undefined, { onSubscribed: (name) => name === 'system.openLog' && logOpens?.flush() });
  // The alert rules run while the app is open: desktop notifications, and mail when SMTP is set.
  c.services.notify.watch({ desktop: desktopNotifier() }).catch((e: unknown) => c.services.diagnostics.error('The alert watcher did not start', e));
  const stateFile = windowStateFile(dataDir);
  const saved = await loadWindowState(stateFile, log);
  const open = () => {
    const win = createMainWindow(preload, APP_INDEX_URL, clampToDisplays(saved, screen.getAllDisplays()));
    trackWindowState(win, stateFile, log);
    trusted.add(win.webContents);
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  const atStart = logFileFromArgv(process.argv, { defaultApp: Boolean(process.defaultApp), cwd: process.cwd() });
  for (const path of [...(atStart ? [atStart] : []), ...early.splice(0)]) openLog(path);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before ready: app:// must be known as a standard, secure scheme when the first page loads.
  registerAppScheme(protocol);
  app.enableSandbox();
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const win = mainWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const file = logFileFromArgv(argv, { defaultApp: Boolean(process.defaultApp), cwd: workingDirectory });
    if (file) openLog(file);
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
