/**
 * The last screen of a file at once: read backwards in growing windows (256 KB, then x4 up to 64 MB) from the
 * end until enough whole entries are in hand, starting each window on a line boundary in the encoding in
 * force there. A partial last line is left out (it is still being written).
 */
import type { ParsedEntry } from '../../../shared/logs/parse';
import type { LogEncoding } from '../../../shared/logs/schemas';
import { EntryStream } from './entries';
import { encodingWarning, sniffMode } from './lines';
import { openFile, readRange } from './reader';

const FIRST_WINDOW = 256 * 1024;
const MAX_WINDOW = 64 * 1024 * 1024;

export interface Tail {
  /** Oldest first. */
  entries: ParsedEntry[];
  /** Byte offset after the last complete line: a follow continues from here. */
  end: number;
  size: number;
  encoding: LogEncoding;
  /** Bytes of the tail that are not UTF-8, as a sentence naming the first offset. */
  encodingWarning: string | null;
}

/** Where the first whole line of a window starting mid-file begins, and the stream to read it with. */
function streamAt(sample: Buffer, start: number): { stream: EntryStream; from: number } {
  if (start === 0) return { stream: new EntryStream(0, null), from: 0 };
  const { mode, skip } = sniffMode(sample, start);
  let from: number;
  if (mode === 'utf16le') {
    let i = skip;
    while (i + 1 < sample.length && !(sample[i] === 0x0a && sample[i + 1] === 0)) i += 2;
    from = Math.min(sample.length, i + 2);
  } else {
    from = sample.indexOf(0x0a) + 1;
  }
  return { stream: new EntryStream(start + from, mode), from };
}

export async function readTail(path: string, wanted: number): Promise<Tail> {
  const fh = await openFile(path);
  try {
    const size = (await fh.stat()).size;
    for (let window = FIRST_WINDOW; ; window *= 4) {
      const start = Math.max(0, size - window);
      const sample = await readRange(fh, start, size);
      const { stream, from } = streamAt(sample, start);
      const entries = stream.push(from ? sample.subarray(from) : sample);
      stream.assembler.flush(entries);
      // Mid-file, the first entry may have begun before the window.
      if (start > 0 && entries.length && entries.some((e) => e.kind !== 'plain')) entries.shift();
      if (entries.length >= wanted || start === 0 || window >= MAX_WINDOW) {
        return { entries: entries.slice(-wanted), end: stream.splitter.consumed, size, encoding: stream.splitter.tally.summary(), encodingWarning: encodingWarning(stream.splitter.tally, path) };
      }
    }
  } finally {
    await fh.close();
  }
}
