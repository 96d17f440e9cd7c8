/**
 * Bytes -> entries: the line splitter feeding the shared entry assembler, plus whole-file parsing.
 */
import { EntryAssembler, type LogLine, type ParsedEntry } from '../../../shared/logs/parse';
import { maskLogText } from '../../../shared/secrets';
import { RunAnnotator, type RunEntry } from '../../../shared/logs/runs';
import type { LogEncoding, LogEntry } from '../../../shared/logs/schemas';
import { LineSplitter, encodingWarning, runLines, type ByteMode, type Run } from './lines';
import { chunks, fileError, openFile } from './reader';

export function toLogEntry(p: ParsedEntry, file: string, index: number | null = null): LogEntry {
  const run = (p as Partial<RunEntry>).run;
  return {
    ...(run !== undefined ? { run } : {}),
    time: p.time,
    level: p.level,
    user: p.user,
    message: maskLogText(p.message),
    lines: p.lines,
    file,
    offset: p.offset,
    kind: p.kind,
    xml: p.xml,
    index,
  };
}

/** Splitter + assembler: push bytes, get the entries completed by them. */
export class EntryStream {
  readonly splitter: LineSplitter;
  readonly assembler = new EntryAssembler();
  private readonly lines: LogLine[] = [];

  constructor(startOffset = 0, mode: ByteMode | null = null) {
    this.splitter = new LineSplitter(startOffset, mode);
  }

  push(chunk: Buffer, out: ParsedEntry[] = []): ParsedEntry[] {
    return this.feed(this.splitter.push(chunk), out);
  }

  /** End of input: the partial last line and the open entry complete. */
  flush(out: ParsedEntry[] = []): ParsedEntry[] {
    this.feed(this.splitter.flush(), out);
    return this.assembler.flush(out);
  }

  feed(runs: Run[], out: ParsedEntry[]): ParsedEntry[] {
    for (const run of runs) {
      this.lines.length = 0;
      for (const line of runLines(run, 0, run.text.length, this.lines)) this.assembler.push(line, out);
    }
    return out;
  }
}

export interface ParseFileOptions {
  start?: number;
  end?: number;
  mode?: ByteMode | null;
  limit?: number;
  /** Called per entry in file order; return false to stop. */
  onEntry?: (e: ParsedEntry) => boolean | void;
  /**
   * Work out each entry's rule run (shared/logs/runs.ts): entries then carry their run's user and id
   * (`RunEntry`), still in file order.
   */
  runs?: boolean;
}

/** Parses a file (or a byte range of it) into entries, streaming. Returns the encoding seen. */
export async function parseFile(path: string, opts: ParseFileOptions = {}): Promise<{ entries: ParsedEntry[]; encoding: LogEncoding; size: number; encodingWarning: string | null }> {
  const fh = await openFile(path);
  const entries: ParsedEntry[] = [];
  const limit = opts.limit ?? Infinity;
  try {
    let size: number;
    try {
      size = (await fh.stat()).size;
    } catch (e) {
      throw fileError(path, e);
    }
    const end = Math.min(opts.end ?? size, size);
    const stream = new EntryStream(opts.start ?? 0, opts.mode ?? null);
    const runs = opts.runs ? new RunAnnotator(path) : null;
    let stopped = false;
    const take = (parsed: ParsedEntry[], last = false) => {
      let batch: ParsedEntry[] = parsed;
      if (runs) {
        const annotated: RunEntry[] = [];
        for (const e of parsed) runs.push(e, annotated);
        if (last) runs.flush(annotated);
        batch = annotated;
      }
      for (const e of batch) {
        if (stopped) return;
        if (opts.onEntry && opts.onEntry(e) === false) stopped = true;
        if (!opts.onEntry) entries.push(e);
        if (entries.length >= limit) stopped = true;
      }
    };
    for await (const chunk of chunks(fh, opts.start ?? 0, end)) {
      take(stream.push(chunk));
      if (stopped) break;
    }
    if (!stopped) take(stream.flush(), true);
    return { entries, encoding: stream.splitter.tally.summary(), size, encodingWarning: encodingWarning(stream.splitter.tally, path) };
  } finally {
    await fh.close();
  }
}
