/** The window's remembered size and position: clamped to the displays there now, kept in the data folder. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { clampToDisplays, loadWindowState, trackWindowState, windowStateFile, type WindowState } from '../../../electron/shell/window-state';

/** screen.getAllDisplays() shapes: a 1920x1080 primary with a taskbar, a second monitor on its right. */
const primary = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const right = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const laptop = { workArea: { x: 0, y: 0, width: 1366, height: 728 } };

const at = (x: number, y: number, width = 1200, height = 800, maximized = false): WindowState => ({ x, y, width, height, maximized });

describe('window state clamp', () => {
  it('keeps a position that is on a display', () => {
    expect(clampToDisplays(at(100, 50), [primary, right])).toEqual(at(100, 50));
    expect(clampToDisplays(at(2000, 100), [primary, right])).toEqual(at(2000, 100));
  });

  it('drops the position when the monitor it was on is gone (Electron centres the window)', () => {
    expect(clampToDisplays(at(2000, 100), [primary])).toEqual({ width: 1200, height: 800, maximized: false });
    expect(clampToDisplays(at(-5000, -5000), [primary])).toEqual({ width: 1200, height: 800, maximized: false });
  });

  it('does not keep a window whose title bar is off-screen or barely on it', () => {
    // Only the bottom part would show: the title bar is above the screen.
    expect(clampToDisplays(at(100, -500), [primary])).not.toHaveProperty('x');
    // 20 px of the title bar at the right edge: not enough to grab.
    expect(clampToDisplays(at(1900, 100), [primary])).not.toHaveProperty('x');
  });

  it('pulls a partly visible window wholly onto its display and shrinks it to fit', () => {
    expect(clampToDisplays(at(1000, 500), [primary])).toEqual(at(720, 240));
    expect(clampToDisplays(at(10, 10, 2400, 1400), [laptop])).toEqual(at(0, 0, 1366, 728));
  });

  it('fits the size to the first display when there is no position, and defaults without a saved state', () => {
    expect(clampToDisplays({ width: 3000, height: 2000, maximized: true }, [laptop])).toEqual({ width: 1366, height: 728, maximized: true });
    expect(clampToDisplays(null, [primary])).toEqual({ width: 1400, height: 900, maximized: false });
    expect(clampToDisplays(null, [])).toEqual({ width: 1400, height: 900, maximized: false });
  });
});

describe('window state file', () => {
  it('is saved on close (normal bounds, maximised or not) and read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmc-window-'));
    const file = windowStateFile(dir);
    expect(await loadWindowState(file)).toBeNull();
    const win = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 10.4, y: 20, width: 1000, height: 700 }),
      isMaximized: () => true,
    });
    trackWindowState(win, file);
    win.emit('close');
    await new Promise((r) => setTimeout(r, 50));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(at(10, 20, 1000, 700, true));
    expect(await loadWindowState(file)).toEqual(at(10, 20, 1000, 700, true));
  });

  it('ignores a corrupt or invalid file, saying so in the diagnostics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hmc-window-'));
    const file = windowStateFile(dir);
    const warnings: string[] = [];
    const diagnostics = { warn: (m: string) => warnings.push(m) } as never;
    writeFileSync(file, '{not json');
    expect(await loadWindowState(file, diagnostics)).toBeNull();
    writeFileSync(file, JSON.stringify({ x: 1, y: 2, width: -5, height: 'big' }));
    expect(await loadWindowState(file, diagnostics)).toBeNull();
    expect(warnings).toHaveLength(2);
  });
});
