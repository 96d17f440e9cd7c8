/**
 * The settings capability's service: reads and saves the settings through the one SettingsStore
 * (which owns the file), and after a save tells the rest of the console what may have changed.
 */
import type { z } from 'zod';
import type { SessionState } from '../../../shared/exchange/schemas';
import { HmcError } from '../../../shared/errors';
import { pinnedChanges, pinnedRefusal, type PolicyInfo } from '../../../shared/settings/policy';
import type { Settings } from '../../../shared/settings/schema';
import type { PolicySource } from './policy';
import type { EventBus } from '../../core/events';
import type { SettingsStore } from './store';

export interface SettingsServiceDeps {
  store: SettingsStore;
  events: EventBus;
  /** The Exchange session as it stands now: announced after a save, since the mode may have changed. */
  sessionState: () => SessionState;
  /** Forgets the PowerShell found so far: the saved settings may name another executable. */
  invalidatePowerShell: () => void;
  /** The machine-wide policy: pinned settings are refused here. */
  policy?: PolicySource;
}

export class SettingsService {
  constructor(private readonly deps: SettingsServiceDeps) {}

  get(): Promise<Settings> {
    return this.deps.store.get();
  }

  /** Set when the file was invalid: it was kept aside and defaults are in use. */
  problem(): string | null {
    return this.deps.store.getProblem();
  }

  /** The policy in force, read again from its file (an administrator may have just deployed it). */
  async policy(): Promise<PolicyInfo> {
    const { policy } = this.deps;
    if (!policy) return { file: '(none)', present: false, problem: null, pinned: [], disallow: { bulk: false, hideUnhide: false } };
    return policy.load();
  }

  async update(next: z.output<typeof Settings>): Promise<Settings> {
    const policy = this.deps.policy;
    if (policy) {
      const changed = pinnedChanges(next, policy.current());
      if (changed.length) throw new HmcError('POLICY_DISALLOWED', pinnedRefusal(changed, policy.file));
    }
    const saved = await this.deps.store.save(next);
    this.deps.invalidatePowerShell();
    // Every window's status bar and sandbox banner re-read the status on this event.
    this.deps.events.emit('session.status', this.deps.sessionState());
    return saved;
  }
}
