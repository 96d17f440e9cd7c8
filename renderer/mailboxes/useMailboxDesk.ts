/**
 * The mailbox desk's state and calls: the session status (and its subscription), the one look-up
 * box (an identity first, name search as the fallback), the recipient on screen, recent look-ups,
 * the hand-over from another page, and the preview -> confirm -> read-back of a change.
 * A look-up clears the card before it asks, and only the newest look-up's answer is shown; a
 * change (and its dialog) belongs to the recipient it was previewed for and is dropped once another
 * one is on screen. Results that arrive after the page went are dropped; subscriptions end with it.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { isHmcError } from '../../shared/errors';
import { routingPolicy } from '../../shared/exchange/routing';
import { expectedOf } from '../../shared/exchange/preflight';
import type { ChangeResult, Recipient, RecipientSummary, SessionState } from '../../shared/exchange/schemas';
import type { RoutingPolicy } from '../../shared/exchange/validate';
import { useNavigation, type MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import { usePolicy } from '../app/usePolicy';
import type { BulkRequest } from './useBulk';
import { errorText, intendedChange, sendChange, type DeskChange } from './changes';
import { loadRecent, saveRecent, withRecent, type RecentLookup } from './recent';

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
  /** The recipient the change was previewed for: the dialog shows only while it is on screen. */
  guid: string;
  change: DeskChange;
  preview: ChangeResult;
}

/** What the box did with the text: resolved it as an identity, or searched names. */
export interface Resolution {
  text: string;
  by: 'identity' | 'search';
  sentence: string;
}

/** A look-up whose identity matched nothing (or several): the box searches names instead. */
const FALL_BACK: ReadonlySet<string> = new Set(['RECIPIENT_NOT_FOUND', 'RECIPIENT_AMBIGUOUS', 'INVALID_INPUT']);

export function useMailboxDesk() {
  const nav = useNavigation();
  const alive = useRef(true);
  /** Counts look-ups: an answer is shown only while its look-up is the newest. */
  const seq = useRef(0);
  const [session, setSession] = useState<SessionState | null>(null);
  const [policy, setPolicy] = useState<RoutingPolicy | null>(null);
  const [text, setText] = useState('');
  const [results, setResults] = useState<RecipientSummary[] | null>(null);
  const [resolution, setResolution] = useState<Resolution | null>(null);
  const [recipient, setRecipient] = useState<Recipient | null>(null);
  const [recent, setRecent] = useState<RecentLookup[]>(() => loadRecent());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [last, setLast] = useState<ChangeResult | null>(null);
  const [arrival, setArrival] = useState<Arrival | null>(null);
  const [prefill, setPrefill] = useState<{ guid: string; routing: string } | null>(null);
  const [bulk, setBulk] = useState<(BulkRequest & { seq: number }) | null>(null);

  useEffect(() => {
    alive.current = true;
    const readState = () => {
      hmc.call('session.status', {}).then(
        (s) => {
          if (alive.current) setSession(s);
        },
        (e: unknown) => {
          // The chip stays away until the next status event; the reason is shown meanwhile.
          if (alive.current) setError(`The session state could not be read: ${errorText(e)}`);
        },
      );
      hmc.call('settings.get', {}).then(
        (s) => {
          if (alive.current) setPolicy(routingPolicy(s.exchange));
        },
        // Without the settings the card cannot judge routing addresses; the service still refuses a wrong one.
        () => undefined,
      );
    };
    readState();
    const off = hmc.subscribe('session.status', (s) => {
      setSession(s);
      if (s.state !== 'connecting') readState();
    });
    // Back from a lost connection: the session may have changed meanwhile.
    const offConnection = hmc.onConnection((c) => {
      if (c === 'online') readState();
    });
    return () => {
      alive.current = false;
      off();
      offConnection();
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

  /** A new look-up starts: the card, its dialog and its last result go at once. */
  const begin = useCallback((): (() => boolean) => {
    const mine = ++seq.current;
    setRecipient(null);
    setPending(null);
    setLast(null);
    return () => alive.current && mine === seq.current;
  }, []);

  const show = useCallback((r: Recipient) => {
    // The answer's arrival, for the desk's figures (answer -> rendered card in `npm run bench`).
    performance.mark('hmc.desk.answer', { detail: { guid: r.Guid } });
    setRecipient(r);
    setRecent((list) => {
      const next = withRecent(list, r);
      saveRecent(next);
      return next;
    });
  }, []);

  /** Opens one identity (a result, a recent look-up, a bulk row); the result list stays for Back. */
  const open = useCallback(
    (identity: string) =>
      guard(async () => {
        const current = begin();
        const r = await hmc.call('mailbox.get', { identity });
        if (current()) show(r);
      }),
    [guard, begin, show],
  );

  const searchNames = (query: string, current: () => boolean, why: string) =>
    hmc.call('recipient.search', { text: query, by: 'auto', limit: 50 }).then((r) => {
      if (!current()) return;
      setResults(r.results);
      const found = r.results.length === 0 ? 'found nobody' : `found ${r.results.length}${r.truncated ? '+' : ''}: pick one below`;
      const what = r.by === 'address' ? 'address search' : 'name search';
      const head = why ? `${why}${what}` : `${what[0]!.toUpperCase()}${what.slice(1)}`;
      setResolution({ text: query, by: 'search', sentence: `${head} ${found}.` });
    });

  /** Enter in the box: the text as an identity first (what a ticket holds), else a name search. */
  const submit = () =>
    guard(async () => {
      const query = text.trim();
      if (!query) return;
      const current = begin();
      setResults(null);
      setResolution(null);
      try {
        const r = await hmc.call('mailbox.get', { identity: query });
        if (!current()) return;
        show(r);
        setResolution({ text: query, by: 'identity', sentence: `Resolved "${query}" as an identity.` });
      } catch (e) {
        if (!isHmcError(e) || !FALL_BACK.has(e.code) || !current()) throw e;
        const why = e.code === 'RECIPIENT_AMBIGUOUS' ? `"${query}" matches several recipients; ` : `No identity is "${query}"; `;
        try {
          await searchNames(query, current, why);
        } catch (se) {
          // Text a name search refuses (a DN, DOMAIN\user): the identity's own answer says more.
          if (isHmcError(se) && se.code === 'INVALID_INPUT') throw e;
          throw se;
        }
      }
    });

  /** The Search button: names only. */
  const search = () =>
    guard(async () => {
      const query = text.trim();
      if (!query) return;
      const current = begin();
      setResults(null);
      await searchNames(query, current, '');
    });

  /** Back from a result to the list it came from. */
  const backToResults = () => {
    begin();
    setError(null);
  };

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
    setArrival({ identity, intent, origin: h.origin ?? null, note: null });
    void guard(async () => {
      const current = begin();
      const r = await hmc.call('mailbox.get', { identity });
      if (!current()) return;
      if (r.Guid && routingGiven) setPrefill({ guid: r.Guid, routing: routingGiven });
      show(r);
      if (!intent || !r.Guid) return;
      const planned = intendedChange(intent, r, routingGiven);
      if ('note' in planned) {
        setArrival((a) => (a ? { ...a, note: planned.note } : a));
        return;
      }
      // Pre-selected, previewed (what-if) and shown for confirmation: never run without the admin.
      const preview = await sendChange(r.Guid, planned.change, true, expectedOf(r));
      if (current()) setPending({ guid: r.Guid, change: planned.change, preview });
    });
  }, [nav, guard, begin, show]);

  /** Previews a change for the recipient on screen; `whatIfOnly` shows the preview instead of the dialog. */
  const preview = (change: DeskChange, whatIfOnly: boolean) =>
    guard(async () => {
      const guid = recipient?.Guid;
      if (!recipient || !guid) return;
      const mine = seq.current;
      let p: ChangeResult;
      try {
        p = await sendChange(guid, change, true, expectedOf(recipient));
      } catch (e) {
        // Someone changed the recipient since the card was read: show it as it is now, with the refusal above it.
        const now = isHmcError(e) && e.code === 'STATE_CHANGED' ? (e.details as { recipient?: Recipient } | undefined)?.recipient : undefined;
        if (now?.Guid === guid && alive.current && mine === seq.current) setRecipient(now);
        throw e;
      }
      if (!alive.current || mine !== seq.current) return;
      if (whatIfOnly) setLast(p);
      else setPending({ guid, change, preview: p });
    });

  /** The hand-over's change previewed again (after a cancel), as it was handed over. */
  const previewAgain = () => {
    if (!arrival?.intent || !recipient) return;
    const routing = arrival.intent.kind === 'enable' ? (arrival.intent.routingAddress ?? '') : '';
    const planned = intendedChange(arrival.intent, recipient, routing);
    if ('change' in planned) void preview(planned.change, false);
  };

  /**
   * The confirmation closed: with the change's result when it ran there (the dialog sends the change
   * itself, with the checklist's expected state). A result for a recipient no longer on screen is dropped.
   */
  const finish = (r: ChangeResult | null) => {
    const p = pending;
    setPending(null);
    if (!r || !p || !alive.current || p.guid !== recipient?.Guid) return;
    setLast(r);
    if (r.recipient?.Guid === p.guid) setRecipient(r.recipient);
    // The handed-over action, once run, is done: say so instead of inviting another preview.
    setArrival((a) => (a?.intent && a.intent.kind === p.change.kind && !a.note ? { ...a, done: true } : a));
  };

  /** A recipient picked from a bulk row opens here. */
  const openFromBulk = (identity: string) => {
    setText(identity);
    setResults(null);
    setResolution(null);
    void open(identity);
  };

  const machinePolicy = usePolicy();
  return {
    session,
    policy,
    /** The machine policy (what it turns off), null until known. */
    machinePolicy,
    lookup: { text, setText, submit, search, open, results, resolution, recent, backToResults },
    recipient,
    busy,
    error,
    /** What a hand-over typed into the recipient's form (only for the recipient it named). */
    prefillFor: (guid: string | null) => (guid && prefill?.guid === guid ? prefill.routing : ''),
    preview,
    previewAgain,
    /** The dialog's change, only while its recipient is the one on screen. */
    pending: pending && recipient?.Guid === pending.guid ? pending : null,
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
