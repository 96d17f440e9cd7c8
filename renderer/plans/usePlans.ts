/**
 * The Plans page's one hook: it owns every call the page makes (plan.inspect, logs.incomingPlans),
 * what the admin has pasted or opened, and the hand-over from another page. An answer that comes
 * back after a newer call, or after the page has gone, is dropped.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { OperationOutput } from '../../shared/contract';
import type { IncomingPlan } from '../../shared/logs/schemas';
import type { PlanInspection } from '../../shared/plans/schemas';
import { useNavigation } from '../app/navigation';
import { hmc } from '../client';
import { fileToBase64 } from './files';
import { EMPTY_SLOT, NO_SLOTS, toInput, type Slot, type SlotState, type Slots } from './slots';

export type IncomingAnswer = OperationOutput<'logs.incomingPlans'>;

export interface IncomingState {
  answer: IncomingAnswer | null;
  error: string | null;
  busy: boolean;
  /** Today (1) or the last `days` days of the configured sources, or one file when `path` is given. */
  load(days: number, path: string): void;
  dismissError(): void;
}

export interface PlansState {
  slots: Slots;
  setSlot(slot: Slot, value: SlotState): void;
  /** An opened or dropped file: inspected at once when the document is there. */
  takeFile(slot: Slot, file: File): void;
  routingDomain: string;
  setRoutingDomain(domain: string): void;
  /** Whether the $env:Result, $env:Application and routing domain fields are shown. */
  showMore: boolean;
  revealMore(): void;
  inspect(): void;
  clear(): void;
  busy: boolean;
  error: string | null;
  result: PlanInspection | null;
  /** The logged plan the current result came from, when it was opened from the incoming list. */
  fromLog: IncomingPlan | null;
  openIncoming(p: IncomingPlan): void;
  /** Where the result is shown: an opened incoming plan scrolls it into sight. */
  resultsRef: RefObject<HTMLDivElement | null>;
  incoming: IncomingState;
}

/** The request/result pairs the rules logged (`logs.incomingPlans`), today's at first; also the Rules page's source of requests. */
export function useIncoming(): IncomingState {
  const [answer, setAnswer] = useState<IncomingAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);

  const load = useCallback(async (days: number, path: string) => {
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const file = path.trim();
      const r = await hmc.call('logs.incomingPlans', file ? { path: file, limit: 200 } : { days, limit: 200 });
      if (mine === seq.current) setAnswer(r);
    } catch (e) {
      if (mine === seq.current) setError((e as Error).message);
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  }, []);

  useEffect(() => {
    void load(1, '');
    const calls = seq;
    return () => {
      calls.current++;
    };
  }, [load]);

  return {
    answer,
    error,
    busy,
    load: (days, path) => void load(days, path),
    dismissError: () => setError(null),
  };
}

export function usePlans(): PlansState {
  const nav = useNavigation();
  const [slots, setSlots] = useState<Slots>(NO_SLOTS);
  const [routingDomain, setRoutingDomain] = useState('');
  const [showMore, setShowMore] = useState(false);
  const [result, setResult] = useState<PlanInspection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [fromLog, setFromLog] = useState<IncomingPlan | null>(null);
  const seq = useRef(0);
  const resultsRef = useRef<HTMLDivElement>(null);
  const scrollToResult = useRef(false);
  const incoming = useIncoming();

  const inspect = useCallback(async (s: Slots, domain: string) => {
    const document = toInput(s.document);
    if (!document) {
      setError('Paste, drop or open a document first.');
      return;
    }
    const mine = ++seq.current;
    setBusy(true);
    setError(null);
    try {
      const r = await hmc.call('plan.inspect', {
        document,
        result: toInput(s.result),
        application: toInput(s.application),
        routingDomain: domain.trim() || undefined,
        includeRaw: true,
      });
      if (mine === seq.current) setResult(r);
    } catch (e) {
      if (mine === seq.current) {
        setResult(null);
        setError((e as Error).message);
      }
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  }, []);

  // Answers that arrive after the page has gone are dropped.
  useEffect(() => {
    const calls = seq;
    return () => {
      calls.current++;
    };
  }, []);

  const openDocument = useCallback(
    (text: string, resultText: string | null) => {
      const next: Slots = { document: { text, file: null }, result: resultText ? { text: resultText, file: null } : EMPTY_SLOT, application: EMPTY_SLOT };
      setSlots(next);
      if (resultText) setShowMore(true);
      void inspect(next, '');
    },
    [inspect],
  );

  // An incoming plan was opened: bring its decoded view into sight once it is there.
  useEffect(() => {
    if (result && scrollToResult.current) {
      scrollToResult.current = false;
      resultsRef.current?.scrollIntoView({ block: 'start' });
    }
  }, [result]);

  // Arriving from another page (e.g. a log entry) with a document.
  useEffect(() => {
    const h = nav.takeHandover();
    if (h?.planText) {
      setFromLog(null);
      openDocument(h.planText, h.resultText ?? null);
    }
  }, [nav, openDocument]);

  const setSlot = (slot: Slot, value: SlotState) => {
    setSlots((prev) => ({ ...prev, [slot]: value }));
    setFromLog(null);
  };

  const takeFile = async (slot: Slot, file: File) => {
    try {
      const base64 = await fileToBase64(file);
      const next = { ...slots, [slot]: { text: '', file: { name: file.name, base64 } } };
      setSlots(next);
      if (slot === 'document' || next.document.text || next.document.file) void inspect(next, routingDomain);
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return {
    slots,
    setSlot,
    takeFile: (slot, file) => void takeFile(slot, file),
    routingDomain,
    setRoutingDomain,
    showMore,
    revealMore: () => setShowMore(true),
    inspect: () => void inspect(slots, routingDomain),
    clear: () => {
      setSlots(NO_SLOTS);
      setFromLog(null);
      setResult(null);
      setError(null);
    },
    busy,
    error,
    result,
    fromLog,
    openIncoming: (p) => {
      if (!p.requestXml) return;
      scrollToResult.current = true;
      setFromLog(p);
      openDocument(p.requestXml, p.resultXml);
    },
    resultsRef,
    incoming,
  };
}
