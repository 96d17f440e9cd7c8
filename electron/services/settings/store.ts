/**
 * The settings file: one versioned JSON document validated by the shared schema.
 * A corrupt or invalid file is never overwritten: it is moved aside, the problem is reported
 * (naming the field), and defaults are used until the admin saves new settings.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SETTINGS_VERSION, Settings, defaultSettings } from '../../../shared/settings/schema';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../core/diagnostics';

export interface LoadedSettings {
  settings: Settings;
  problem: string | null;
}

type Upgrade = (old: Record<string, unknown>) => Record<string, unknown>;

/** upgrades[n] turns a version-n document into version n+1. Version 0 = files without a version. */
const upgrades: Record<number, Upgrade> = {
  0: (old) => ({ ...old, version: 1 }),
  1: upgradeNotifyTls,
};

/** Version 2: `notify.requireTls` (true/false) became the TLS mode (STARTTLS required, or none). */
export function upgradeNotifyTls(old: Record<string, unknown>): Record<string, unknown> {
  const notify = old.notify;
  if (!notify || typeof notify !== 'object' || Array.isArray(notify)) return { ...old, version: 2 };
  const { requireTls, ...rest } = notify as Record<string, unknown>;
  const tls = rest.tls ?? (requireTls === false ? 'none' : 'starttls');
  return { ...old, version: 2, notify: { ...rest, tls } };
}

export function upgradeDocument(doc: Record<string, unknown>): Record<string, unknown> {
  let current = doc;
  let version = typeof current.version === 'number' ? current.version : 0;
  while (version < SETTINGS_VERSION) {
    const step = upgrades[version];
    if (!step) throw new Error(`no upgrade from settings version ${version}`);
    current = step(current);
    version = current.version as number;
  }
  return current;
}

export class SettingsStore {
  private current: Settings = defaultSettings();
  private problem: string | null = null;
  private loaded = false;
  private readonly listeners = new Set<(s: Settings) => void>();

  /** `overlay` adjusts what callers see without touching the file (e.g. --sandbox). */
  constructor(
    readonly file: string,
    private readonly overlay: (s: Settings) => Settings = (s) => s,
    private readonly diagnostics: Diagnostics = NO_DIAGNOSTICS,
  ) {}

  async load(): Promise<LoadedSettings> {
    this.loaded = true;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.current = defaultSettings();
        this.problem = null;
        return this.snapshot();
      }
      this.current = defaultSettings();
      this.problem = `The settings file ${this.file} could not be read (${(e as Error).message}); defaults are in use.`;
      this.diagnostics.warn(this.problem);
      return this.snapshot();
    }
    const outcome = parseSettingsText(text.replace(/^\uFEFF/, ''));
    if (outcome.ok) {
      this.current = outcome.settings;
      this.problem = null;
    } else {
      const aside = `${this.file}.invalid-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      let kept = aside;
      try {
        await rename(this.file, aside);
      } catch (e) {
        // Not moved aside: it stays where it is, untouched, and the problem names that place.
        kept = this.file;
        this.diagnostics.warn(`The invalid settings file could not be moved aside to ${aside}`, { error: (e as Error).message });
      }
      this.current = defaultSettings();
      this.problem = `${outcome.problem} The file was kept as ${kept} and defaults are in use; fix the field there or save new settings.`;
      this.diagnostics.warn(this.problem);
    }
    return this.snapshot();
  }

  async get(): Promise<Settings> {
    if (!this.loaded) await this.load();
    return this.overlay(this.current);
  }

  getProblem(): string | null {
    return this.problem;
  }

  snapshot(): LoadedSettings {
    return { settings: this.overlay(this.current), problem: this.problem };
  }

  async save(next: Settings): Promise<Settings> {
    const checked = Settings.parse(next);
    await mkdir(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 });
    await rename(tmp, this.file);
    this.current = checked;
    this.problem = null;
    this.loaded = true;
    const seen = this.overlay(checked);
    for (const l of this.listeners) l(seen);
    return seen;
  }

  onChange(listener: (s: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function parseSettingsText(text: string): { ok: true; settings: Settings } | { ok: false; problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `The settings file is not valid JSON (${(e as Error).message}).` };
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, problem: 'The settings file does not hold a JSON object.' };
  }
  const version = (doc as { version?: unknown }).version;
  if (typeof version === 'number' && version > SETTINGS_VERSION) {
    return {
      ok: false,
      problem: `The settings file is version ${version}, newer than this app understands (${SETTINGS_VERSION}).`,
    };
  }
  let upgraded: Record<string, unknown>;
  try {
    upgraded = upgradeDocument(doc as Record<string, unknown>);
  } catch (e) {
    return { ok: false, problem: `The settings file could not be upgraded (${(e as Error).message}).` };
  }
  const parsed = Settings.safeParse(upgraded);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length ? issue.path.join('.') : '(root)';
    return { ok: false, problem: `The settings field "${field}" is invalid: ${issue?.message ?? 'unknown problem'}.` };
  }
  return { ok: true, settings: parsed.data };
}
