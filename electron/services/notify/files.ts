/**
 * The notify files in the data folder: JSON written atomically (temporary file, fsync, rename;
 * owner-only), and one cross-process lock per store (proper-lockfile: a lock directory with stale
 * detection, so a process that died holding it does not block the others for more than `stale` ms).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Diagnostics } from '../../core/diagnostics';

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(JSON.stringify(value));
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** The parsed file, or null when it does not exist. A file that does not parse is reported (it is moved aside by the caller). */
export async function readJson(file: string): Promise<{ value: unknown } | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return { value: JSON.parse(text) as unknown };
}

/** A lock shared by every process on the data folder, held only for a read-modify-write. */
export class FolderLock {
  constructor(
    private readonly path: string,
    private readonly diagnostics: Diagnostics,
    private readonly staleMs = 10_000,
  ) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dirname(this.path), { recursive: true });
    const release = await lockfile.lock(this.path, {
      realpath: false,
      stale: this.staleMs,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 100, randomize: true },
      onCompromised: (e) => this.diagnostics.warn(`The notify lock ${this.path} was taken over (${e.message}); another process found it stale.`),
    });
    try {
      return await fn();
    } finally {
      try {
        await release();
      } catch (e) {
        // Released already (compromised and taken over): the other process owns it now.
        this.diagnostics.warn(`Releasing the notify lock ${this.path} failed: ${(e as Error).message}`);
      }
    }
  }
}
