/**
 * Which log files a call may read. Through the renderer and the web API (doors `ipc` and `http`) only files
 * inside a configured source's folder, or files the admin chose for this launch (a native dialog on the
 * desktop, a path confirmed on the hmc serve terminal); both judged on the real path, so a link inside a
 * folder that points out of it is refused. A path on the hmc command line is the admin's own choice and
 * stays allowed. A folder is refused from every door with a sentence.
 */
import { realpath, stat } from 'node:fs/promises';
import { dirname, sep } from 'node:path';
import { HmcError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings/schema';
import type { Door } from '../../core/callers';
import { fileError } from './reader';

/** The doors whose paths come from a page, not from the admin's own command line. */
export function restricts(door: Door): boolean {
  return door === 'ipc' || door === 'http';
}

const fold = (p: string) => (process.platform === 'win32' ? p.toLowerCase() : p);

/** `path` is `folder` itself or inside it (both real paths). */
export function isInside(path: string, folder: string): boolean {
  const f = fold(folder.endsWith(sep) ? folder : folder + sep);
  return fold(path).startsWith(f);
}

async function realOrNull(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch (e) {
    // A source folder that is not there (yet) grants nothing; anything else is the same answer.
    void e;
    return null;
  }
}

/** A source's file: its real path stays in the source's real folder (a link out of it is not one of its files). */
export async function inFolder(path: string, folder: string): Promise<boolean> {
  const [real, base] = await Promise.all([realOrNull(path), realOrNull(folder)]);
  return real !== null && base !== null && isInside(real, base);
}

export class LogAccess {
  /** Real paths of the files chosen this launch. */
  private readonly granted = new Set<string>();

  constructor(private readonly settings: () => Promise<Settings>) {}

  /** The real paths of every configured source's folder that exists. */
  async folders(): Promise<string[]> {
    const out: string[] = [];
    for (const src of (await this.settings()).logs.sources) {
      const real = await realOrNull(src.folder);
      if (real) out.push(real);
    }
    return out;
  }

  /** Allows one file (its real path) for the rest of this launch. */
  grant(real: string): void {
    this.granted.add(fold(real));
  }

  /** Allows a file the main process itself wrote (a rule replay's log), by its real path. */
  async grantWritten(path: string): Promise<void> {
    const real = await realOrNull(path);
    if (real) this.grant(real);
  }

  private async allowed(real: string, folders?: string[]): Promise<boolean> {
    if (this.granted.has(fold(real))) return true;
    return (folders ?? (await this.folders())).some((f) => isInside(real, f));
  }

  private refusal(path: string, door: Door): HmcError {
    const how =
      door === 'ipc'
        ? 'choose it with "Choose file…" on the Logs page'
        : 'press "Ask to allow" on the Logs page and confirm it on the hmc serve terminal';
    return new HmcError('PATH_NOT_ALLOWED', `${path} is not in a configured log source's folder, so this page may not read it. Add its folder as a source in Settings > Logs, or ${how}.`);
  }

  /** The real path of a log file `door` may read; a sentence (HmcError) otherwise. */
  async file(path: string, door: Door): Promise<string> {
    let real: string;
    try {
      real = await realpath(path);
    } catch (e) {
      throw fileError(path, e);
    }
    const st = await stat(real).catch((e: unknown) => {
      throw fileError(path, e);
    });
    if (st.isDirectory()) throw new HmcError('FILE_UNREADABLE', `${path} is a folder, not a log file; give a file in it, or add the folder as a source in Settings > Logs.`);
    if (restricts(door) && !(await this.allowed(real))) throw this.refusal(path, door);
    return real;
  }

  /** For a search glob: the folder it names must be a source's folder (or inside one). */
  async folder(globPath: string, door: Door): Promise<void> {
    if (!restricts(door)) return;
    const dir = dirname(globPath);
    const real = await realOrNull(dir);
    if (!real || !(await this.folders()).some((f) => isInside(real, f) || fold(real) === fold(f))) throw this.refusal(globPath, door);
  }

  /** The files of a list `door` may read (those a link takes out of the allowed folders are left out). */
  async filter(paths: string[], door: Door): Promise<string[]> {
    if (!restricts(door)) return paths;
    const folders = await this.folders();
    const out: string[] = [];
    for (const p of paths) {
      const real = await realOrNull(p);
      if (real && (await this.allowed(real, folders))) out.push(p);
    }
    return out;
  }
}
