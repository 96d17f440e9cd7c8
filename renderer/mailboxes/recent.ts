/**
 * The desk's recent look-ups, kept for this browser tab or desktop window only (sessionStorage):
 * names and the GUID to open them by, nothing else (no secret ever passes through the desk's box).
 */
import type { Recipient } from '../../shared/exchange/schemas';

export interface RecentLookup {
  guid: string;
  label: string;
  sam: string | null;
}

const KEY = 'hmc.desk.recent';
const MAX = 8;

export function loadRecent(storage: Pick<Storage, 'getItem'> = sessionStorage): RecentLookup[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(KEY) ?? '[]');
  } catch {
    // A value this tab did not write (or a torn one): start the list afresh.
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((x): x is RecentLookup => typeof x === 'object' && x !== null && typeof (x as RecentLookup).guid === 'string' && typeof (x as RecentLookup).label === 'string')
    .slice(0, MAX);
}

/** The list with `r` first (once), newest first, at most eight. */
export function withRecent(list: RecentLookup[], r: Recipient): RecentLookup[] {
  if (!r.Guid) return list;
  const entry: RecentLookup = { guid: r.Guid, label: r.DisplayName ?? r.Name ?? r.Guid, sam: r.SamAccountName };
  return [entry, ...list.filter((x) => x.guid.toLowerCase() !== r.Guid!.toLowerCase())].slice(0, MAX);
}

export function saveRecent(list: RecentLookup[], storage: Pick<Storage, 'setItem'> = sessionStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(list));
  } catch {
    // Storage full or disabled: the list lives on in the page's state until it goes.
  }
}
