/**
 * What the Logs page keeps while the app runs: leaving the page and coming back finds the opened file (still
 * open in the core, which releases it when the window or tab goes), its follow, the filter being edited and
 * the one applied, the selection, the results panel and the scroll position. Held in this module's memory
 * only: nothing of it is written anywhere.
 */
import type { LogEntry, LogFilter } from '../../shared/logs/schemas';
import type { Opened, Results } from './types';

export interface KeptLogs {
  opened: Opened;
  form: LogFilter;
  applied: LogFilter;
  selected: LogEntry | null;
  selectedIndex: number | null;
  followId: string | null;
  following: boolean;
  results: Results | null;
  scrollTop: number;
}

let kept: KeptLogs | null = null;

/** The state the page left, once (the page that takes it owns it). */
export function takeKept(): KeptLogs | null {
  const k = kept;
  kept = null;
  return k;
}

export function keep(state: KeptLogs): void {
  kept = state;
}

/** Whether a regular expression compiles: a bad one is said in a sentence instead of being applied. */
export function regexProblem(source: string | undefined): string | null {
  if (source === undefined) return null;
  try {
    new RegExp(source);
    return null;
  } catch (e) {
    return `The regular expression is not valid (${(e as Error).message}); fix it or untick Regex to search for plain text.`;
  }
}
