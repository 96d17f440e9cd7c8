/**
 * Who is calling. A service that opens something for a caller (a log follow, an opened file)
 * ties it to that caller, and it ends when the caller goes: a desktop window closing or
 * reloading, a web page whose event stream has ended, the CLI process finishing, or the core
 * shutting down. A page that unmounts releases its own resources through the contract as well.
 */
import type { Diagnostics } from './diagnostics';

export type Door = 'ipc' | 'http' | 'cli' | 'test';

type Cleanup = () => void | Promise<void>;

export class Caller {
  private readonly cleanups = new Set<Cleanup>();
  private ended = false;

  constructor(
    readonly id: string,
    readonly door: Door,
    private readonly diagnostics?: Diagnostics,
  ) {}

  get gone(): boolean {
    return this.ended;
  }

  /** Runs `fn` when the caller goes (soon, if it already has). Returns a function that cancels it. */
  onGone(fn: Cleanup): () => void {
    if (this.ended) {
      void this.run(fn);
      return () => undefined;
    }
    this.cleanups.add(fn);
    return () => {
      this.cleanups.delete(fn);
    };
  }

  /** The caller has gone: release everything tied to it. Safe to call more than once. */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const fns = [...this.cleanups];
    this.cleanups.clear();
    await Promise.all(fns.map((fn) => this.run(fn)));
  }

  /** How many resources are tied to this caller (diagnostics and tests). */
  get holdings(): number {
    return this.cleanups.size;
  }

  private async run(fn: Cleanup): Promise<void> {
    try {
      await fn();
    } catch (e) {
      this.diagnostics?.error(`Releasing a resource of caller ${this.id} (${this.door}) failed`, e);
    }
  }
}

/** The callers a door knows, by id; `end(id)` when the door learns the caller has gone. */
export class CallerRegistry {
  private readonly callers = new Map<string, Caller>();

  constructor(
    private readonly door: Door,
    private readonly diagnostics?: Diagnostics,
  ) {}

  get(id: string): Caller {
    let c = this.callers.get(id);
    if (!c || c.gone) {
      c = new Caller(id, this.door, this.diagnostics);
      this.callers.set(id, c);
    }
    return c;
  }

  has(id: string): boolean {
    return this.callers.has(id);
  }

  async end(id: string): Promise<void> {
    const c = this.callers.get(id);
    this.callers.delete(id);
    await c?.end();
  }

  async endAll(): Promise<void> {
    const all = [...this.callers.values()];
    this.callers.clear();
    await Promise.all(all.map((c) => c.end()));
  }

  get size(): number {
    return this.callers.size;
  }
}
