/**
 * The Rules page's one hook: the rule settings, the generated rule for the chosen kind, reading a
 * script, and replays. It owns every call the page makes and drops answers that arrive after the page
 * went (or after a newer call of the same kind).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlanDocumentInput } from '../../shared/plans/schemas';
import type { RuleKind } from '../../shared/rules/decision';
import type { GeneratedRule, ReplayInput, ReplayReport, ScriptInspection } from '../../shared/rules/schemas';
import type { Settings } from '../../shared/settings/schema';
import { useNavigation } from '../app/navigation';
import { hmc } from '../client';

export interface DocSlot {
  text: string;
  /** A file opened or dropped: its bytes travel as base64 (UTF-16 safe). */
  file: { name: string; base64: string } | null;
}

export const EMPTY_SLOT: DocSlot = { text: '', file: null };

export function slotInput(s: DocSlot): PlanDocumentInput | undefined {
  if (s.file) return { base64: s.file.base64, name: s.file.name };
  return s.text.trim() ? { text: s.text } : undefined;
}

export function useRules() {
  const nav = useNavigation();
  const alive = useRef(true);
  const seq = useRef({ generate: 0, replay: 0 });
  const [settings, setSettings] = useState<Settings | null>(null);
  const [kind, setKind] = useState<RuleKind>('after-create');
  const [generated, setGenerated] = useState<GeneratedRule | null>(null);
  const [generateError, setGenerateError] = useState<string | null>(null);
  const [report, setReport] = useState<ReplayReport | null>(null);
  const [replaying, setReplaying] = useState(false);
  const [replayError, setReplayError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // A request handed over by another page (a logged request) prefills the replay form once.
  const [handover] = useState(() => nav.takeHandover());

  useEffect(() => {
    alive.current = true;
    void hmc.call('settings.get', {}).then(
      (s) => alive.current && setSettings(s),
      (e: unknown) => alive.current && setGenerateError((e as Error).message),
    );
    return () => {
      alive.current = false;
    };
  }, []);

  const generate = useCallback(async (k: RuleKind) => {
    const mine = ++seq.current.generate;
    setGenerateError(null);
    try {
      const g = await hmc.call('rule.generate', { kind: k });
      if (alive.current && mine === seq.current.generate) setGenerated(g);
    } catch (e) {
      if (alive.current && mine === seq.current.generate) {
        setGenerated(null);
        setGenerateError((e as Error).message);
      }
    }
  }, []);

  useEffect(() => {
    if (settings) void generate(kind);
  }, [kind, settings, generate]);

  const saveRuleSettings = useCallback(async (rules: Settings['rules']) => {
    if (!settings) return;
    setSaved(null);
    try {
      const next = await hmc.call('settings.update', { ...settings, rules });
      if (!alive.current) return;
      setSettings(next);
      setSaved('Rule settings saved; the rule below is generated from them.');
    } catch (e) {
      if (alive.current) setSaved((e as Error).message);
    }
  }, [settings]);

  const inspectScript = useCallback((script: PlanDocumentInput): Promise<ScriptInspection> => hmc.call('rule.inspectScript', { script }), []);

  const replay = useCallback(async (input: ReplayInput) => {
    const mine = ++seq.current.replay;
    setReplaying(true);
    setReplayError(null);
    try {
      const r = await hmc.call('rule.replay', input);
      if (alive.current && mine === seq.current.replay) setReport(r);
    } catch (e) {
      if (alive.current && mine === seq.current.replay) setReplayError((e as Error).message);
    } finally {
      if (alive.current && mine === seq.current.replay) setReplaying(false);
    }
  }, []);

  const openLog = useCallback((path: string) => nav.navigate('logs', { logPath: path, origin: 'a rule replay' }), [nav]);

  return {
    settings,
    kind,
    setKind,
    generated,
    generateError,
    saveRuleSettings,
    saved,
    inspectScript,
    replay,
    replaying,
    replayError,
    report,
    openLog,
    handover,
  };
}

export type RulesState = ReturnType<typeof useRules>;
