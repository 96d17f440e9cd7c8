/**
 * The Settings page's one hook: it loads the settings and where they are stored, saves them, and
 * signs in to remote Exchange with a password that goes to session.connect only (never into the
 * settings, logs or audit). Answers that arrive after the page has gone are dropped.
 */
import { useEffect, useRef, useState } from 'react';
import type { Settings } from '../../shared/settings/schema';
import { hmc } from '../client';

export type ExchangeSettings = Settings['exchange'];

export interface SettingsState {
  /** null until loaded. */
  settings: Settings | null;
  /** The settings file. */
  path: string;
  /** Set when the file was invalid: kept aside, defaults in use. */
  problem: string | null;
  message: { kind: 'success' | 'error'; text: string } | null;
  /** The hosts field as typed (the settings hold the parsed list). */
  hostsText: string;
  setHostsText(text: string): void;
  setExchange(patch: Partial<ExchangeSettings>): void;
  setPowerShellPath(path: string | null): void;
  save(): void;
  password: string;
  setPassword(password: string): void;
  remember: boolean;
  setRemember(remember: boolean): void;
  connect(): void;
  /** What the last sign-in came to. */
  session: string | null;
}

export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<SettingsState['message']>(null);
  const [hostsText, setHostsTextState] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [session, setSession] = useState<string | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    hmc.call('settings.get', {}).then(
      (s) => {
        if (!alive.current) return;
        setSettings(s);
        setHostsTextState(s.exchange.hosts.join(', '));
      },
      (e: unknown) => alive.current && setMessage({ kind: 'error', text: (e as Error).message }),
    );
    hmc.call('system.status', {}).then(
      (s) => {
        if (!alive.current) return;
        setPath(s.settings.path);
        setProblem(s.settings.problem);
      },
      (e: unknown) => alive.current && setMessage({ kind: 'error', text: (e as Error).message }),
    );
    return () => {
      alive.current = false;
    };
  }, []);

  const setExchange = (patch: Partial<ExchangeSettings>) =>
    setSettings((s) => (s ? { ...s, exchange: { ...s.exchange, ...patch } } : s));

  const connect = async () => {
    try {
      const r = await hmc.call('session.connect', { force: true, remember, ...(password ? { password } : {}) });
      if (alive.current) setSession(`Session ${r.state.state}${r.state.host ? ` on ${r.state.host}` : ''}${r.state.error ? `: ${r.state.error}` : ''}`);
    } catch (e) {
      if (alive.current) setSession((e as Error).message);
    } finally {
      if (alive.current) setPassword('');
    }
  };

  const save = async () => {
    if (!settings) return;
    try {
      const saved = await hmc.call('settings.update', settings);
      if (!alive.current) return;
      setSettings(saved);
      setProblem(null);
      setMessage({ kind: 'success', text: 'Settings saved.' });
    } catch (e) {
      if (alive.current) setMessage({ kind: 'error', text: (e as Error).message });
    }
  };

  return {
    settings,
    path,
    problem,
    message,
    hostsText,
    setHostsText: (text) => {
      setHostsTextState(text);
      setExchange({ hosts: text.split(',').map((h) => h.trim()).filter(Boolean) });
    },
    setExchange,
    setPowerShellPath: (p) => setSettings((s) => (s ? { ...s, powershell: { path: p } } : s)),
    save: () => void save(),
    password,
    setPassword,
    remember,
    setRemember,
    connect: () => void connect(),
    session,
  };
}
