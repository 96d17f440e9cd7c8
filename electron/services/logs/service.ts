/**
 * The log service: one instance in the composition root, its parts each in its own file:
 * the configured sources (sources.ts), opened files with their index and filtered views (opened.ts),
 * follows emitting 'logs.entries' (follows.ts), search (search-logs.ts), failures (failures.ts), the
 * 'logs.alerts' watcher (alerts.ts) and the incoming plans (incoming.ts). Opened files and follows belong to
 * the caller that asked for them and end when it goes.
 */
import type { z } from 'zod';
import type {
  LogFilter,
  LogsFailuresInput,
  LogsFindInput,
  LogsFollowControlInput,
  LogsFollowInput,
  LogsHistogramInput,
  LogsIncomingPlansInput,
  LogsOpenInput,
  LogsParseInput,
  LogsParseOutput,
  LogsReadInput,
  LogsSearchInput,
  LogsStats,
} from '../../../shared/logs/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { Caller } from '../../core/callers';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';
import type { EventBus } from '../../core/events';
import { AlertsWatcher } from './alerts';
import { parseFile, toLogEntry } from './entries';
import { failures } from './failures';
import { Follows } from './follows';
import { incomingPlans } from './incoming';
import type { IndexProgress } from './index-builder';
import { OpenedLogs } from './opened';
import { searchLogs } from './search-logs';
import { simdStatus } from './simd';
import { LogSources } from './sources';
import { LogAccess } from './access';
import type { Door } from '../../core/callers';
import type { PathAuthority } from '../../core/authority';

export interface LogServiceDeps {
  settings: () => Promise<Settings>;
  events: EventBus;
  /** The app's diagnostics log: failed reads, watchers and follows are written there. */
  diagnostics?: Diagnostics;
  clock?: () => Date;
  /** ms between checks for 'logs.alerts' subscribers (0 = never start alert watchers). */
  alertsCheckMs?: number;
}

export class LogService {
  private readonly sourcesPart: LogSources;
  private readonly opened: OpenedLogs;
  private readonly follows: Follows;
  private readonly alerts: AlertsWatcher;
  private readonly clock: () => Date;
  private readonly diagnostics: Diagnostics;
  /** Who asks when a call names nobody (tests, benchmarks): ends with the service. */
  private readonly ownCaller: Caller;
  /** Which files a door may read: the sources' folders and the files chosen this launch. */
  readonly access: LogAccess;

  constructor(private readonly deps: LogServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.diagnostics = deps.diagnostics ?? NO_DIAGNOSTICS;
    this.ownCaller = new Caller('logs-service', 'test', this.diagnostics);
    this.access = new LogAccess(deps.settings);
    this.sourcesPart = new LogSources({ settings: deps.settings, clock: this.clock, diagnostics: this.diagnostics });
    this.opened = new OpenedLogs(this.diagnostics);
    this.follows = new Follows({
      events: deps.events,
      diagnostics: this.diagnostics,
      clock: this.clock,
      pollMs: async () => (await deps.settings()).logs.pollMs,
      sources: this.sourcesPart,
      opened: this.opened,
    });
    this.opened.onClose = (id) => void this.follows.stopFor(id);
    this.alerts = new AlertsWatcher({ ...deps, diagnostics: this.diagnostics, clock: this.clock, sources: this.sourcesPart }, deps.alertsCheckMs ?? 1000);
    const simd = simdStatus();
    if (!simd.available) this.diagnostics.warn(`Logs: the WebAssembly kernels are not in use (${simd.problem}); searching and indexing run slower in plain JS`);
  }

  sources() {
    return this.sourcesPart.list();
  }

  /** `door` decides which files may be read (the renderer and the web API: the sources' folders and allowed files). */
  async open(input: z.output<typeof LogsOpenInput>, caller: Caller = this.ownCaller, door: Door = 'test') {
    const { path } = await this.sourcesPart.resolve(input);
    return this.opened.open(await this.access.file(path, door), input.tail, caller);
  }

  /**
   * A log file the admin allows for this launch, chosen through the door's authority (a dialog on the
   * desktop, the proposed path confirmed on the hmc serve terminal). Null when cancelled or refused.
   */
  async allow(proposed: string | undefined, authority: PathAuthority, signal?: AbortSignal): Promise<{ path: string | null; message: string }> {
    const check = async (p: string) => {
      try {
        await this.access.file(p, 'cli');
        return null;
      } catch (e) {
        return (e as Error).message;
      }
    };
    const chosen = await authority.choose(
      { label: 'log file to read', kind: 'file', use: 'the page shows its entries', current: null, proposed: proposed ?? null, check },
      signal,
    );
    if (chosen === null) return { path: null, message: `The log file was not allowed (cancelled ${authority.where}).` };
    const real = await this.access.file(chosen, 'cli');
    this.access.grant(real);
    return { path: chosen, message: `${chosen} may be read until the console is closed.` };
  }

  /**
   * A log file the user handed to the app itself (Open with, the command line): chosen explicitly,
   * so it may be read for this launch. Returns the sentence when it cannot be read (a folder, missing).
   */
  async grantChosen(path: string): Promise<string | null> {
    try {
      this.access.grant(await this.access.file(path, 'cli'));
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  read(input: z.output<typeof LogsReadInput>) {
    return this.opened.read(input);
  }

  histogram(input: z.output<typeof LogsHistogramInput>) {
    return this.opened.histogram(input);
  }

  find(input: z.output<typeof LogsFindInput>) {
    return this.opened.find(input);
  }

  close(id: string): boolean {
    return this.opened.close(id);
  }

  /** Waits until the index of an opened file has caught up (tests, CLI). */
  indexSettled(id: string): Promise<IndexProgress> {
    return this.opened.indexSettled(id);
  }

  /** Waits for a filtered view to be complete (tests). */
  viewSettled(id: string, filter: LogFilter): Promise<void> {
    return this.opened.viewSettled(id, filter);
  }

  async follow(input: z.output<typeof LogsFollowInput>, caller: Caller = this.ownCaller, door: Door = 'test') {
    if (!input.id && (input.path || input.date)) {
      const { path } = await this.sourcesPart.resolve(input);
      await this.access.file(path, door);
    }
    return this.follows.follow(input, caller);
  }

  unfollow(input: z.output<typeof LogsFollowControlInput>) {
    return this.follows.control(input);
  }

  async search(input: z.output<typeof LogsSearchInput>, signal?: AbortSignal, door: Door = 'test') {
    if (input.path) {
      if (/[*?]/.test(input.path)) await this.access.folder(input.path, door);
      else await this.access.file(input.path, door);
    }
    return searchLogs(this.sourcesPart, input, signal, (files) => this.access.filter(files, door));
  }

  async parse(input: z.output<typeof LogsParseInput>, door: Door = 'test'): Promise<z.output<typeof LogsParseOutput>> {
    await this.access.file(input.path, door);
    const { entries, encoding, encodingWarning } = await parseFile(input.path, { limit: input.limit });
    return { file: input.path, encoding, encodingWarning, entries: entries.map((e, i) => toLogEntry(e, input.path, i)) };
  }

  failures(input: z.output<typeof LogsFailuresInput>) {
    const openedPath = (id: string) => this.opened.peek(id)?.path ?? null;
    return failures({ sources: this.sourcesPart, clock: this.clock, diagnostics: this.diagnostics, openedPath }, input);
  }

  async incomingPlans(input: z.output<typeof LogsIncomingPlansInput>, signal?: AbortSignal, door: Door = 'test') {
    if (input.path) await this.access.file(input.path, door);
    return incomingPlans({ settings: this.deps.settings, clock: this.clock, diagnostics: this.diagnostics }, input, signal);
  }

  /** The alerts check, now (tests). */
  checkAlerts(): Promise<void> {
    return this.alerts.check();
  }

  /** What the service holds now. */
  stats(): LogsStats {
    const follows = this.follows.resources();
    const alerts = this.alerts.resources();
    return {
      opened: this.opened.count,
      follows: this.follows.count,
      alertFollowers: this.alerts.count,
      watchers: follows.watchers + alerts.watchers,
      timers: follows.timers + alerts.timers,
    };
  }

  async dispose(): Promise<void> {
    await this.alerts.dispose();
    await this.ownCaller.end();
    await this.follows.stopAll();
    this.opened.closeAll();
  }
}
