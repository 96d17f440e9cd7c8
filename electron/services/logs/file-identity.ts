/**
 * Telling whether a followed file is still the one that was read: its inode and birth time, its first
 * bytes, and the bytes just before where reading stopped. A file replaced (deleted and recreated) or
 * truncated (and maybe refilled beyond the old size before we looked) is read again from the top.
 */
import type { Stats } from 'node:fs';
import { stat, type FileHandle } from 'node:fs/promises';
import { openFile, readRange } from './reader';

/** Bytes of a file's start (identity) and of the bytes just read (they must still be there next time). */
export const FP = 64;

export interface Identity {
  ino: number;
  birth: number;
  /** The file's first FP bytes (fewer while it is shorter). */
  head: Buffer;
}

export type FileChange = 'truncated' | 'recreated';

/**
 * The file's stats now, or null: a followed file that is absent, or cannot be looked at right now (a share
 * gone), counts as missing; the follower reports that as its state and looks again at the next poll.
 */
export function statNow(path: string): Promise<Stats | null> {
  return stat(path).catch(() => null);
}

export async function identityOf(fh: FileHandle, st: Stats, size: number): Promise<Identity> {
  const head = await readRange(fh, 0, Math.min(FP, size));
  return { ino: st.ino, birth: st.birthtimeMs, head: Buffer.from(head) };
}

export async function readIdentity(path: string, st: Stats): Promise<Identity> {
  const fh = await openFile(path);
  try {
    return await identityOf(fh, st, st.size);
  } finally {
    await fh.close();
  }
}

/**
 * What happened to the file since it was read up to `offset` (whose last bytes were `tailFp`): null when
 * it is the same file (grown or not).
 */
export async function changeSince(fh: FileHandle, st: Stats, size: number, id: Identity | null, offset: number, tailFp: Buffer): Promise<FileChange | null> {
  if (id) {
    const headNow = await readRange(fh, 0, Math.min(FP, size));
    const k = Math.min(id.head.length, headNow.length);
    if (st.ino !== id.ino || Boolean(id.birth && st.birthtimeMs && st.birthtimeMs !== id.birth)) return 'recreated';
    // Same inode with other first bytes: truncated and rewritten in place.
    if (!headNow.subarray(0, k).equals(id.head.subarray(0, k))) return 'truncated';
  }
  if (size < offset) return 'truncated';
  if (offset > 0 && tailFp.length && !(await readRange(fh, offset - tailFp.length, offset)).equals(tailFp)) return id ? 'truncated' : 'recreated';
  return null;
}
