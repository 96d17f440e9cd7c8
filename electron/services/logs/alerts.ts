/**
 * The 'logs.alerts' stream: while anyone listens, a follower on every enabled source (started from its
 * end) reports the new error entries, each once; when nobody listens, the followers stop. Checked every
 * `checkMs` (the check also picks up sources added, changed or disabled in the settings).
 */
import { toLogEntry } from './entries';
import type { Diagnostics } from '../../core/diagnostics';
import type { EventBus } from '../../core/events';
import type { LogSource, Settings } from '../../../shared/settings/schema';
import { Follower, type FollowBatch, type FollowerResources } from './follow';
import type { LogSources } from './sources';

/** Error entries remembered as alerted (file + offset); forgotten all at once past this many. */
const MAX_REMEMBERED = 10_000;

export interface AlertsDeps {
  settings: () => Promise<Settings>;
  events: EventBus;
  diagnostics: Diagnostics;
  clock: () => Date;
  sources: LogSources;
}

export class AlertsWatcher {
  private readonly followers = new Map<string, Follower>();
  private readonly alerted = new Set<string>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AlertsDeps, checkMs: number) {
    if (checkMs > 0) {
      this.timer = setInterval(() => void this.check(), checkMs);
      this.timer.unref?.();
    }
  }

  get count(): number {
    return this.followers.size;
  }

  /** The followers' watchers and timers, and the check timer. */
  resources(): FollowerResources {
    const sum = { watchers: 0, timers: this.timer ? 1 : 0 };
    for (const f of this.followers.values()) {
      const r = f.resources();
      sum.watchers += r.watchers;
      sum.timers += r.timers;
    }
    return sum;
  }

  async check(): Promise<void> {
    try {
      await this.update();
    } catch (e) {
      // Runs from a timer: nobody else would hear of it. The next check tries again.
      this.deps.diagnostics.error('Logs: checking the alert followers failed', e);
    }
  }

  private async update(): Promise<void> {
    if (this.deps.events.listenerCount('logs.alerts') === 0) {
      await this.stopAll();
      return;
    }
    const settings = await this.deps.settings();
    const wanted = new Map(settings.logs.sources.filter((s) => s.enabled).map((s) => [`${s.name}\u0000${s.folder}\u0000${s.pattern}`, s]));
    for (const [k, f] of this.followers) {
      if (wanted.has(k)) continue;
      this.followers.delete(k);
      await f.stop();
    }
    for (const [k, src] of wanted) {
      if (this.followers.has(k)) continue;
      const f = new Follower(this.deps.sources.followTarget(src), {
        startAt: 'end',
        pollMs: settings.logs.pollMs,
        clock: this.deps.clock,
        onBatch: (b) => this.alert(src, b),
        onError: (e, during) => this.deps.diagnostics.error(`Logs: the alert follower of ${src.name} failed while ${during}`, e),
      });
      this.followers.set(k, f);
      await f.start();
    }
  }

  private alert(src: LogSource, b: FollowBatch): void {
    const errors = b.entries.filter((e) => {
      if (e.level !== 'error') return false;
      const key = `${b.file}\u0000${e.offset}`;
      if (this.alerted.has(key)) return false;
      if (this.alerted.size > MAX_REMEMBERED) this.alerted.clear();
      this.alerted.add(key);
      return true;
    });
    if (errors.length && b.file) {
      this.deps.events.emit('logs.alerts', { source: src.name, file: b.file, entries: errors.map((e) => toLogEntry(e, b.file!, null)) });
    }
  }

  private async stopAll(): Promise<void> {
    for (const [k, f] of this.followers) {
      this.followers.delete(k);
      await f.stop();
    }
  }

  async dispose(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.stopAll();
  }
}
