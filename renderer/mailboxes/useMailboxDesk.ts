/**
 * The mailbox desk's state and calls: the session status (and its subscription), search and
 * look-up, the hand-over from another page, and the preview -> confirm -> read-back of a change.
 * Results that arrive after the page went are dropped; the subscription ends with it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChangeResult, Recipient, RecipientSummary, SessionState } from '../../shared/exchange/schemas';
import { useNavigation, type MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import type { BulkRequest } from './useBulk';
import { errorText, intendedChange, sendChange, type DeskChange } from './changes';

export interface Arrival {
  identity: string;
  intent: MailboxIntent | null;
  origin: string | null;
  /** Why the intended change does not apply, when it does not. */
  note: string | null;
  /** The intended change ran. */
  done?: boolean;
}

export interface Pending {
  change: DeskChange;
  preview: ChangeResult;
}

export function useMailboxDesk() {
  const nav = useNavigation();
  const alive = useRef(true);
  const [session, setSession] = useState<SessionState | null>(null);
  const [text, setText] = useState('');
  const [results, setResults] = useState<RecipientSummary[] | null>(null);
  const [recipient, setRecipient] = useState<Recipient | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [routing, setRouting] = useState('');
  const [primary, setPrimary] = useState('');
  const [newRouting, setNewRouting] = useState('');
  const [whatIfOnly, setWhatIfOnly] = useState(false);
  const [allowForeign, setAllowForeign] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const [last, setLast] = useState<ChangeResult | null>(null);
  const [arrival, setArrival] = useState<Arrival | null>(null);
  const [bulk, setBulk] = useState<(BulkRequest & { seq: number }) | null>(null);

  useEffect(() => {
    alive.current = true;
    hmc.call('session.status', {}).then(
      (s) => {
        if (alive.current) setSession(s);
      },
      (e: unknown) => {
        // The chip stays away until the next status event; the reason is shown meanwhile.
        if (alive.current) setError(`The session state could not be read: ${errorText(e)}`);
      },
    );
    const off = hmc.subscribe('session.status', setSession);
    return () => {
      alive.current = false;
      off();
    };
  }, []);

  /** Runs one desk action: busy while it runs, its failure shown; nothing is set once the page went. */
  const guard = useCallback(async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      if (alive.current) setError(errorText(e));
    } finally {
      if (alive.current) setBusy(false);
    }
  }, []);

  const search = () =>
    guard(async () => {
      setRecipient(null);
      setLast(null);
      const r = await hmc.call('recipient.search', { text, by: 'auto', limit: 50 });
      if (alive.current) setResults(r.results);
    });

  const lookUp = (identity: string) =>
    guard(async () => {
      setLast(null);
      const r = await hmc.call('mailbox.get', { identity });
      if (alive.current) setRecipient(r);
    });

  // Arriving from another page with identities (and maybe the intended action).
  useEffect(() => {
    const h = nav.takeHandover();
    const ids = (h?.identities ?? []).map((i) => i.trim()).filter(Boolean);
    if (!h || ids.length === 0) return;
    if (ids.length > 1) {
      setBulk({ identities: ids, intent: h.mailboxIntent, origin: h.origin, seq: Date.now() });
      return;
    }
    const identity = ids[0]!;
    const intent = h.mailboxIntent ?? null;
    const routingGiven = intent?.kind === 'enable' ? (intent.routingAddress ?? '') : '';
    setText(identity);
    setRouting(routingGiven);
    setArrival({ identity, intent, origin: h.origin ?? null, note: null });
    void guard(async () => {
      const r = await hmc.call('mailbox.get', { identity });
      if (!alive.current) return;
      setRecipient(r);
      if (!intent || !r.Guid) return;
      const planned = intendedChange(intent, r, routingGiven);
      if ('note' in planned) {
        setArrival((a) => (a ? { ...a, note: planned.note } : a));
        return;
      }
      // Pre-selected, previewed (what-if) and shown for confirmation: never run without the admin.
      const preview = await sendChange(r.Guid, planned.change, true);
      if (alive.current) setPending({ change: planned.change, preview });
    });
  }, [nav, guard]);

  const preview = (change: DeskChange) =>
    guard(async () => {
      if (!recipient?.Guid) return;
      const p = await sendChange(recipient.Guid, change, true);
      if (!alive.current) return;
      if (whatIfOnly) setLast(p);
      else setPending({ change, preview: p });
    });

  /** The hand-over's change previewed again (after a cancel), with the override as it is now. */
  const previewAgain = () => {
    if (!arrival?.intent || !recipient) return;
    const planned = intendedChange(arrival.intent, recipient, routing, allowForeign);
    if ('change' in planned) void preview(planned.change);
  };

  /** The confirmation closed: with the change's result when it ran there (it sends the change itself, with the checklist's expected state). */
  const finish = (r: ChangeResult | null) => {
    const change = pending?.change;
    setPending(null);
    if (!r || !change) return;
    setLast(r);
    if (r.recipient) setRecipient(r.recipient);
    // The handed-over action, once run, is done: say so instead of inviting another preview.
    setArrival((a) => (a?.intent && a.intent.kind === change.kind && !a.note ? { ...a, done: true } : a));
  };

  /** A recipient picked from a bulk row opens here. */
  const openFromBulk = (identity: string) => {
    setText(identity);
    setResults(null);
    void lookUp(identity);
  };

  return {
    session,
    search: { text, setText, run: search, lookUp, results },
    recipient,
    busy,
    error,
    forms: { routing, setRouting, primary, setPrimary, newRouting, setNewRouting, whatIfOnly, setWhatIfOnly, allowForeign, setAllowForeign },
    preview,
    previewAgain,
    pending,
    cancel: () => setPending(null),
    finish,
    last,
    arrival,
    dismissArrival: () => setArrival(null),
    bulk,
    openBulk: () => setBulk({ identities: [], seq: Date.now() }),
    closeBulk: () => setBulk(null),
    openFromBulk,
  };
}

export type MailboxDesk = ReturnType<typeof useMailboxDesk>;
