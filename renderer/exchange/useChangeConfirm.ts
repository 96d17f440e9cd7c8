/**
 * The confirmation's state and calls: the preflight checklist for the change on screen (run when
 * the dialog opens), the change itself sent with the checklist's `expected` state (so a recipient
 * someone else changed meanwhile is refused with STATE_CHANGED), and its result.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { actionFor } from '../../shared/exchange/preflight';
import type { ChangeResult, PreflightOutput, Recipient } from '../../shared/exchange/schemas';
import { hmc } from '../client';
import { errorText, sendChange, type DeskChange } from '../mailboxes/changes';

export type ConfirmPhase = 'checking' | 'ready' | 'running' | 'done' | 'failed';

function preflightInput(identity: string, c: DeskChange) {
  const action = actionFor(c.kind === 'enable' ? { kind: 'enable' } : c);
  if (c.kind === 'enable') {
    const routing = c.routingAddress.trim();
    return { identity, action, allowForeignRoutingDomain: c.allowForeign, ...(routing ? { routingAddress: routing } : {}) };
  }
  return c.kind === 'routing' ? { identity, action, routingAddress: c.routingAddress.trim() } : { identity, action };
}

export function useChangeConfirm(change: DeskChange | null, recipient: Recipient | null) {
  const [phase, setPhase] = useState<ConfirmPhase>('checking');
  const [preflight, setPreflight] = useState<PreflightOutput | null>(null);
  const [result, setResult] = useState<ChangeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** Which opening of the dialog an answer belongs to: answers for an earlier one are dropped. */
  const seq = useRef(0);
  const guid = recipient?.Guid ?? null;

  useEffect(() => {
    const mine = ++seq.current;
    setPreflight(null);
    setResult(null);
    setError(null);
    setPhase('checking');
    if (!change || !guid) return;
    let live = true;
    hmc.call('mailbox.preflight', preflightInput(guid, change)).then(
      (p) => {
        if (!live || seq.current !== mine) return;
        setPreflight(p);
        setPhase('ready');
      },
      (e: unknown) => {
        if (!live || seq.current !== mine) return;
        setError(`The checklist could not be run: ${errorText(e)}`);
        setPhase('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [change, guid]);

  const run = useCallback(async () => {
    if (!change || !guid || !preflight || preflight.blocked) return;
    const mine = seq.current;
    setPhase('running');
    try {
      const r = await sendChange(guid, change, false, preflight.expected ?? undefined);
      if (seq.current !== mine) return;
      setResult(r);
      setPhase('done');
    } catch (e) {
      if (seq.current !== mine) return;
      setError(errorText(e));
      setPhase('failed');
    }
  }, [change, guid, preflight]);

  return { phase, preflight, result, error, run };
}
