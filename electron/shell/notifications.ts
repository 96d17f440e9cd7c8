/**
 * Desktop notifications for the alert rules (Electron's Notification: the Windows action center,
 * macOS Notification Center, libnotify). Clicking one brings the window forward and asks the
 * renderer to open the entry (the notify service emits `notify.open`).
 */
import { BrowserWindow, Notification } from 'electron';
import type { DesktopNotifier } from '../services/notify/service';

export function desktopNotifier(): DesktopNotifier {
  // Kept until closed or clicked: a notification that is garbage-collected loses its click handler.
  const shown = new Set<Notification>();
  return (alert, open) => {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title: alert.title, body: alert.body });
    shown.add(n);
    n.on('click', () => {
      shown.delete(n);
      const win = BrowserWindow.getAllWindows()[0];
      if (win) {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      }
      open();
    });
    n.on('close', () => shown.delete(n));
    n.show();
  };
}
