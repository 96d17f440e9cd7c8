/**
 * The desktop window's size and position, kept in `window-state.json` in the data folder and
 * restored at the next start, clamped to a display that is still there (a laptop undocked from
 * its second monitor must not open the console off-screen). Pure parts take Electron's objects
 * (screen displays, the window) as parameters.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Diagnostics } from '../core/diagnostics';

export const DEFAULT_SIZE = { width: 1400, height: 900 };
export const MIN_SIZE = { width: 900, height: 600 };
/** How much of the title bar must lie on a display for a saved position to be kept. */
const VISIBLE = { width: 120, height: 40 };

const Rect = { x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() };
export const WindowState = z.object({
  ...Rect,
  x: Rect.x.optional(),
  y: Rect.y.optional(),
  maximized: z.boolean().default(false),
});
export type WindowState = z.output<typeof WindowState>;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const windowStateFile = (dataDir: string) => join(dataDir, 'window-state.json');

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The bounds to open with: the saved ones when their top strip is on a display's work area
 * (the size shrunk to fit that display), else the saved size fitted to the first display and
 * no position (Electron centres the window).
 */
export function clampToDisplays(saved: WindowState | null, displays: Array<{ workArea: Rectangle }>): WindowState {
  const size = { width: saved?.width ?? DEFAULT_SIZE.width, height: saved?.height ?? DEFAULT_SIZE.height };
  const maximized = saved?.maximized ?? false;
  const fit = (area: Rectangle) => ({
    width: Math.max(Math.min(size.width, area.width), Math.min(MIN_SIZE.width, area.width)),
    height: Math.max(Math.min(size.height, area.height), Math.min(MIN_SIZE.height, area.height)),
  });
  if (saved?.x !== undefined && saved.y !== undefined) {
    const titleBar = { x: saved.x, y: saved.y, width: size.width, height: VISIBLE.height };
    const home = displays.find((d) => {
      const o = overlap(titleBar, d.workArea);
      return o.width >= Math.min(VISIBLE.width, size.width) && o.height >= VISIBLE.height;
    });
    if (home) {
      const area = home.workArea;
      const { width, height } = fit(area);
      // Pull the window in so it lies wholly on that display.
      const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width);
      const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height);
      return { x, y, width, height, maximized };
    }
  }
  const first = displays[0]?.workArea;
  return { ...(first ? fit(first) : size), maximized };
}

/** The saved state, or null when there is none; a corrupt file is logged and ignored (the next close replaces it). */
export async function loadWindowState(file: string, diagnostics?: Diagnostics): Promise<WindowState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') diagnostics?.warn('The saved window position could not be read; the window opens at its default size', { file, error: (e as Error).message });
    return null;
  }
  try {
    const parsed = WindowState.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    diagnostics?.warn('The saved window position is not valid; the window opens at its default size', { file, problem: parsed.error.issues[0]?.message });
  } catch (e) {
    diagnostics?.warn('The saved window position is not valid JSON; the window opens at its default size', { file, error: (e as Error).message });
  }
  return null;
}

export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(state));
  await rename(tmp, file);
}

/** What a window tells about its bounds (BrowserWindow's own method names). */
export interface TrackedWindow {
  getNormalBounds(): Rectangle;
  isMaximized(): boolean;
  on(event: 'close', listener: () => void): unknown;
}

/** Saves the window's normal (unmaximised) bounds and whether it was maximised when it closes. */
export function trackWindowState(win: TrackedWindow, file: string, diagnostics?: Diagnostics): void {
  win.on('close', () => {
    const b = win.getNormalBounds();
    const state: WindowState = { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height), maximized: win.isMaximized() };
    saveWindowState(file, state).catch((e: unknown) => diagnostics?.warn('The window position could not be saved', { file, error: (e as Error).message }));
  });
}
