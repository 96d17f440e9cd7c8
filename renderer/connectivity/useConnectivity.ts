/**
 * The Connectivity page's one hook: the check form, every call (connectivity.check, .history), the
 * run shown and the last runs, and the hand-over of hosts from another page (checked at once).
 * Answers that arrive after the page has gone are dropped.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CheckInput, CheckRun, HostResult } from '../../shared/connectivity/schemas';
import { useNavigation } from '../app/navigation';
import { hmc } from '../client';
import type { LatencyPoint } from './LatencyChart';
import { hostKey } from './status';

export interface CheckForm {
  hostsText: string;
  tlsPortText: string;
  timeoutText: string;
  smtp: boolean;
  iqservice: boolean;
  /** An Application document whose ExchHost list is checked instead of typed hosts. */
  app: { name: string; xml: string } | null;
}

export interface HostChart {
  host: string;
  role: HostResult['role'];
  points: LatencyPoint[];
}

export interface ConnectivityState {
  form: CheckForm;
  setForm(patch: Partial<CheckForm>): void;
  openApplication(file: File | undefined): void;
  runAll(): void;
  rerun(h: HostResult): void;
  /** The run shown: the latest, or one picked from the history. */
  run: CheckRun | null;
  showRun(run: CheckRun): void;
  history: CheckRun[];
  charts: HostChart[];
  running: boolean;
  /** Hosts being checked again on their own. */
  busy: Set<string>;
  error: string | null;
  dismissError(): void;
}

function numberOrUndefined(text: string): number | undefined {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

function bracket(name: string): string {
  return name.includes(':') ? `[${name}]` : name;
}

/** The input that checks exactly this one host again. */
function rerunInput(h: HostResult, timeoutMs: number | undefined): CheckInput {
  const t = h.target;
  const base: CheckInput = { hosts: [], ...(timeoutMs ? { timeoutMs } : {}) };
  if (h.role === 'smtp') return { ...base, smtp: t.port === null ? bracket(t.name) : `${bracket(t.name)}:${t.port}` };
  if (h.role === 'iqservice') return { ...base, iqservice: t.port === null ? true : `${bracket(t.name)}:${t.port}` };
  return { ...base, hosts: [{ host: t.name, ...(t.port ? { httpPort: t.port } : {}), ...(t.tlsPort ? { tlsPort: t.tlsPort } : {}) }] };
}

function formInput(form: CheckForm): CheckInput {
  const hosts = form.hostsText.split(/[\s,;]+/).map((h) => h.trim()).filter(Boolean);
  const tlsPort = numberOrUndefined(form.tlsPortText);
  const timeoutMs = numberOrUndefined(form.timeoutText);
  return {
    ...(hosts.length ? { hosts } : {}),
    ...(form.app ? { applicationXml: form.app.xml } : {}),
    ...(tlsPort ? { tlsPort } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(form.smtp ? { smtp: true as const } : {}),
    ...(form.iqservice ? { iqservice: true as const } : {}),
  };
}

export function useConnectivity(): ConnectivityState {
  const nav = useNavigation();
  // Hosts handed over by another page (e.g. the plan inspector's ExchHost list) are checked at once.
  const [handedHosts] = useState(() => nav.takeHandover()?.hosts ?? null);
  const [form, setFormState] = useState<CheckForm>(() => ({
    hostsText: handedHosts?.join(', ') ?? '',
    tlsPortText: '',
    timeoutText: '',
    smtp: false,
    iqservice: false,
    app: null,
  }));
  const [run, setRun] = useState<CheckRun | null>(null);
  const [history, setHistory] = useState<CheckRun[]>([]);
  const [running, setRunning] = useState(false);
  const [busy, setBusy] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const alive = useRef(true);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const loadHistory = useCallback(async () => {
    try {
      const h = await hmc.call('connectivity.history', {});
      if (alive.current) setHistory(h.runs);
      return h.runs;
    } catch (e) {
      if (alive.current) setError((e as Error).message);
      return [];
    }
  }, []);

  const check = useCallback(
    async (input: CheckInput) => {
      setError(null);
      setRunning(true);
      try {
        const fresh = await hmc.call('connectivity.check', input);
        if (!alive.current) return;
        setRun(fresh);
        await loadHistory();
      } catch (e) {
        if (alive.current) setError((e as Error).message);
      } finally {
        if (alive.current) setRunning(false);
      }
    },
    [loadHistory],
  );

  useEffect(() => {
    void loadHistory().then((runs) => {
      if (alive.current) setRun((current) => current ?? runs[0] ?? null);
    });
  }, [loadHistory]);

  const autoRan = useRef(false);
  useEffect(() => {
    if (handedHosts && handedHosts.length > 0 && !autoRan.current) {
      autoRan.current = true;
      void check({ hosts: handedHosts });
    }
  }, [handedHosts, check]);

  const rerun = async (h: HostResult) => {
    setError(null);
    setBusy((b) => new Set(b).add(h.host));
    try {
      const again = await hmc.call('connectivity.check', rerunInput(h, numberOrUndefined(form.timeoutText)));
      if (!alive.current) return;
      const fresh = again.hosts[0];
      if (fresh) {
        setRun((current) => (current ? { ...current, hosts: current.hosts.map((x) => (hostKey(x) === hostKey(h) ? fresh : x)) } : again));
      }
      await loadHistory();
    } catch (e) {
      if (alive.current) setError((e as Error).message);
    } finally {
      if (alive.current) {
        setBusy((b) => {
          const next = new Set(b);
          next.delete(h.host);
          return next;
        });
      }
    }
  };

  const openApplication = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 5_000_000) {
      setError('That file is larger than 5 MB; an Application document is much smaller. Pick the AD application XML.');
      return;
    }
    try {
      const xml = await file.text();
      setFormState((f) => ({ ...f, app: { name: file.name, xml } }));
    } catch (e) {
      setError(`${file.name} could not be read: ${(e as Error).message}`);
    }
  };

  const charts = useMemo(() => {
    if (!run) return [];
    const oldestFirst = [...history].reverse();
    return run.hosts.map((h) => {
      const key = hostKey(h);
      const points: LatencyPoint[] = oldestFirst.flatMap((r) =>
        r.hosts.filter((x) => hostKey(x) === key).map((x) => ({ at: r.startedAt, ms: x.durationMs, verdict: x.verdict })),
      );
      return { host: h.host, role: h.role, points };
    });
  }, [run, history]);

  return {
    form,
    setForm: (patch) => setFormState((f) => ({ ...f, ...patch })),
    openApplication: (file) => void openApplication(file),
    runAll: () => void check(formInput(form)),
    rerun: (h) => void rerun(h),
    run,
    showRun: setRun,
    history,
    charts,
    running,
    busy,
    error,
    dismissError: () => setError(null),
  };
}
