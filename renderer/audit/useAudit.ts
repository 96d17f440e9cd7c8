/**
 * The Audit page's state and calls: the filters (user, actor, operation, outcome, time range) sent
 * to audit.list, the changes it finds (paired, newest first), the one opened in detail, and the
 * CSV export (audit.export; the browser saves the file where the admin chooses).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { OutcomeClass } from '../../shared/audit/filter';
import { pairRecords } from '../../shared/audit/records';
import type { AuditRecord } from '../../shared/audit/schemas';
import { HmcError } from '../../shared/errors';
import { isoFromLocalInput } from '../../shared/time';
import { hmc } from '../client';

export interface AuditFilters {
  user: string;
  actor: string;
  op: string;
  outcome: OutcomeClass | '';
  /** datetime-local input values (local time). */
  since: string;
  until: string;
}

const NO_FILTER: AuditFilters = { user: '', actor: '', op: '', outcome: '', since: '', until: '' };

/** The filters as audit.list / audit.export take them: empty ones left out, times as ISO. */
function query(f: AuditFilters) {
  const since = isoFromLocalInput(f.since);
  const until = isoFromLocalInput(f.until);
  return {
    ...(f.user.trim() ? { user: f.user.trim() } : {}),
    ...(f.actor.trim() ? { actor: f.actor.trim() } : {}),
    ...(f.op ? { op: f.op } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
  };
}

function errorText(e: unknown): string {
  return e instanceof HmcError ? `${e.code}: ${e.message}` : String(e);
}

export function useAudit() {
  const alive = useRef(true);
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [file, setFile] = useState('');
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTER);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  /** Every operation seen so far (the operation filter's choices; a filter never shrinks them). */
  const [ops, setOps] = useState<string[]>([]);
  const asked = useRef(0);

  const load = useCallback((f: AuditFilters) => {
    const mine = ++asked.current;
    hmc.call('audit.list', { limit: 2000, ...query(f) }).then(
      (r) => {
        if (!alive.current || mine !== asked.current) return;
        setRecords(r.records);
        setOps((o) => [...new Set([...o, ...r.records.map((x) => x.op)])].sort());
        setFile(r.file);
        setError(null);
      },
      (e: unknown) => {
        if (alive.current && mine === asked.current) setError(errorText(e));
      },
    );
  }, []);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  // Typing in a filter asks again once the admin pauses.
  useEffect(() => {
    const t = setTimeout(() => load(filters), 250);
    return () => clearTimeout(t);
  }, [filters, load]);

  const exportCsv = useCallback(() => {
    hmc.call('audit.export', query(filters)).then(
      (r) => {
        if (!alive.current) return;
        const url = URL.createObjectURL(new Blob([r.csv], { type: 'text/csv;charset=utf-8' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `hmc-audit-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}Z.csv`;
        a.click();
        URL.revokeObjectURL(url);
        setExported(`${r.changes} change${r.changes === 1 ? '' : 's'} exported.`);
      },
      (e: unknown) => {
        if (alive.current) setError(errorText(e));
      },
    );
  }, [filters]);

  const rows = useMemo(() => pairRecords(records), [records]);
  return {
    rows,
    ops,
    file,
    filters,
    setFilter: <K extends keyof AuditFilters>(k: K, v: AuditFilters[K]) => setFilters((f) => ({ ...f, [k]: v })),
    clearFilters: () => setFilters(NO_FILTER),
    error,
    refresh: () => load(filters),
    selected: rows.find((r) => r.id === selected) ?? null,
    select: setSelected,
    exportCsv,
    exported,
  };
}

export type AuditState = ReturnType<typeof useAudit>;
