/**
 * The last N runs of checks, newest first, in one JSON file in the data folder. Writes are
 * serialised and atomic (temporary file, then rename); an unreadable file starts an empty history.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CheckRun } from '../../../shared/connectivity/schemas';

const HistoryFile = z.object({ version: z.literal(1), runs: z.array(z.unknown()) });

export class ConnectivityHistory {
  private runs: CheckRun[] | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  private async load(): Promise<CheckRun[]> {
    if (this.runs) return this.runs;
    let runs: CheckRun[] = [];
    try {
      const parsed = HistoryFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      if (parsed.success) {
        runs = parsed.data.runs.flatMap((r) => {
          const ok = CheckRun.safeParse(r);
          return ok.success ? [ok.data] : [];
        });
      }
    } catch {
      // missing or unreadable: start empty
    }
    this.runs ??= runs;
    return this.runs;
  }

  async list(limit?: number): Promise<CheckRun[]> {
    const runs = await this.load();
    return limit === undefined ? [...runs] : runs.slice(0, limit);
  }

  async get(id?: string): Promise<CheckRun | null> {
    const runs = await this.load();
    return (id === undefined ? runs[0] : runs.find((r) => r.id === id)) ?? null;
  }

  add(run: CheckRun, keep: number): Promise<void> {
    const next = this.chain.then(async () => {
      const runs = await this.load();
      runs.unshift(run);
      runs.splice(keep);
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ version: 1, runs }), 'utf8');
      await rename(tmp, this.file);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
