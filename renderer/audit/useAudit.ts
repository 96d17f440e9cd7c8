/** The Audit page's state and call: the trail (newest first, paired), its file, a filter, refresh. */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { pairRecords, rowMatches } from '../../shared/audit/records';
import type { AuditRecord } from '../../shared/audit/schemas';
import { HmcError } from '../../shared/errors';
import { hmc } from '../client';

export function useAudit() {
  const alive = useRef(true);
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [file, setFile] = useState('');
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    hmc.call('audit.list', { limit: 1000 }).then(
      (r) => {
        if (!alive.current) return;
        setRecords(r.records);
        setFile(r.file);
        setError(null);
      },
      (e: unknown) => {
        if (alive.current) setError(e instanceof HmcError ? `${e.code}: ${e.message}` : String(e));
      },
    );
  }, []);

  useEffect(() => {
    alive.current = true;
    load();
    return () => {
      alive.current = false;
    };
  }, [load]);

  const rows = useMemo(() => pairRecords(records).filter((row) => rowMatches(row, filter)), [records, filter]);
  return { rows, file, filter, setFilter, error, refresh: load };
}
