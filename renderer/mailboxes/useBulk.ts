/**
 * The bulk fix's state and calls: each row's current state (mailbox.get, a few at a time), the
 * exact command per row (what-if), ONE confirmation, then per-row execution in order with
 * progress and each row's result. Whether a row needs the action is the shared rule. When the
 * panel goes, no further row starts and late results are dropped.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { HmcError } from '../../shared/errors';
import { MAX_BULK, bulkChange, pool, type BulkAction } from '../../shared/exchange/bulk';
import { applicability, type Applicability } from '../../shared/exchange/changes';
import type { ChangeResult, Recipient } from '../../shared/exchange/schemas';
import type { MailboxIntent } from '../app/navigation';
import { hmc } from '../client';
import { errorText } from './changes';

export interface BulkRequest {
  identities: string[];
  intent?: MailboxIntent;
  origin?: string;
}

export interface Row {
  key: number;
  identity: string;
  state: 'loading' | 'ready' | 'error';
  recipient: Recipient | null;
  error: string | null;
  errorCode: string | null;
  /** The command the row will run (the preview's change command, without -WhatIf). */
  command: string | null;
  warnings: string[];
  previewError: string | null;
  run: 'idle' | 'running' | 'done' | 'failed' | 'stopped';
  result: ChangeResult | null;
  runError: string | null;
}

export type Phase = 'idle' | 'checking' | 'previewing' | 'confirm' | 'running' | 'finished';

const READS_AT_ONCE = 4;

function newRow(identity: string, key: number): Row {
  return { key, identity, state: 'loading', recipient: null, error: null, errorCode: null, command: null, warnings: [], previewError: null, run: 'idle', result: null, runError: null };
}

/** What the action would do to the row, once its state is known. */
export function planOf(row: Row, action: BulkAction | ''): Applicability | null {
  if (row.state === 'loading') return null;
  if (row.state === 'error') return { kind: 'cannot', note: row.error ?? 'Could not be read.' };
  if (!action || !row.recipient) return null;
  if (row.previewError) return { kind: 'cannot', note: row.previewError };
  return applicability(bulkChange(action), row.recipient);
}

function send(action: BulkAction, identity: string, whatIf: boolean): Promise<ChangeResult> {
  return action === 'enable'
    ? hmc.call('mailbox.enableRemote', { identity, whatIf })
    : hmc.call('mailbox.setHidden', { identity, hidden: true, whatIf });
}

export function useBulk(request: BulkRequest) {
  const [text, setText] = useState(() => request.identities.join('\n'));
  const [action, setAction] = useState<BulkAction | ''>(request.intent?.kind ?? '');
  const [rows, setRows] = useState<Row[]>([]);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState({ done: 0, total: 0 });
  const [note, setNote] = useState<string | null>(null);
  const stopRef = useRef(false);
  const alive = useRef(true);
  const started = useRef(false);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      stopRef.current = true;
    };
  }, []);

  const update = useCallback((key: number, patch: Partial<Row>) => {
    if (alive.current) setRows((prev) => prev.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  }, []);

  const check = useCallback(
    async (identities: string[]) => {
      const list = identities.slice(0, MAX_BULK);
      setNote(identities.length > MAX_BULK ? `Only the first ${MAX_BULK} of ${identities.length} identities are listed; fix the rest in a second round.` : null);
      const fresh = list.map(newRow);
      setRows(fresh);
      setPhase('checking');
      setProgress({ done: 0, total: fresh.length });
      let n = 0;
      await pool(
        fresh,
        READS_AT_ONCE,
        async (row) => {
          try {
            update(row.key, { state: 'ready', recipient: await hmc.call('mailbox.get', { identity: row.identity }) });
          } catch (e) {
            update(row.key, { state: 'error', error: e instanceof HmcError ? e.message : String(e), errorCode: e instanceof HmcError ? e.code : 'ERROR' });
          }
          if (alive.current) setProgress({ done: ++n, total: fresh.length });
        },
        () => !alive.current,
      );
      if (alive.current) setPhase('idle');
    },
    [update],
  );

  // A hand-over with identities: check their state at once.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    if (request.identities.length) void check(request.identities);
  }, [request, check]);

  const plans = useMemo(() => rows.map((r) => planOf(r, action)), [rows, action]);
  // Rows already changed keep their "before" state on screen; they are not offered again.
  const toChange = rows.filter((r, i) => plans[i]?.kind === 'change' && r.run !== 'done');
  const busy = phase === 'checking' || phase === 'previewing' || phase === 'running';

  const chooseAction = (a: BulkAction) => {
    setAction(a);
    setRows((prev) => prev.map((r) => ({ ...r, command: null, warnings: [], previewError: null, run: 'idle', result: null, runError: null })));
    setPhase('idle');
  };

  const preview = async () => {
    if (!action) return;
    setPhase('previewing');
    const targets = toChange;
    setProgress({ done: 0, total: targets.length });
    let n = 0;
    await pool(
      targets,
      READS_AT_ONCE,
      async (row) => {
        try {
          const p = await send(action, row.recipient?.Guid ?? row.identity, true);
          update(row.key, { command: p.changeCommand, warnings: p.warnings, previewError: null });
        } catch (e) {
          update(row.key, { command: null, previewError: errorText(e) });
        }
        if (alive.current) setProgress({ done: ++n, total: targets.length });
      },
      () => !alive.current,
    );
    if (alive.current) setPhase('confirm');
  };

  const execute = async () => {
    if (!action) return;
    const targets = toChange.filter((r) => r.command);
    stopRef.current = false;
    setPhase('running');
    setProgress({ done: 0, total: targets.length });
    let n = 0;
    // One at a time, in list order: the Exchange session runs one command at a time anyway, and a stop
    // leaves a clear line between what ran and what did not.
    await pool(
      targets,
      1,
      async (row) => {
        update(row.key, { run: 'running' });
        try {
          update(row.key, { run: 'done', result: await send(action, row.recipient?.Guid ?? row.identity, false) });
        } catch (e) {
          update(row.key, { run: 'failed', runError: errorText(e) });
        }
        if (alive.current) setProgress({ done: ++n, total: targets.length });
      },
      () => stopRef.current,
    );
    if (!alive.current) return;
    if (stopRef.current) {
      const ran = new Set(targets.slice(0, n).map((r) => r.key));
      setRows((prev) => prev.map((r) => (targets.some((t) => t.key === r.key) && !ran.has(r.key) ? { ...r, run: 'stopped' } : r)));
    }
    setPhase('finished');
  };

  return {
    text,
    setText,
    action,
    chooseAction,
    rows,
    plans,
    toChange,
    commands: toChange.filter((r) => r.command),
    phase,
    setPhase,
    busy,
    progress,
    note,
    check,
    preview,
    execute,
    stop: () => {
      stopRef.current = true;
    },
  };
}

export type Bulk = ReturnType<typeof useBulk>;
