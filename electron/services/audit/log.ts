/**
 * The append-only audit trail of changes: JSON lines in <data>/audit/audit.jsonl, one `start`
 * record before a change is sent and one `end` record after (ok, error or unknown), each write
 * fsync'ed. Inputs are stored with secrets removed and free text redacted.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname } from 'node:path';
import { MASK, isSecretName, redactText } from '../../../shared/secrets';
import type { AuditRecord } from '../../../shared/audit/schemas';
import { AuditRecord as AuditRecordSchema } from '../../../shared/audit/schemas';

export function redactInput(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map((v) => redactInput(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? MASK : redactInput(v, depth + 1);
    return out;
  }
  return value;
}

export class AuditLog {
  private tail: Promise<unknown> = Promise.resolve();

  /** The OS account and machine the console runs as (Windows: the identity Kerberos uses too). */
  readonly actor: string;

  constructor(readonly file: string, actor?: string) {
    this.actor = actor ?? AuditLog.currentActor();
  }

  static currentActor(): string {
    try {
      return `${userInfo().username}@${hostname()}`;
    } catch {
      return `unknown@${hostname()}`;
    }
  }

  private append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    const run = this.tail.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const fh = await open(this.file, 'a', 0o600);
      try {
        await fh.write(line);
        await fh.sync();
      } finally {
        await fh.close();
      }
    });
    this.tail = run.catch(() => undefined);
    return run;
  }

  async begin(op: string, door: string, input: unknown, command: string | null): Promise<string> {
    const id = randomUUID();
    await this.append({ id, phase: 'start', time: new Date().toISOString(), op, door, actor: this.actor, command: command === null ? null : redactText(command), input: redactInput(input) });
    return id;
  }

  async end(id: string, op: string, door: string, outcome: NonNullable<AuditRecord['outcome']>, error?: { code: string; message: string }): Promise<void> {
    await this.append({
      id,
      phase: 'end',
      time: new Date().toISOString(),
      op,
      door,
      actor: this.actor,
      command: null,
      outcome,
      ...(error ? { error: { code: error.code, message: redactText(error.message) } } : {}),
    });
  }

  /** Newest first. Lines that do not parse (e.g. a torn last line after a crash) are skipped. */
  async list(limit = 100, op?: string): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: AuditRecord[] = [];
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0 && out.length < limit; i--) {
      const line = lines[i]!.trim();
      if (!line) continue;
      try {
        const r = AuditRecordSchema.safeParse(JSON.parse(line));
        if (r.success && (!op || r.data.op === op)) out.push(r.data);
      } catch {
        // torn line
      }
    }
    return out;
  }
}
