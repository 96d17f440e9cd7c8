/**
 * The replay's events file: one JSON object per line, written by the harness (Start-HmcReplay.ps1 and
 * its helpers) and by the sailpoint.Utils stand-in. Read after the process ends (or is killed).
 */
import { readFile } from 'node:fs/promises';
import type { Recipient } from '../../../shared/exchange/schemas';
import { toRecipient } from '../exchange/recipients';

export interface ReplayEvent {
  kind: string;
  at: number;
  [key: string]: unknown;
}

export async function readEvents(path: string): Promise<ReplayEvent[]> {
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  const out: ReplayEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as ReplayEvent;
      if (v && typeof v.kind === 'string') out.push(v);
    } catch {
      // A line cut short when the process was killed mid-write: the events before it still tell the story.
    }
  }
  return out;
}

export function str(v: unknown): string | null {
  return typeof v === 'string' ? v : v === null || v === undefined ? null : String(v);
}

/** { User, Recipient } as the harness snapshots it -> the console's Recipient (null when absent). */
export function recipientOf(state: unknown): Recipient | null {
  if (!state || typeof state !== 'object') return null;
  const s = state as { User?: unknown };
  if (!s.User) return null;
  return toRecipient(state);
}

export function ofKind(events: ReplayEvent[], kind: string): ReplayEvent[] {
  return events.filter((e) => e.kind === kind);
}
