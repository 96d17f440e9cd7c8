/** The one window factory, against the electron stand-in. */
import { describe, expect, it, vi } from 'vitest';
import { state } from '../../support/electron-stand-in';
import { createMainWindow, secureWebPreferences, windowOptions } from '../../../electron/shell/window';

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

  it('creates windows only through the factory options', () => {
    state.windows.length = 0;
    createMainWindow('/p/preload.js', '/p/index.html');
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]!.options).toEqual(windowOptions('/p/preload.js'));
  });
});
