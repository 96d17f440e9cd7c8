/**
 * Rule runs: a rule log is a sequence of runs, one per script invocation. A run goes from its start line
 * ("Running AfterCreate Script", "Starting ConnectorAfterCreate for ...", the generated rules' "Started: ...")
 * to its end line ("End of Script", "Finished ...", the generated rules' `RESULT ::` line); lines of shapes
 * without such markers (IQService's trace) make gap-based runs: one run until the log has been quiet for
 * GAP_SECONDS or a request for someone else is logged.
 *
 * A run learns its user from the first entry that names one (sAMAccountName or UPN; a DN is resolved through
 * a line of the same run that names both, such as "Request attributes ---- dn: ..., sAMAccountName: ..." or
 * the logged request XML), and every entry of the run carries the run's user and id. A DN is never a user
 * name. Runs may interleave (IQService runs rules for several users at once): an entry naming someone goes
 * to that person's open run, else to the oldest open run still without a user; an entry naming no one goes
 * to the run that took the previous entry. A run that never ends is closed by a quiet gap of STALE_SECONDS,
 * a new run for the same user, or the end of the file (`ended: false`).
 */
import { extractDn, type ParsedEntry } from './parse';

export const GAP_SECONDS = 60;
export const STALE_SECONDS = 15 * 60;
/** Entries held back while the head's run has no user yet (then released as they are). */
const MAX_HELD = 2000;
const MAX_OPEN = 64;

const START =
  /^\s*(?:\[\w+\]\s*(?:user '[^']*'\s*)?INFO:\s*Started:|Running\s+(?:the\s+)?(?:Connector)?(?:After|Before)\s*(?:Create|Modify|Delete)\b.{0,40}?\bScript\b|Start(?:ing|ed)?\s+(?:the\s+)?(?:Connector)?(?:After|Before)\s*(?:Create|Modify|Delete)\b)/i;
const END =
  /^\s*(?:End of (?:the )?Script\b|(?:Finished|Completed|Ended|Ending)\s+(?:the\s+)?(?:Connector)?(?:After|Before)\s*(?:Create|Modify|Delete)\b|RESULT ::)/i;
const RULE = /\b(?:Connector)?(After|Before)\s*(Create|Modify|Delete)\b/i;

export interface LogRun {
  /** `<file key>#<offset of its first entry>`: stable for a file. */
  id: string;
  /** The name the run learned first (sAMAccountName or UPN), or null. */
  user: string | null;
  /** Every name the run's entries used for its person (lower-cased; user, UPN, DN). */
  names: Set<string>;
  rule: string | null;
  startOffset: number;
  startTime: string | null;
  lastTime: string | null;
  /** Whether its end line was seen (false: closed by a gap, a new run for its user, or the end of the file). */
  ended: boolean;
  closed: boolean;
  /** Started by a start line (else gap-based). */
  marked: boolean;
  entries: number;
}

/** Seconds of a local ISO time read as UTC (only differences matter). */
function seconds(iso: string | null): number {
  if (!iso) return NaN;
  const t = Date.parse(`${iso.slice(0, 19)}Z`);
  return Number.isNaN(t) ? NaN : t / 1000;
}

function ruleOf(text: string): string | null {
  const m = RULE.exec(text.length > 2048 ? text.slice(0, 2048) : text);
  if (!m) return null;
  return `Connector${m[1]![0]!.toUpperCase()}${m[1]!.slice(1).toLowerCase()}${m[2]![0]!.toUpperCase()}${m[2]!.slice(1).toLowerCase()}`;
}

/** Assigns each entry (pushed in file order) to its run. */
export class RunTracker {
  private readonly open: LogRun[] = [];
  private last: LogRun | null = null;
  private lastTime = NaN;
  /** DN (lower-cased) -> user, learned from entries naming both. */
  private readonly dnUser = new Map<string, string>();

  constructor(private readonly fileKey = '', private readonly onClose?: (run: LogRun) => void) {}

  /** The run the entry belongs to (its fields are updated as later entries teach the run its user). */
  assign(e: ParsedEntry): LogRun {
    const head = e.message.length > 2048 ? e.message.slice(0, 2048) : e.message;
    const t = seconds(e.time);
    if (!Number.isNaN(t)) {
      if (!Number.isNaN(this.lastTime) && t - this.lastTime > GAP_SECONDS) this.closeStale(t);
      this.lastTime = t;
    }
    const dn = e.dn ?? extractDn(head);
    const user = e.user;
    if (user && dn) this.dnUser.set(dn.toLowerCase(), user);
    const resolved = user ?? (dn ? (this.dnUser.get(dn.toLowerCase()) ?? null) : null);

    let run = START.test(head) ? this.start(e, true) : (this.pick(resolved, dn) ?? this.start(e, false));
    if (!run.marked && e.xml === 'request' && run.user && resolved && run.user.toLowerCase() !== resolved.toLowerCase()) {
      // Gap-based runs: a request for someone else starts the next run.
      this.close(run, false);
      run = this.start(e, false);
    }
    this.learn(run, resolved, dn);
    run.entries++;
    run.lastTime = e.time ?? run.lastTime;
    run.rule ??= ruleOf(head);
    this.last = run;
    if (END.test(head)) this.close(run, true);
    return run;
  }

  /** Closes every run still open (end of the file). */
  finish(): void {
    for (const run of [...this.open]) this.close(run, false);
  }

  get openRuns(): readonly LogRun[] {
    return this.open;
  }

  private start(e: ParsedEntry, marked: boolean): LogRun {
    const run: LogRun = {
      id: `${this.fileKey}#${e.offset}`,
      user: null,
      names: new Set(),
      rule: null,
      startOffset: e.offset,
      startTime: e.time,
      lastTime: e.time,
      ended: false,
      closed: false,
      marked,
      entries: 0,
    };
    // A marked run ends the gap-based run that was collecting lines before it.
    if (marked) for (const r of [...this.open]) if (!r.marked) this.close(r, false);
    this.open.push(run);
    if (this.open.length > MAX_OPEN) this.close(this.open[0]!, false);
    return run;
  }

  private pick(user: string | null, dn: string | null): LogRun | null {
    if (user || dn) {
      const keys = [user, dn].filter((k): k is string => !!k).map((k) => k.toLowerCase());
      for (let i = this.open.length - 1; i >= 0; i--) {
        const r = this.open[i]!;
        if (keys.some((k) => r.names.has(k))) return r;
      }
      const unnamed = this.open.find((r) => r.user === null);
      if (unnamed) return unnamed;
      // Someone else's name inside a named run (e.g. a manager): the run that took the previous entry.
    }
    if (this.last && !this.last.closed) return this.last;
    return this.open[this.open.length - 1] ?? null;
  }

  private learn(run: LogRun, user: string | null, dn: string | null): void {
    if (user && !run.user) {
      // A newer run for the same person means the older one never ended.
      for (const r of [...this.open]) if (r !== run && r.user?.toLowerCase() === user.toLowerCase()) this.close(r, false);
      run.user = user;
      for (const [d, u] of this.dnUser) if (u === user) run.names.add(d);
    }
    if (run.user && user && run.user.toLowerCase() !== user.toLowerCase() && !run.names.has(user.toLowerCase())) {
      // Another name for the run's person only when the same entry ties it to a name the run knows (a DN).
      if (dn && run.names.has(dn.toLowerCase())) run.names.add(user.toLowerCase());
      return;
    }
    if (user) run.names.add(user.toLowerCase());
    if (dn && (!run.user || !user || run.user.toLowerCase() === user.toLowerCase())) run.names.add(dn.toLowerCase());
  }

  private closeStale(now: number): void {
    for (const r of [...this.open]) {
      const t = seconds(r.lastTime);
      const limit = r.marked ? STALE_SECONDS : GAP_SECONDS;
      if (!Number.isNaN(t) && now - t > limit) this.close(r, false);
    }
  }

  private close(run: LogRun, ended: boolean): void {
    if (run.closed) return;
    run.closed = true;
    run.ended = ended;
    const i = this.open.indexOf(run);
    if (i >= 0) this.open.splice(i, 1);
    this.onClose?.(run);
  }
}

/** An entry with its run: `user` is the run's user (else the entry's own), `run` the run's id. */
export type RunEntry = ParsedEntry & { run: string | null; names?: readonly string[] };

export function withRun(e: ParsedEntry, run: LogRun | null): RunEntry {
  const out = e as RunEntry;
  out.run = run ? run.id : null;
  if (run?.user) {
    out.user = run.user;
    out.names = [...run.names];
  }
  return out;
}

/**
 * Streams entries through a RunTracker and gives them back in file order, each carrying its run's user:
 * entries are held while the oldest held entry's run has not learned its user (up to MAX_HELD entries).
 */
export class RunAnnotator {
  private readonly tracker: RunTracker;
  private readonly held: Array<{ e: ParsedEntry; run: LogRun }> = [];

  constructor(fileKey = '') {
    this.tracker = new RunTracker(fileKey);
  }

  push(e: ParsedEntry, out: RunEntry[] = []): RunEntry[] {
    this.held.push({ e, run: this.tracker.assign(e) });
    this.release(out, false);
    return out;
  }

  /** End of input: every run closes and every held entry comes out. */
  flush(out: RunEntry[] = []): RunEntry[] {
    this.tracker.finish();
    this.release(out, true);
    return out;
  }

  private release(out: RunEntry[], all: boolean): void {
    let n = 0;
    while (n < this.held.length) {
      const h = this.held[n]!;
      if (!all && !h.run.user && !h.run.closed && this.held.length - n <= MAX_HELD) break;
      out.push(withRun(h.e, h.run));
      n++;
    }
    if (n) this.held.splice(0, n);
  }
}

/** Annotates whole lists (tests, small files). */
export function annotateRuns(entries: ParsedEntry[], fileKey = ''): RunEntry[] {
  const a = new RunAnnotator(fileKey);
  const out: RunEntry[] = [];
  for (const e of entries) a.push(e, out);
  return a.flush(out);
}
