/**
 * The last N runs of checks, newest first, in one JSON file in the data folder. Writes are
 * serialised and atomic (temporary file, then rename). A missing file starts an empty history; an
 * unreadable or invalid one does too, said in the diagnostics log (the next run replaces it).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CheckRun } from '../../../shared/connectivity/schemas';
import type { Diagnostics } from '../../core/diagnostics';

const HistoryFile = z.object({ version: z.literal(1), runs: z.array(z.unknown()) });

export class ConnectivityHistory {
  private runs: CheckRun[] | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly diagnostics: Diagnostics,
  ) {}

  private async load(): Promise<CheckRun[]> {
    if (this.runs) return this.runs;
    const runs = await this.read();
    // Another call may have loaded meanwhile (and a run been added to it): keep that one.
    this.runs ??= runs;
    return this.runs;
  }

  private async read(): Promise<CheckRun[]> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.diagnostics.warn(`The connectivity history ${this.file} could not be read; starting an empty history`, { error: (e as Error).message });
      }
      return [];
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      this.diagnostics.warn(`The connectivity history ${this.file} is not valid JSON; starting an empty history`, { error: (e as Error).message });
      return [];
    }
    const parsed = HistoryFile.safeParse(doc);
    if (!parsed.success) {
      this.diagnostics.warn(`The connectivity history ${this.file} is not a version-1 history; starting an empty history`);
      return [];
    }
    const runs = parsed.data.runs.flatMap((r) => {
      const ok = CheckRun.safeParse(r);
      return ok.success ? [ok.data] : [];
    });
    if (runs.length < parsed.data.runs.length) {
      this.diagnostics.warn(`The connectivity history ${this.file} held ${parsed.data.runs.length - runs.length} run(s) that are no longer valid; they were left out`);
    }
    return runs;
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
    // The caller gets this write's failure through `next`; the chain only has to stay usable for the next write.
    this.chain = next.catch(() => undefined);
    return next;
  }
}
