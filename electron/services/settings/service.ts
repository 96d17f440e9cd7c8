/**
 * The settings capability's service: reads and saves the settings through the one SettingsStore
 * (which owns the file), and after a save tells the rest of the console what may have changed.
 * A path setting (shared/settings/paths.ts) is never taken from the caller as text: `update` refuses a
 * value the settings do not already hold, and `choosePath` asks the door's authority for it.
 */
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import type { SessionState } from '../../../shared/exchange/schemas';
import { pinnedChanges, pinnedRefusal, type PolicyInfo } from '../../../shared/settings/policy';
import type { ChoosePathInput, ChoosePathOutput } from '../../../shared/settings/contract';
import { PATH_SETTINGS, applyPath, currentPath, howToSetPath, newPathValues } from '../../../shared/settings/paths';
import { Settings } from '../../../shared/settings/schema';
import { validateSettings } from '../../../shared/settings/validate';
import type { PathAuthority } from '../../core/authority';
import type { Door } from '../../core/callers';
import type { PolicySource } from './policy';
import type { EventBus } from '../../core/events';
import { checkChosenPath } from './path-checks';
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

/** Refuses settings the schema takes but that do not hold together, naming each field. */
function refuseInvalid(s: Settings): void {
  const issues = validateSettings(s);
  if (issues.length) {
    throw new HmcError('INVALID_INPUT', issues.map((i) => i.message).join(' '), { issues });
  }
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

  /**
   * Saves settings from a caller. In-process code (door `test`) is trusted like the main process; from
   * every other door a path value the settings do not already hold is refused with how to set it.
   */
  async update(next: z.output<typeof Settings>, door: Door = 'test'): Promise<Settings> {
    if (door !== 'test') {
      const added = newPathValues(await this.deps.store.get(), next);
      if (added.length) {
        const keys = [...new Set(added.map((a) => a.key))];
        throw new HmcError('PATH_NOT_ALLOWED', keys.map(howToSetPath).join(' '), {
          issues: added.map((a) => ({ path: a.field, message: howToSetPath(a.key) })),
        });
      }
    }
    refuseInvalid(next);
    return this.save(next);
  }

  /** Sets one path setting to what the door's authority chose (a dialog, a confirmation on a terminal). */
  async choosePath(input: z.output<typeof ChoosePathInput>, authority: PathAuthority, signal?: AbortSignal): Promise<z.output<typeof ChoosePathOutput>> {
    const { key, proposed, ...target } = input;
    const spec = PATH_SETTINGS[key];
    const before = await this.deps.store.get();
    if (key === 'logs.sources[].folder') {
      if (Boolean(target.source) === Boolean(target.add)) throw new HmcError('INVALID_INPUT', 'Say which log source the folder is for (source), or give a new source to add (add), not both.');
      if (target.source && currentPath(before, key, target) === null) throw new HmcError('INVALID_INPUT', `There is no log source named "${target.source}"; check the name in Settings > Logs.`);
    }
    const check = (path: string) => checkChosenPath(spec.kind, spec.label, path);
    const chosen = await authority.choose(
      { label: spec.label, kind: spec.kind, use: spec.use, current: currentPath(before, key, target), proposed: proposed ?? null, check },
      signal,
    );
    if (chosen === null) return { settings: before, chosen: null, message: `The ${spec.label} was not changed (cancelled ${authority.where}).` };
    const problem = await check(chosen);
    if (problem) throw new HmcError('INVALID_INPUT', problem);
    const next = Settings.parse(applyPath(await this.deps.store.get(), key, chosen, target));
    refuseInvalid(next);
    const settings = await this.save(next);
    return { settings, chosen, message: `The ${spec.label} is now ${chosen}.` };
  }

  /** Every save goes through here: a value the machine policy pins cannot be changed by any door. */
  private async save(next: Settings): Promise<Settings> {
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
