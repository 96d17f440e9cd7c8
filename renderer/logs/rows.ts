/**
 * The opened log's rows fetched so far, by position in the (filtered) view, and the pages on their way.
 */
import type { LogEntry } from '../../shared/logs/schemas';

export class RowCache {
  private readonly rows = new Map<number, LogEntry>();
  private readonly loading = new Set<number>();

  constructor(private readonly page: number) {}

  clear(): void {
    this.rows.clear();
    this.loading.clear();
  }

  get(i: number): LogEntry | undefined {
    return this.rows.get(i);
  }

  /** The first rows of the pages that rows [first, last] need and nobody fetches yet; now marked as on their way. */
  claim(first: number, last: number, total: number): number[] {
    const out: number[] = [];
    for (let p = Math.floor(first / this.page); p <= Math.floor(last / this.page); p++) {
      const from = p * this.page;
      if (this.loading.has(from)) continue;
      let complete = true;
      for (let i = from; i < Math.min(total, from + this.page); i++) if (!this.rows.has(i)) complete = false;
      if (complete) continue;
      this.loading.add(from);
      out.push(from);
    }
    return out;
  }

  /** A page arrived (entries) or failed (none). */
  settle(from: number, entries: LogEntry[] = []): void {
    this.loading.delete(from);
    entries.forEach((e, i) => this.rows.set(from + i, e));
  }

  /** The last page may have grown (continuation lines, new entries): fetch it again. */
  dropLastPage(total: number): void {
    const lastPage = Math.floor(Math.max(0, total - 1) / this.page) * this.page;
    for (let i = lastPage; i < lastPage + this.page; i++) this.rows.delete(i);
    this.loading.delete(lastPage);
  }
}
