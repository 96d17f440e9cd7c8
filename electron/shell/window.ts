/**
 * The one window factory. Secure defaults live here and nowhere else.
 */
import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { clampToDisplays, MIN_SIZE, type WindowState } from './window-state';

export function secureWebPreferences(preloadPath: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    spellcheck: false,
    // webSecurity is deliberately not set: it stays at its secure default (true).
  };
}

export function windowOptions(preloadPath: string, bounds: WindowState = clampToDisplays(null, [])): BrowserWindowConstructorOptions {
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Hybrid Mailbox Console',
    show: false,
    backgroundColor: '#1e1e1e',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** The main window, showing `url` (the app page on app://) at the given bounds. */
export function createMainWindow(preloadPath: string, url: string, bounds?: WindowState): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath, bounds));
  win.once('ready-to-show', () => {
    if (bounds?.maximized) win.maximize();
    win.show();
  });
  void win.loadURL(url);
  return win;
}
