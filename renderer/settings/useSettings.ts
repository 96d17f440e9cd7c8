/**
 * The Settings page's one hook: it loads the settings and where they are stored, checks them as the admin
 * types (the schema and the cross-field rules of shared/settings/validate.ts, shown at their fields), saves
 * them, asks the door to choose a path setting (the page never sets one as text), and signs in to remote
 * Exchange with a password that goes to session.connect only (never into the settings, logs or audit).
 * Answers that arrive after the page has gone are dropped.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { OperationInput } from '../../shared/contract';
import { isHmcError } from '../../shared/errors';
import { Settings } from '../../shared/settings/schema';
import { validateSettings, type SettingsIssue } from '../../shared/settings/validate';
import { hmc } from '../client';

export type ExchangeSettings = Settings['exchange'];
export type LogSourceSettings = Settings['logs']['sources'][number];
export type ChoosePath = OperationInput<'settings.choosePath'>;

export interface PathMessage {
  /** The field it belongs to (PathField's id). */
  id: string;
  kind: 'success' | 'info' | 'error';
  text: string;
}

export interface SettingsState {
  /** null until loaded. */
  settings: Settings | null;
  /** The settings file. */
  path: string;
  /** Set when the file was invalid: kept aside, defaults in use. */
  problem: string | null;
  message: { kind: 'success' | 'error'; text: string } | null;
  /** What is wrong, per field: as typed (schema and cross-field rules) and as the core last answered. */
  issues: SettingsIssue[];
  /** The hosts field as typed (the settings hold the parsed list). */
  hostsText: string;
  setHostsText(text: string): void;
  setExchange(patch: Partial<ExchangeSettings>): void;
  setTheme(theme: Settings['ui']['theme']): void;
  setSource(index: number, patch: Partial<LogSourceSettings>): void;
  removeSource(index: number): void;
  removeCaFile(file: string): void;
  /** Desktop: a native dialog; browser: the proposed path is confirmed on the hmc serve terminal. */
  readonly chooser: 'dialog' | 'terminal';
  /** Asks for a path setting; `id` names the field that shows the outcome. */
  choosePath(id: string, input: ChoosePath): void;
  /** The field waiting for the dialog or the terminal, if any. */
  pending: string | null;
  pathMessage: PathMessage | null;
  save(): void;
  password: string;
  setPassword(password: string): void;
  remember: boolean;
  setRemember(remember: boolean): void;
  connect(): void;
  /** What the last sign-in came to. */
  session: string | null;
}

/** What is wrong with the settings as they stand on the page. */
function checkLocally(s: Settings): SettingsIssue[] {
  const parsed = Settings.safeParse(s);
  if (!parsed.success) return parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  return validateSettings(parsed.data);
}

function issuesOf(e: unknown): SettingsIssue[] {
  const details = isHmcError(e) ? (e.details as { issues?: SettingsIssue[] } | undefined) : undefined;
  return Array.isArray(details?.issues) ? details.issues : [];
}

export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [path, setPath] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<SettingsState['message']>(null);
  const [answered, setAnswered] = useState<SettingsIssue[]>([]);
  const [hostsText, setHostsTextState] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [session, setSession] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [pathMessage, setPathMessage] = useState<PathMessage | null>(null);
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

  const issues = useMemo(() => {
    const local = settings ? checkLocally(settings) : [];
    const seen = new Set(local.map((i) => `${i.path.join('.')}|${i.message}`));
    return [...local, ...answered.filter((i) => !seen.has(`${i.path.join('.')}|${i.message}`))];
  }, [settings, answered]);

  const edit = (fn: (s: Settings) => Settings) => {
    setAnswered([]);
    setSettings((s) => (s ? fn(s) : s));
  };
  const setExchange = (patch: Partial<ExchangeSettings>) => edit((s) => ({ ...s, exchange: { ...s.exchange, ...patch } }));
  const setSources = (fn: (list: LogSourceSettings[]) => LogSourceSettings[]) => edit((s) => ({ ...s, logs: { ...s.logs, sources: fn(s.logs.sources) } }));

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
      setAnswered([]);
      setProblem(null);
      setMessage({ kind: 'success', text: 'Settings saved.' });
    } catch (e) {
      if (!alive.current) return;
      setAnswered(issuesOf(e));
      setMessage({ kind: 'error', text: `Not saved: ${(e as Error).message}` });
    }
  };

  const choosePath = async (id: string, input: ChoosePath) => {
    setPending(id);
    setPathMessage(null);
    try {
      const r = await hmc.call('settings.choosePath', input);
      if (!alive.current) return;
      // Only the path settings come from the answer: other fields the admin is editing stay as typed.
      const chosen = r.settings;
      setSettings((s) =>
        s
          ? {
              ...s,
              powershell: { ...s.powershell, path: chosen.powershell.path },
              exchange: { ...s.exchange, sandboxDirectory: chosen.exchange.sandboxDirectory },
              logs: { ...s.logs, sources: chosen.logs.sources },
              connectivity: { ...s.connectivity, extraCaFiles: chosen.connectivity.extraCaFiles },
            }
          : s,
      );
      setPathMessage({ id, kind: r.chosen === null ? 'info' : 'success', text: r.message });
    } catch (e) {
      if (alive.current) setPathMessage({ id, kind: 'error', text: (e as Error).message });
    } finally {
      if (alive.current) setPending(null);
    }
  };

  return {
    settings,
    path,
    problem,
    message,
    issues,
    hostsText,
    setHostsText: (text) => {
      setHostsTextState(text);
      setExchange({ hosts: text.split(',').map((h) => h.trim()).filter(Boolean) });
    },
    setExchange,
    setTheme: (theme) => edit((s) => ({ ...s, ui: { ...s.ui, theme } })),
    setSource: (index, patch) => setSources((list) => list.map((src, i) => (i === index ? { ...src, ...patch } : src))),
    removeSource: (index) => setSources((list) => list.filter((_s, i) => i !== index)),
    removeCaFile: (file) => edit((s) => ({ ...s, connectivity: { ...s.connectivity, extraCaFiles: s.connectivity.extraCaFiles.filter((f) => f !== file) } })),
    chooser: hmc.transport === 'ipc' ? 'dialog' : 'terminal',
    choosePath: (id, input) => void choosePath(id, input),
    pending,
    pathMessage,
    save: () => void save(),
    password,
    setPassword,
    remember,
    setRemember,
    connect: () => void connect(),
    session,
  };
}
