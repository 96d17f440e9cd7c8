/**
 * A stand-in for the electron module (the binary cannot be installed here), for the tests of
 * electron/shell/. Each test file mocks electron with it:
 *   vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);
 * and reads what the shell did from `state`.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export const state = {
  windows: [] as Array<{ options: unknown }>,
  exposed: {} as Record<string, unknown>,
  invoked: [] as unknown[][],
  sent: [] as unknown[][],
  rendererListeners: new Map<string, (...a: unknown[]) => void>(),
  handles: new Map<string, (...a: unknown[]) => unknown>(),
  ons: new Map<string, (...a: unknown[]) => unknown>(),
  permissionHandler: null as null | ((...a: unknown[]) => void),
  permissionCheck: null as null | ((...a: unknown[]) => boolean),
  headersHook: null as null | ((details: unknown, cb: (r: unknown) => void) => void),
  appListeners: new Map<string, (...a: unknown[]) => void>(),
  /** What the next native dialog answers (null: the admin cancels), and the options each dialog was opened with. */
  dialogAnswer: null as string | null,
  dialogs: [] as Array<{ kind: 'open' | 'save'; options: unknown }>,
};

class BrowserWindow {
  webContents = { id: 1 };
  constructor(options: unknown) {
    state.windows.push({ options });
  }
  once() {}
  loadFile() {
    return Promise.resolve();
  }
  show() {}
  static getFocusedWindow() {
    return null;
  }
  static getAllWindows() {
    return [];
  }
}

export const electron = {
  BrowserWindow,
  app: { on: (name: string, fn: (...a: unknown[]) => void) => state.appListeners.set(name, fn) },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  dialog: {
    showOpenDialog: (...a: unknown[]) => {
      state.dialogs.push({ kind: 'open', options: a[a.length - 1] });
      return Promise.resolve(state.dialogAnswer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [state.dialogAnswer] });
    },
    showSaveDialog: (...a: unknown[]) => {
      state.dialogs.push({ kind: 'save', options: a[a.length - 1] });
      return Promise.resolve(state.dialogAnswer === null ? { canceled: true } : { canceled: false, filePath: state.dialogAnswer });
    },
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (state.permissionHandler = fn),
      setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (state.permissionCheck = fn),
      webRequest: { onHeadersReceived: (fn: (d: unknown, cb: (r: unknown) => void) => void) => (state.headersHook = fn) },
    },
  },
  ipcMain: {
    handle: (ch: string, fn: (...a: unknown[]) => unknown) => state.handles.set(ch, fn),
    on: (ch: string, fn: (...a: unknown[]) => unknown) => state.ons.set(ch, fn),
    removeHandler: (ch: string) => state.handles.delete(ch),
    removeAllListeners: (ch: string) => state.ons.delete(ch),
  },
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (state.exposed[key] = api) },
  ipcRenderer: {
    invoke: (...a: unknown[]) => {
      state.invoked.push(a);
      return Promise.resolve({ ok: true, value: 'pong' });
    },
    send: (...a: unknown[]) => state.sent.push(a),
    on: (ch: string, fn: (...a: unknown[]) => void) => state.rendererListeners.set(ch, fn),
  },
};

/** A web contents: events, the window-open handler, and what was sent to it. */
export class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  sentMessages: unknown[][] = [];
  constructor(readonly id: number) {
    super();
  }
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(...a: unknown[]) {
    this.sentMessages.push(a);
  }
}
