/**
 * Byte-offset reading: ranges and chunk streams, never a whole file in memory.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { HmcError } from '../../../shared/errors';

export const CHUNK = 4 * 1024 * 1024;

export function fileError(path: string, e: unknown): HmcError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new HmcError('FILE_NOT_FOUND', `The log file ${path} does not exist; check the path or the source's folder.`);
  if (code === 'EISDIR') return new HmcError('FILE_UNREADABLE', `${path} is a folder, not a log file; pick a file.`);
  return new HmcError('FILE_UNREADABLE', `The log file ${path} could not be read (${code ?? (e as Error).message}); check permissions and the share.`);
}

export async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (e) {
    throw fileError(path, e);
  }
}

export async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    throw fileError(path, e);
  }
}

/** Reads [start, end) (clipped to what the file holds). */
export async function readRange(fh: FileHandle, start: number, end: number): Promise<Buffer> {
  const len = Math.max(0, end - start);
  const buf = Buffer.allocUnsafe(len);
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, start + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === len ? buf : buf.subarray(0, got);
}

/** Streams [start, end) in chunks. */
export async function* chunks(fh: FileHandle, start: number, end: number, size = CHUNK): AsyncGenerator<Buffer> {
  let pos = start;
  while (pos < end) {
    const buf = await readRange(fh, pos, Math.min(end, pos + size));
    if (buf.length === 0) return;
    pos += buf.length;
    yield buf;
  }
}
