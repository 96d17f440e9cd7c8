/**
 * The one list of settings that name a path the main process executes, loads, reads or writes. A page
 * (the renderer, the web API) never sets them as a string: `settings.update` refuses a value it does not
 * already hold, and a change goes through `settings.choosePath`, which asks the front door's authority (a
 * native dialog on the desktop, a confirmation on the `hmc serve` terminal, `hmc config set` on a terminal).
 * Removing a value (back to the default, a source or CA file taken out) is never refused: it names nothing new.
 */
import { z } from 'zod';
import type { LogSource, Settings } from './schema';

export const PATH_KEYS = ['powershell.path', 'exchange.sandboxDirectory', 'logs.sources[].folder', 'connectivity.extraCaFiles'] as const;
export const PathKey = z.enum(PATH_KEYS);
export type PathKey = z.infer<typeof PathKey>;

/** What the authority asks for: a program to run, a file to read, a file to write, a folder to read. */
export type PathKind = 'executable' | 'file' | 'save-file' | 'folder';

export interface PathSetting {
  kind: PathKind;
  /** What the value is, as the dialog or the terminal prompt names it. */
  label: string;
  /** What the console does with it (why it is not taken from a page). */
  use: string;
  /** The field path the page shows errors at. */
  field: string[];
}

export const PATH_SETTINGS: Record<PathKey, PathSetting> = {
  'powershell.path': {
    kind: 'executable',
    label: 'PowerShell executable',
    use: 'the program the console runs for every Exchange call',
    field: ['powershell', 'path'],
  },
  'exchange.sandboxDirectory': {
    kind: 'save-file',
    label: 'sandbox Exchange directory file',
    use: 'the file the sandbox Exchange reads and overwrites',
    field: ['exchange', 'sandboxDirectory'],
  },
  'logs.sources[].folder': {
    kind: 'folder',
    label: 'log source folder',
    use: 'a folder whose files the console reads and shows',
    field: ['logs', 'sources'],
  },
  'connectivity.extraCaFiles': {
    kind: 'file',
    label: 'CA certificate file (PEM)',
    use: 'a file the console loads as a trusted certificate authority',
    field: ['connectivity', 'extraCaFiles'],
  },
};

/** The sentence `settings.update` answers with for a path setting it will not take from the caller. */
export function howToSetPath(key: PathKey): string {
  const s = PATH_SETTINGS[key];
  return (
    `${key} names ${s.use}, so it is never taken from a page or the web API as text. ` +
    `Use "Change…" in Settings (a file dialog in the desktop app; in the browser, a change confirmed on the hmc serve terminal), ` +
    `or run "hmc config set ${key} VALUE" on a terminal.`
  );
}

export interface PathChange {
  key: PathKey;
  /** Where in the settings the new value sits. */
  field: string[];
  value: string;
}

/** Samples a list of folders or files as a set (Windows paths compare case-insensitively). */
function has(list: readonly string[], value: string): boolean {
  const v = value.toLowerCase();
  return list.some((x) => x.toLowerCase() === v);
}

/** The path values `next` holds that `current` does not: what a page may not introduce. */
export function newPathValues(current: Settings, next: Settings): PathChange[] {
  const out: PathChange[] = [];
  if (next.powershell.path !== null && next.powershell.path !== current.powershell.path) {
    out.push({ key: 'powershell.path', field: ['powershell', 'path'], value: next.powershell.path });
  }
  if (next.exchange.sandboxDirectory !== null && next.exchange.sandboxDirectory !== current.exchange.sandboxDirectory) {
    out.push({ key: 'exchange.sandboxDirectory', field: ['exchange', 'sandboxDirectory'], value: next.exchange.sandboxDirectory });
  }
  const folders = current.logs.sources.map((s) => s.folder);
  next.logs.sources.forEach((s, i) => {
    if (!has(folders, s.folder)) out.push({ key: 'logs.sources[].folder', field: ['logs', 'sources', String(i), 'folder'], value: s.folder });
  });
  next.connectivity.extraCaFiles.forEach((f, i) => {
    if (!has(current.connectivity.extraCaFiles, f)) out.push({ key: 'connectivity.extraCaFiles', field: ['connectivity', 'extraCaFiles', String(i)], value: f });
  });
  return out;
}

/** Which log source a folder change is for: an existing one (by name) or a new one to add. */
export const ChoosePathTarget = z
  .object({
    /** logs.sources[].folder: the source whose folder changes. */
    source: z.string().min(1).max(100).optional(),
    /** logs.sources[].folder: a new source, added with the chosen folder. */
    add: z
      .object({ name: z.string().min(1).max(100), pattern: z.string().min(1), enabled: z.boolean().default(true) })
      .strict()
      .optional(),
  })
  .strict();

/** The settings with one chosen path applied (pure; the caller validates the result). */
export function applyPath(s: Settings, key: PathKey, value: string, target: z.output<typeof ChoosePathTarget>): Settings {
  switch (key) {
    case 'powershell.path':
      return { ...s, powershell: { ...s.powershell, path: value } };
    case 'exchange.sandboxDirectory':
      return { ...s, exchange: { ...s.exchange, sandboxDirectory: value } };
    case 'connectivity.extraCaFiles':
      return has(s.connectivity.extraCaFiles, value) ? s : { ...s, connectivity: { ...s.connectivity, extraCaFiles: [...s.connectivity.extraCaFiles, value] } };
    case 'logs.sources[].folder': {
      if (target.add) {
        const added: LogSource = { name: target.add.name, folder: value, pattern: target.add.pattern, enabled: target.add.enabled };
        return { ...s, logs: { ...s.logs, sources: [...s.logs.sources, added] } };
      }
      const name = target.source?.toLowerCase();
      return { ...s, logs: { ...s.logs, sources: s.logs.sources.map((src) => (src.name.toLowerCase() === name ? { ...src, folder: value } : src)) } };
    }
  }
}

/** The value a path setting holds now (for a list, null: a choice adds one). */
export function currentPath(s: Settings, key: PathKey, target: z.output<typeof ChoosePathTarget>): string | null {
  switch (key) {
    case 'powershell.path':
      return s.powershell.path;
    case 'exchange.sandboxDirectory':
      return s.exchange.sandboxDirectory;
    case 'connectivity.extraCaFiles':
      return null;
    case 'logs.sources[].folder': {
      const name = target.source?.toLowerCase();
      return s.logs.sources.find((src) => src.name.toLowerCase() === name)?.folder ?? null;
    }
  }
}
