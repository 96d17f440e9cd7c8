/**
 * Runs `work` one at a time and coalesces calls: a call while a run is under way schedules exactly
 * one more run and shares its promise, so a burst of file-change notifications costs one extra pass.
 * Used by the follower (read cycles) and the index (scans).
 */
export class CoalescingRunner {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly opts: { stopped: () => boolean; onError: (e: unknown) => void; onSettled?: () => void },
  ) {}

  /** The run under way, if any. */
  get current(): Promise<void> | null {
    return this.running;
  }

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      // Yield first: the finally below must run after `this.running` is assigned.
      await null;
      try {
        do {
          this.again = false;
          await this.work();
        } while (this.again && !this.opts.stopped());
      } catch (e) {
        this.opts.onError(e);
      } finally {
        this.opts.onSettled?.();
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Waits until no run is under way (including runs scheduled meanwhile). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}
