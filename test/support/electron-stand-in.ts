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
  /** URLs the windows loaded (loadURL). */
  loaded: [] as string[],
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
  /** protocol.registerSchemesAsPrivileged calls, and the protocol.handle handlers by scheme. */
  privilegedSchemes: [] as unknown[],
  protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  /** dialog.showMessageBox calls ([window, options] or [options]) and the button the stand-in user clicks. */
  messageBoxes: [] as unknown[][],
  messageBoxResponse: 1,
  /** What the next native dialog answers (null: the admin cancels), and the options each dialog was opened with. */
  dialogAnswer: null as string | null,
  dialogs: [] as Array<{ kind: 'open' | 'save'; options: unknown }>,
};

class BrowserWindow {
  webContents = { id: 1 };
  static getAllWindows(): BrowserWindow[] {
    return [];
  }
  constructor(options: unknown) {
    state.windows.push({ options });
  }
  once() {}
  loadFile() {
    return Promise.resolve();
  }
  loadURL(url: string) {
    state.loaded.push(url);
    return Promise.resolve();
  }
  maximize() {}
  show() {}
  static getFocusedWindow() {
    return null;
  }
}

export const electron = {
  BrowserWindow,
  app: { on: (name: string, fn: (...a: unknown[]) => void) => state.appListeners.set(name, fn) },
  shell: { openExternal: vi.fn(() => Promise.resolve()) },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => state.privilegedSchemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response> | Response) => state.protocolHandlers.set(scheme, handler),
  },
  dialog: {
    // Electron's overloads: showMessageBox(window, options) and showMessageBox(options).
    showMessageBox: (...a: unknown[]) => {
      state.messageBoxes.push(a);
      return Promise.resolve({ response: state.messageBoxResponse, checkboxChecked: false });
    },
    showOpenDialog: (...a: unknown[]) => {
      state.dialogs.push({ kind: 'open', options: a[a.length - 1] });
      return Promise.resolve(state.dialogAnswer === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [state.dialogAnswer] });
    },
    showSaveDialog: (...a: unknown[]) => {
      state.dialogs.push({ kind: 'save', options: a[a.length - 1] });
      return Promise.resolve(state.dialogAnswer === null ? { canceled: true } : { canceled: false, filePath: state.dialogAnswer });
    },
  },
  screen: { getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] },
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

/** A frame as Electron's WebFrameMain describes it: process and routing ids, URL, parent. */
export class FakeFrame {
  constructor(
    readonly processId: number,
    readonly routingId: number,
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {}
  get top(): FakeFrame {
    return this.parent ? this.parent.top : this;
  }
}

/** A web contents: events, the window-open handler, its main frame, and what was sent to it. */
export class FakeContents extends EventEmitter {
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  sentMessages: unknown[][] = [];
  readonly mainFrame: FakeFrame;
  constructor(
    readonly id: number,
    url = 'app://hmc/index.html',
  ) {
    super();
    this.mainFrame = new FakeFrame(100 + id, 1, url);
  }
  /** A subframe of this contents' main frame (an iframe), showing `url`. */
  subframe(url: string): FakeFrame {
    return new FakeFrame(this.mainFrame.processId, 2, url, this.mainFrame);
  }
  /** The event an IPC message from `frame` (the main frame by default) arrives with. */
  ipcEvent(frame: FakeFrame | null = this.mainFrame): { sender: FakeContents; senderFrame: FakeFrame | null; processId: number; frameId: number } {
    return { sender: this, senderFrame: frame, processId: frame?.processId ?? 0, frameId: frame?.routingId ?? 0 };
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
