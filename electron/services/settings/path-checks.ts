/**
 * Checks a chosen path before the admin is asked to confirm it (and again before it is saved): it is
 * absolute, and it is what its setting needs (a program, a readable file, a folder, a file whose folder exists).
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import type { PathKind } from '../../../shared/settings/paths';

async function statOf(path: string) {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** One sentence about what is wrong with `path` for a setting of `kind`, or null. */
export async function checkChosenPath(kind: PathKind, label: string, path: string): Promise<string | null> {
  if (!isAbsolute(path)) return `The ${label} must be a full path (starting at a drive or /), not "${path}".`;
  if (path.includes('\0')) return `The ${label} contains a NUL character; retype it.`;
  try {
    const st = await statOf(path);
    switch (kind) {
      case 'folder':
        if (!st) return `The folder ${path} does not exist; create it or choose another.`;
        return st.isDirectory() ? null : `${path} is a file, not a folder; choose the folder it is in.`;
      case 'file':
        if (!st) return `The file ${path} does not exist; check the path.`;
        if (!st.isFile()) return `${path} is not a file; choose the file itself.`;
        await access(path, constants.R_OK);
        return null;
      case 'executable':
        if (!st) return `The program ${path} does not exist; check the path (e.g. C:\\Program Files\\PowerShell\\7\\pwsh.exe).`;
        if (!st.isFile()) return `${path} is not a program file; choose pwsh itself.`;
        if (process.platform !== 'win32') await access(path, constants.X_OK);
        return null;
      case 'save-file': {
        if (st && !st.isFile()) return `${path} is a folder; give a file name inside it, e.g. ${path}/sandbox-directory.json.`;
        const parent = await statOf(dirname(path));
        return parent?.isDirectory() ? null : `The folder ${dirname(path)} does not exist; create it first.`;
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return `The console cannot use ${path} (${code}); check its permissions.`;
  }
}
