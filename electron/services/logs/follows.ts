/**
 * Follows started through the contract: each a Follower whose batches go out as 'logs.entries' events.
 * A follow belongs to the caller that started it and stops when that caller goes (a page unmounting stops
 * it itself with logs.unfollow); a follow of an opened file also stops when that file is closed, and keeps
 * the file's index growing as it reads.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import type { LogsFollowControlInput, LogsFollowControlOutput, LogsFollowInput, LogsFollowOutput } from '../../../shared/logs/schemas';
import type { Caller } from '../../core/callers';
import type { Diagnostics } from '../../core/diagnostics';
import type { EventBus } from '../../core/events';
import { toLogEntry } from './entries';
import { Follower, type FollowBatch, type FollowTarget, type FollowerResources } from './follow';
import type { OpenedLogs } from './opened';
import type { LogSources } from './sources';

interface FollowHandle {
  follower: Follower;
  openId: string | null;
  /** Unties it from its caller. */
  release: () => void;
}

export interface FollowsDeps {
  events: EventBus;
  diagnostics: Diagnostics;
  clock: () => Date;
  pollMs: () => Promise<number>;
  sources: LogSources;
  opened: OpenedLogs;
}

export class Follows {
  private readonly follows = new Map<string, FollowHandle>();

  constructor(private readonly deps: FollowsDeps) {}

  get count(): number {
    return this.follows.size;
  }

  resources(): FollowerResources {
    const sum = { watchers: 0, timers: 0 };
    for (const h of this.follows.values()) {
      const r = h.follower.resources();
      sum.watchers += r.watchers;
      sum.timers += r.timers;
    }
    return sum;
  }

  async follow(input: z.output<typeof LogsFollowInput>, caller: Caller): Promise<z.output<typeof LogsFollowOutput>> {
    const followId = randomUUID();
    const { target, startAt, openId, source } = await this.targetOf(input);
    const follower = new Follower(target, {
      startAt,
      pollMs: await this.deps.pollMs(),
      clock: this.deps.clock,
      onBatch: (b) => this.deliver(followId, openId, source, b),
      onError: (e, during) => this.deps.diagnostics.error(`Logs: following ${this.describe(target)} failed while ${during}`, e, { followId }),
    });
    const handle: FollowHandle = { follower, openId, release: () => undefined };
    this.follows.set(followId, handle);
    // Tied after it is in the map: a caller already gone stops it at once.
    handle.release = caller.onGone(() => this.stop(followId));
    try {
      await follower.start();
    } catch (e) {
      await this.stop(followId);
      throw e;
    }
    return { followId, file: follower.file };
  }

  async control(input: z.output<typeof LogsFollowControlInput>): Promise<z.output<typeof LogsFollowControlOutput>> {
    const { followId, action } = input;
    const h = this.follows.get(followId);
    if (!h) {
      if (action === 'stop') return { followId, state: 'stopped' };
      throw new HmcError('INVALID_INPUT', `No follow has the id ${followId}; start following again.`);
    }
    if (action === 'pause') {
      h.follower.pause();
      return { followId, state: 'paused' };
    }
    if (action === 'resume') {
      h.follower.resume();
      return { followId, state: 'following' };
    }
    await this.stop(followId);
    return { followId, state: 'stopped' };
  }

  async stop(followId: string): Promise<void> {
    const h = this.follows.get(followId);
    if (!h) return;
    this.follows.delete(followId);
    h.release();
    await h.follower.stop();
  }

  /** The follows of an opened file that was closed. */
  async stopFor(openId: string): Promise<void> {
    await Promise.all([...this.follows].filter(([, h]) => h.openId === openId).map(([id]) => this.stop(id)));
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.follows.keys()].map((id) => this.stop(id)));
  }

  /** An opened file from where its tail stopped; a source's files by pattern; or a file from its end. */
  private async targetOf(input: z.output<typeof LogsFollowInput>): Promise<{ target: FollowTarget; startAt: 'end' | number; openId: string | null; source: string | null }> {
    if (input.id) {
      const o = this.deps.opened.get(input.id);
      return { target: { kind: 'file', path: o.path }, startAt: o.tailEnd, openId: o.id, source: null };
    }
    if (input.source && !input.date) {
      const src = await this.deps.sources.byName(input.source);
      return { target: this.deps.sources.followTarget(src), startAt: 'end', openId: null, source: src.name };
    }
    const { path } = await this.deps.sources.resolve(input);
    return { target: { kind: 'file', path }, startAt: 'end', openId: null, source: null };
  }

  private deliver(followId: string, openId: string | null, source: string | null, b: FollowBatch): void {
    if (openId) {
      // What the follow reads, the opened file's index takes in too.
      const o = this.deps.opened.peek(openId);
      if (o) {
        if (b.reset === 'truncated' || b.reset === 'recreated') o.indexed.requestReset();
        void o.indexed.update();
      }
    }
    this.deps.events.emit('logs.entries', {
      followId,
      source,
      file: b.file,
      entries: b.entries.map((e) => ({ ...toLogEntry(e, b.file ?? '', null), update: e.update })),
      reset: b.reset,
      state: b.state,
    });
  }

  private describe(target: FollowTarget): string {
    return target.kind === 'file' ? target.path : `${target.folder} (${target.pattern})`;
  }
}
