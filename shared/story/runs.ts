/**
 * What one rule run did, from its log entries (pure): the Exchange hosts it tried, which failed at which
 * layer and why (Kerberos, unreachable, timeout, an Exchange error), whether it succeeded, and how long it took.
 */
import type { LogEntry } from '../logs/schemas';

export type FailureLayer = 'kerberos' | 'unreachable' | 'timeout' | 'exchange';

export interface HostFailure {
  host: string;
  layer: FailureLayer;
  /** "unreachable", "Kerberos: cannot find the computer", "timed out", or the Exchange error's words. */
  reason: string;
}

export interface RunSummary {
  id: string;
  file: string;
  offset: number;
  source: string | null;
  start: string | null;
  end: string | null;
  seconds: number | null;
  rule: string | null;
  hosts: string[];
  failures: HostFailure[];
  outcome: 'succeeded' | 'failed' | 'unknown';
  /** The line that decided the outcome (first line, masked as the log viewer gives it). */
  evidence: string | null;
}

const CONNECTING = /\bConnect(?:ing|ed)?\s+to\s+(?:the\s+)?(?:Exchange\s+)?(?:server\s+)?([A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*)/i;
const HOSTISH = /\b(?:server|computer|host)\s*:?\s*'?([A-Za-z][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*)/gi;
const KERBEROS = /kerberos|cannot find the computer|\bSPN\b|0x80090322|0x8009030e|logon failure/i;
const TIMEOUT = /timed?\s?out|timeout|did not answer within/i;
const UNREACHABLE = /cannot connect|unreachable|no such host|could not be resolved|connection (?:was )?refused|cannot complete the operation|WinRM cannot complete/i;
const SUCCESS = /\b(?:remote mailbox (?:enabled|created|hidden|shown)|mailbox (?:enabled|created|hidden)|hidden from (?:the )?(?:global )?address lists?|succeeded|successfully)\b/i;
const RULE = /\b(?:Connector)?After\s*(Create|Modify)\b/i;

function short(host: string): string {
  return host.split('.')[0]!.toLowerCase();
}

function seconds(iso: string | null): number {
  return iso ? Date.parse(`${iso.slice(0, 19)}Z`) / 1000 : NaN;
}

function firstLine(text: string): string {
  const t = text.trim();
  const nl = t.indexOf('\n');
  return (nl < 0 ? t : t.slice(0, nl)).trim();
}

function layerOf(text: string): FailureLayer {
  if (KERBEROS.test(text)) return 'kerberos';
  if (TIMEOUT.test(text)) return 'timeout';
  if (UNREACHABLE.test(text)) return 'unreachable';
  return 'exchange';
}

function reasonOf(layer: FailureLayer, text: string): string {
  if (layer === 'kerberos') return /cannot find the computer/i.test(text) ? 'Kerberos: cannot find the computer' : 'Kerberos authentication failed';
  if (layer === 'timeout') return 'timed out';
  if (layer === 'unreachable') return 'unreachable';
  const line = firstLine(text);
  const after = /(?:: |- )([^:]{8,120})$/.exec(line);
  return `Exchange error: ${(after?.[1] ?? line).slice(0, 120)}`;
}

/** The host an error line is about: a tried host it names, else the host tried last. */
function hostOf(text: string, tried: string[]): string | null {
  const lower = text.toLowerCase();
  for (let i = tried.length - 1; i >= 0; i--) if (lower.includes(tried[i]!)) return tried[i]!;
  HOSTISH.lastIndex = 0;
  for (const m of text.matchAll(HOSTISH)) {
    const h = short(m[1]!);
    if (/^(?:the|server|user|process|request|for)$/.test(h)) continue;
    if (/\d|-/.test(h)) return h;
  }
  return tried[tried.length - 1] ?? null;
}

/** Each run's summary, from the entries of a user's runs (any order; grouped by their `run`). */
export function summariseRuns(entries: readonly LogEntry[]): RunSummary[] {
  const groups = new Map<string, LogEntry[]>();
  for (const e of entries) {
    const key = e.run ?? `${e.file}#${e.offset}`;
    const g = groups.get(key) ?? groups.set(key, []).get(key)!;
    g.push(e);
  }
  const out: RunSummary[] = [];
  for (const [id, list] of groups) {
    list.sort((a, b) => (a.file === b.file ? a.offset - b.offset : a.file < b.file ? -1 : 1));
    const tried: string[] = [];
    const failures: HostFailure[] = [];
    let outcome: RunSummary['outcome'] = 'unknown';
    let evidence: string | null = null;
    let rule: string | null = null;
    for (const e of list) {
      const m = CONNECTING.exec(e.message);
      if (m && e.level !== 'error') {
        const h = short(m[1]!);
        if (!tried.includes(h)) tried.push(h);
      }
      const r = RULE.exec(e.message.slice(0, 400));
      if (r && !rule) rule = `ConnectorAfter${r[1]![0]!.toUpperCase()}${r[1]!.slice(1).toLowerCase()}`;
      if (e.level === 'error') {
        const layer = layerOf(e.message);
        const host = hostOf(e.message, tried);
        if (host && !tried.includes(host)) tried.push(host);
        const f = { host: host ?? '(no host named)', layer, reason: reasonOf(layer, e.message) };
        const known = failures.findIndex((x) => x.host === f.host);
        // The sharper reason wins for a host (Kerberos over a later generic Exchange error).
        if (known < 0) failures.push(f);
        else if (failures[known]!.layer === 'exchange' && layer !== 'exchange') failures[known] = f;
        outcome = 'failed';
        evidence = firstLine(e.message);
      } else if (/^\s*RESULT ::/.test(e.message)) {
        const ok = /"outcome"\s*:\s*"(?:succeeded|ok|nothing-to-do)"/i.test(e.message);
        outcome = ok ? 'succeeded' : 'failed';
        evidence = firstLine(e.message);
      } else if (SUCCESS.test(e.message) && !/^\s*Request Object/i.test(e.message)) {
        outcome = 'succeeded';
        evidence = firstLine(e.message);
      }
    }
    const start = list[0]!.time;
    const end = list[list.length - 1]!.time;
    const s = seconds(end) - seconds(start);
    out.push({
      id,
      file: list[0]!.file,
      offset: list[0]!.offset,
      source: list[0]!.source ?? null,
      start,
      end,
      seconds: Number.isFinite(s) ? s : null,
      rule,
      hosts: tried,
      failures,
      outcome,
      evidence,
    });
  }
  return out.sort((a, b) => (a.start ?? '').localeCompare(b.start ?? ''));
}

/** "the rule failed on both Exchange hosts (mx-hyb01 unreachable, mx-hyb02 Kerberos: cannot find the computer)". */
export function failurePhrase(run: RunSummary): string {
  const named = run.failures.filter((f) => f.host !== '(no host named)');
  if (!named.length) return `the rule failed${run.evidence ? `: ${run.evidence.slice(0, 200)}` : ''}`;
  const list = named.map((f) => `${f.host} ${f.reason}`).join(', ');
  const where = named.length === 2 ? 'both Exchange hosts' : named.length > 2 ? `all ${named.length} Exchange hosts` : 'the Exchange host';
  return `the rule failed on ${where} (${list})`;
}
