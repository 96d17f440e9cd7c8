/** The one window factory, against the electron stand-in. */
import { describe, expect, it, vi } from 'vitest';
import { state } from '../../support/electron-stand-in';
import { createMainWindow, secureWebPreferences, windowOptions } from '../../../electron/shell/window';
import { APP_INDEX_URL } from '../../../electron/shell/protocol';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

describe('window factory', () => {
  it('uses secure web preferences and never weakens webSecurity', () => {
    const prefs = secureWebPreferences('/p/preload.js');
    expect(prefs).toMatchObject({
      preload: '/p/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
    });
    expect('webSecurity' in prefs).toBe(false);
    expect('allowRunningInsecureContent' in prefs).toBe(false);
    expect('experimentalFeatures' in prefs).toBe(false);
  });

  it('creates windows only through the factory options, loading the app page from app://', () => {
    state.windows.length = 0;
    state.loaded.length = 0;
    createMainWindow('/p/preload.js', APP_INDEX_URL);
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]!.options).toEqual(windowOptions('/p/preload.js'));
    expect(state.loaded).toEqual(['app://hmc/index.html']);
  });

  it('opens at the restored bounds', () => {
    state.windows.length = 0;
    createMainWindow('/p/preload.js', APP_INDEX_URL, { x: 40, y: 30, width: 1000, height: 700, maximized: false });
    expect(state.windows[0]!.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700, minWidth: 900, minHeight: 600 });
    state.windows.length = 0;
    createMainWindow('/p/preload.js', APP_INDEX_URL, { width: 1000, height: 700, maximized: false });
    expect(state.windows[0]!.options).not.toHaveProperty('x');
  });
});
