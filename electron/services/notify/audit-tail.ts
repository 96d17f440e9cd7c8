/**
 * The desk's failures, from its audit trail: the watcher polls `audit.jsonl` for appended lines
 * and turns each `end` record with an error (pairing it with its `start` for the user and the
 * command) into a Failure. Polling the file rather than an in-process event means a desk in the
 * desktop app is watched by `hmc watch` in another process too, and the audit trail stays the one
 * record of what the desk did. It starts at the end of the file: what happened before the watcher
 * started is the preview's business, not a fresh alert.
 */
import { open, stat } from 'node:fs/promises';
import { AuditRecord } from '../../../shared/audit/schemas';
import { DESK_SOURCE, type Failure } from '../../../shared/notify/schemas';
import type { Diagnostics } from '../../core/diagnostics';

const FAILED = new Set(['error', 'unknown', 'not-applied']);
const MAX_STARTS = 2_000;
const MAX_READ = 4 * 1024 * 1024;

type Start = Pick<AuditRecord, 'input' | 'command' | 'op' | 'time'>;

/** The user a desk input names (identity, or the first of identities). */
export function deskUser(input: unknown): string | null {
  if (!input || typeof input !== 'object') return null;
  const i = input as Record<string, unknown>;
  if (typeof i.identity === 'string') return i.identity;
  if (Array.isArray(i.identities) && typeof i.identities[0] === 'string') return i.identities[0];
  if (typeof i.user === 'string') return i.user;
  return null;
}

export function deskFailure(end: AuditRecord, start: Start | undefined): Failure | null {
  if (end.phase !== 'end' || !end.outcome || !FAILED.has(end.outcome) || !end.error) return null;
  // A change refused before anything was sent (bad input, a failed checklist item, a recipient changed
  // meanwhile) has no command: the admin saw the refusal at once, and nothing failed to mail about.
  if (start && start.command === null) return null;
  return {
    id: `desk-${end.id}`,
    kind: 'desk',
    source: DESK_SOURCE,
    time: end.time,
    user: deskUser(start?.input),
    operation: end.op,
    error: end.error.message,
    code: end.error.code,
    host: null,
    command: start?.command ?? null,
    link: null,
  };
}

/** Every desk failure recorded in a text of audit lines (the preview reads the whole trail this way). */
export function deskFailuresIn(text: string): Failure[] {
  const starts = new Map<string, Start>();
  const out: Failure[] = [];
  for (const line of text.split('\n')) {
    const r = parseLine(line);
    if (!r) continue;
    if (r.phase === 'start') starts.set(r.id, r);
    else {
      const f = deskFailure(r, starts.get(r.id));
      if (f) out.push(f);
      starts.delete(r.id);
    }
  }
  return out;
}

function parseLine(line: string): AuditRecord | null {
  const t = line.trim();
  if (!t) return null;
  try {
    const r = AuditRecord.safeParse(JSON.parse(t));
    return r.success ? r.data : null;
  } catch {
    // A torn line (a crash mid-write) or another writer's garbage: the trail's own reader skips it too.
    return null;
  }
}

export class AuditTail {
  private position = 0;
  private partial: Buffer = Buffer.alloc(0);
  private readonly starts = new Map<string, Start>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly file: string,
    private readonly onFailure: (f: Failure) => void,
    private readonly diagnostics: Diagnostics,
    private readonly pollMs = 1_000,
  ) {}

  async start(): Promise<void> {
    this.position = (await stat(this.file).catch(() => null))?.size ?? 0;
    this.timer = setInterval(() => {
      this.running ??= this.poll().finally(() => (this.running = null));
    }, this.pollMs);
    this.timer.unref?.();
  }

  /** Reads what was appended since the last poll. */
  async poll(): Promise<void> {
    const st = await stat(this.file).catch(() => null);
    if (!st) {
      this.position = 0;
      this.partial = Buffer.alloc(0);
      return;
    }
    if (st.size < this.position) {
      // Replaced or truncated: read the new file from its start.
      this.position = 0;
      this.partial = Buffer.alloc(0);
    }
    if (st.size === this.position) return;
    const end = Math.min(st.size, this.position + MAX_READ);
    let chunk: Buffer;
    try {
      const fh = await open(this.file, 'r');
      try {
        const buf = Buffer.alloc(end - this.position);
        const { bytesRead } = await fh.read(buf, 0, buf.length, this.position);
        chunk = buf.subarray(0, bytesRead);
        this.position += bytesRead;
      } finally {
        await fh.close();
      }
    } catch (e) {
      this.diagnostics.error(`Notify: the audit trail ${this.file} could not be read`, e);
      return;
    }
    // Split on bytes: a character cut by the read boundary waits with the partial line.
    const all = this.partial.length ? Buffer.concat([this.partial, chunk]) : chunk;
    const lines: string[] = [];
    let from = 0;
    for (let nl = all.indexOf(10, from); nl !== -1; nl = all.indexOf(10, from)) {
      lines.push(all.subarray(from, nl).toString('utf8'));
      from = nl + 1;
    }
    this.partial = Buffer.from(all.subarray(from));
    for (const line of lines) {
      const r = parseLine(line);
      if (!r) continue;
      if (r.phase === 'start') {
        this.starts.set(r.id, r);
        if (this.starts.size > MAX_STARTS) this.starts.delete(this.starts.keys().next().value!);
        continue;
      }
      const f = deskFailure(r, this.starts.get(r.id));
      this.starts.delete(r.id);
      if (f) this.onFailure(f);
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
