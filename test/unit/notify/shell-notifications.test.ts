/** The desktop notifier against a stand-in electron module: shown, and a click focuses the window and opens the entry. */
import { describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => ({ shown: [] as Array<{ opts: unknown; handlers: Map<string, () => void> }>, focused: 0, restored: 0 }));

vi.mock('electron', () => {
  class Notification {
    static isSupported() {
      return true;
    }
    private readonly handlers = new Map<string, () => void>();
    constructor(readonly opts: unknown) {}
    on(name: string, fn: () => void) {
      this.handlers.set(name, fn);
    }
    show() {
      state.shown.push({ opts: this.opts, handlers: this.handlers });
    }
  }
  const win = { isMinimized: () => true, restore: () => state.restored++, show: () => undefined, focus: () => state.focused++ };
  return { Notification, BrowserWindow: { getAllWindows: () => [win] } };
});

import { desktopNotifier } from '../../../electron/shell/notifications';

describe('desktop notifications', () => {
  it('shows the alert and opens its entry on click', () => {
    const opened: string[] = [];
    desktopNotifier()(
      { id: 'a1', title: 'ConnectorAfterCreate failed for asilva', body: 'Cannot create mailbox', source: 'After-create', failures: 1, kind: 'log', link: { file: 'x.log', offset: 5, source: 'After-create' } },
      () => opened.push('a1'),
    );
    expect(state.shown).toHaveLength(1);
    expect(state.shown[0]!.opts).toEqual({ title: 'ConnectorAfterCreate failed for asilva', body: 'Cannot create mailbox' });
    state.shown[0]!.handlers.get('click')!();
    expect(opened).toEqual(['a1']);
    expect(state.restored).toBe(1);
    expect(state.focused).toBe(1);
  });
});
