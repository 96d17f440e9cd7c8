/**
 * The Mail and alerts section's one hook: the notify status, the outbox (refreshed on every
 * `notify.outbox` event), and the actions. Settings are saved by replacing only `notify` in the
 * settings read just before, so other pages' unsaved edits are never overwritten by this section.
 */
import { useCallback, useEffect, useState } from 'react';
import type { OperationOutput } from '../../shared/contract';
import type { AlertRule, NotifySettings } from '../../shared/notify/schemas';
import type { Settings } from '../../shared/settings/schema';
import { hmc } from '../client';

export type NotifyStatus = OperationOutput<'notify.status'>;
export type Outbox = OperationOutput<'notify.outbox'>;
export type TestResult = OperationOutput<'notify.test'>;
export type Preview = OperationOutput<'notify.preview'>;

export function useNotify() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [status, setStatus] = useState<NotifyStatus | null>(null);
  const [outbox, setOutbox] = useState<Outbox | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const [s, st, box] = await Promise.all([hmc.call('settings.get', {}), hmc.call('notify.status', {}), hmc.call('notify.outbox', { limit: 100 })]);
      setSettings(s);
      setStatus(st);
      setOutbox(box);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    void refresh();
    return hmc.subscribe('notify.outbox', () => void refresh());
  }, [refresh]);

  /** Saves these notify fields over the settings as they are now (the other notify fields and sections untouched). */
  const saveNotify = useCallback(
    async (patch: Partial<NotifySettings>) => {
      const current = await hmc.call('settings.get', {});
      const saved = await hmc.call('settings.update', { ...current, notify: { ...current.notify, ...patch } });
      setSettings(saved);
      await refresh();
      return saved;
    },
    [refresh],
  );

  return {
    settings,
    status,
    outbox,
    error,
    refresh,
    saveNotify,
    test: () => hmc.call('notify.test', {}),
    retry: async (id: string) => {
      await hmc.call('notify.retry', { id });
      await refresh();
    },
    discard: async (id: string) => {
      await hmc.call('notify.discard', { id });
      await refresh();
    },
    setPassword: async (password: string | null) => {
      const r = await hmc.call('notify.setPassword', { password });
      await refresh();
      return r;
    },
    preview: (rules: AlertRule[]) => hmc.call('notify.preview', { rules, hours: 24 }),
  };
}

export type NotifyApi = ReturnType<typeof useNotify>;
