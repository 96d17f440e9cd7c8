/**
 * Byte-offset reading: ranges and chunk streams, never a whole file in memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { sniffEncoding } from '../../../shared/encoding';
import { HmcError } from '../../../shared/errors';
import type { ByteScanner } from './simd';

export const CHUNK = 4 * 1024 * 1024;

export function fileError(path: string, e: unknown): HmcError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new HmcError('FILE_NOT_FOUND', `The log file ${path} does not exist; check the path or the source's folder.`);
  if (code === 'EISDIR') return new HmcError('FILE_UNREADABLE', `${path} is a folder, not a log file; pick a file.`);
  return new HmcError('FILE_UNREADABLE', `The log file ${path} could not be read (${code ?? (e as Error).message}); check permissions and the share.`);
}

export async function openFile(path: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw fileError(path, e);
  }
  await refuseUtf16be(fh, path);
  return fh;
}

/**
 * IQService, PowerShell and .NET write UTF-8, ANSI or UTF-16LE; a UTF-16BE file (BOM or not) would read
 * as noise, so it is refused with what to do instead.
 */
async function refuseUtf16be(fh: FileHandle, path: string): Promise<void> {
  let head: Buffer;
  try {
    head = await readRange(fh, 0, 512);
  } catch (e) {
    await fh.close();
    throw fileError(path, e);
  }
  if (sniffEncoding(head).encoding !== 'utf-16be') return;
  await fh.close();
  throw new HmcError(
    'FILE_UNREADABLE',
    `The log file ${path} is UTF-16BE (big-endian), which the log viewer does not read; save a copy as UTF-8 or UTF-16LE (PowerShell: Get-Content -Encoding BigEndianUnicode FILE | Set-Content -Encoding utf8 COPY) and open that.`,
  );
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

/** Reads up to `len` bytes at `position` into `buf` (from its start); returns how many were read. */
export async function readInto(fh: FileHandle, buf: Buffer, len: number, position: number): Promise<number> {
  let got = 0;
  while (got < len) {
    const { bytesRead } = await fh.read(buf, got, len - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
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

export interface PumpedChunk {
  /** Address of the chunk in the scanner's memory (the carried bytes first, then the new ones). */
  addr: number;
  len: number;
  /** File offset of the byte at `addr`. */
  offset: number;
  /** The chunk reaches the end of the range. */
  final: boolean;
}

/**
 * Reads a byte range in chunks straight into a ByteScanner's memory, reading the next chunk while the
 * caller works on the current one (two slots in `hay`, each room for a carry and a chunk). The caller hands
 * back the tail it did not finish (`carry`: a partial line, an unfinished entry); it is placed right before
 * the next chunk so the caller sees contiguous bytes (a carry longer than a chunk goes to the spill area).
 * The scanner's `hay` must hold 4 x `chunk` bytes. Call `drain()` before closing the file.
 */
export class ChunkPump {
  private slot = 0;
  private inflight: Promise<number> | null = null;
  private inflightAt = 0;
  private readAt: number;

  constructor(
    private readonly fh: FileHandle,
    private readonly sc: ByteScanner,
    start: number,
    private readonly end: number,
    private readonly chunk: number,
  ) {
    if (sc.hayCapacity < 4 * chunk) throw new Error('ChunkPump: the scanner is too small for the chunk size');
    this.readAt = start;
    this.launch();
  }

  private slotData(k: number): number {
    return this.sc.hayBase + k * 2 * this.chunk + this.chunk;
  }

  private launch(): void {
    const len = Math.min(this.chunk, this.end - this.readAt);
    if (len <= 0) {
      this.inflight = null;
      return;
    }
    const at = this.slotData(this.slot);
    this.inflightAt = this.readAt;
    this.readAt += len;
    this.inflight = readInto(this.fh, this.sc.mem.subarray(at, at + len), len, this.inflightAt);
  }

  /** The next chunk with `carry` before it, or null at the end of the range (the carry is then left alone). */
  async next(carry: Uint8Array | null): Promise<PumpedChunk | null> {
    if (!this.inflight) return null;
    const got = await this.inflight;
    this.inflight = null;
    if (got === 0) return null;
    const k = this.slot;
    const data = this.slotData(k);
    const at = this.inflightAt;
    const c = carry?.length ?? 0;
    let addr: number;
    if (c <= this.chunk) {
      addr = data - c;
      if (c) this.sc.mem.set(carry!, addr);
    } else {
      // Longer than a slot's carry room: carry and chunk go to the spill area (no read is in flight now).
      const saved = carry!.buffer === this.sc.mem.buffer ? Buffer.from(carry!) : carry!;
      addr = this.sc.spill(c + got);
      this.sc.mem.set(saved, addr);
      this.sc.mem.copyWithin(addr + c, data, data + got);
    }
    const final = at + got >= this.end;
    this.slot = 1 - k;
    if (!final) this.launch();
    return { addr, len: c + got, offset: at - c, final };
  }

  /** Waits for a read still in flight (before the file is closed). */
  async drain(): Promise<void> {
    // Its bytes are not wanted any more (the search stopped, or failed on its own): only the wait matters.
    if (this.inflight) await this.inflight.catch(() => 0);
    this.inflight = null;
  }
}
