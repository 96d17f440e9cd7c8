/**
 * Opens the entry behind an alert: a click on a desktop notification (the main process emits
 * `notify.open`) or on a browser notification, which this component shows in the web host when the
 * admin allowed them (the desktop app shows its own from the main process). Renders nothing.
 */
import { useEffect, useRef } from 'react';
import type { FailureLink, NotifyAlertEvent } from '../../shared/notify/schemas';
import { useNavigation, type Navigation } from '../app/navigation';
import { hmc } from '../client';

export function openAlert(nav: Navigation, kind: NotifyAlertEvent['kind'], link: FailureLink | null): void {
  if (kind === 'desk' || !link) nav.navigate('audit', { origin: 'alert notification' });
  else nav.navigate('logs', { logEntry: link, origin: 'alert notification' });
}

export function AlertNotifier() {
  const nav = useNavigation();
  const navRef = useRef(nav);
  useEffect(() => {
    navRef.current = nav;
  }, [nav]);
  useEffect(() => {
    const offOpen = hmc.subscribe('notify.open', (e) => openAlert(navRef.current, e.kind, e.link));
    if (hmc.transport !== 'http' || typeof Notification === 'undefined') return offOpen;
    const offAlert = hmc.subscribe('notify.alert', (a) => {
      if (Notification.permission !== 'granted') return;
      const n = new Notification(a.title, { body: a.body, tag: a.id });
      n.onclick = () => {
        window.focus();
        openAlert(navRef.current, a.kind, a.link);
        n.close();
      };
    });
    return () => {
      offOpen();
      offAlert();
    };
  }, []);
  return null;
}
