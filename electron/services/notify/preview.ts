/**
 * The 24-hour preview: what the alert rules would have mailed. The logged error entries come from
 * the log viewer through the contract (`logs.search` over every enabled source); the desk's
 * failures from the audit trail. Both are replayed through the same rule functions the watcher
 * uses, each failure at its own time, on a fresh state.
 */
import { open, stat } from 'node:fs/promises';
import { effectiveRules, failureTime, replay } from '../../../shared/notify/rules';
import type { AlertRule, Failure, NotifyPreviewOutput } from '../../../shared/notify/schemas';
import type { z } from 'zod';
import type { LogsSearchOutput } from '../../../shared/logs/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { deskFailuresIn } from './audit-tail';
import { logFailure } from './watcher';

const AUDIT_TAIL_BYTES = 8 * 1024 * 1024;

export interface PreviewInput {
  settings: Settings;
  rules: AlertRule[] | undefined;
  hours: number;
  now: number;
  auditFile: string;
  searchErrors: (since: string) => Promise<z.output<typeof LogsSearchOutput>>;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local ISO time without a zone, as the log viewer's --since takes it. */
export function localIso(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

async function auditTail(file: string): Promise<string> {
  const st = await stat(file).catch(() => null);
  if (!st) return '';
  const start = Math.max(0, st.size - AUDIT_TAIL_BYTES);
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(st.size - start);
    const { bytesRead } = await fh.read(buf, 0, buf.length, start);
    const text = buf.subarray(0, bytesRead).toString('utf8');
    return start > 0 ? text.slice(text.indexOf('\n') + 1) : text;
  } finally {
    await fh.close();
  }
}

export async function buildPreview(p: PreviewInput): Promise<NotifyPreviewOutput> {
  const { rules, isDefault } = p.rules?.length ? { rules: p.rules, isDefault: false } : effectiveRules(p.settings.notify.alerts);
  const sinceMs = p.now - p.hours * 3600_000;
  const notes: string[] = [];
  const failures: Failure[] = [];
  try {
    const found = await p.searchErrors(localIso(sinceMs));
    for (const e of [...found.entries].reverse()) failures.push(logFailure(e.source ?? 'log', e.file, e, p.settings));
    if (found.truncated) notes.push('More error entries were logged than the preview reads (10,000); the oldest are left out.');
  } catch (e) {
    notes.push(`The logs could not be searched (${(e as Error).message}); the preview shows the desk's failures only.`);
  }
  try {
    for (const f of deskFailuresIn(await auditTail(p.auditFile))) if (failureTime(f, 0) >= sinceMs) failures.push(f);
  } catch (e) {
    notes.push(`The audit trail could not be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the preview shows the logs only.`);
  }
  const inWindow = failures.filter((f) => failureTime(f, p.now) >= sinceMs && failureTime(f, p.now) <= p.now);
  inWindow.sort((a, b) => failureTime(a, 0) - failureTime(b, 0));
  const { fires, suppressed } = replay(inWindow, rules, p.now);
  return {
    since: new Date(sinceMs).toISOString(),
    failures: inWindow.length,
    mails: fires.map((f) => ({
      at: new Date(f.at).toISOString(),
      source: f.failure.source,
      reason: f.reason,
      failures: 1 + f.suppressedBefore,
      user: f.failure.user,
      error: f.failure.error.split('\n')[0]!.slice(0, 300),
      suppressedBefore: f.suppressedBefore,
    })),
    suppressed,
    rules,
    defaultRule: isDefault,
    notes,
  };
}
