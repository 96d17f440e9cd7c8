/**
 * Looking for log files that may not be there: a source's folder before its first log, a file deleted or
 * rotated away between listing and reading. Absence is an answer (null, or no names); any other failure
 * (permissions, a share gone) is an answer too, but written to the diagnostics log with the path first.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { Diagnostics } from '../../core/diagnostics';

const ABSENT = new Set(['ENOENT', 'ENOTDIR']);

function report(diagnostics: Diagnostics, what: string, path: string, e: unknown): void {
  const code = (e as NodeJS.ErrnoException).code;
  if (code && ABSENT.has(code)) return;
  diagnostics.warn(`Logs: could not ${what} ${path}; treated as absent`, { code: code ?? null, message: (e as Error).message });
}

/** The file's stats, or null when it does not exist (or cannot be read: then logged). */
export async function statIfExists(path: string, diagnostics: Diagnostics): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (e) {
    report(diagnostics, 'look at', path, e);
    return null;
  }
}

/** The names in a folder, or none when it does not exist (or cannot be listed: then logged). */
export async function listFolder(dir: string, diagnostics: Diagnostics): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    report(diagnostics, 'list the folder', dir, e);
    return [];
  }
}
