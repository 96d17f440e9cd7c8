/**
 * The run behind a failing log entry, for the mail: the entries of the same user from the run's
 * start up to the failing entry, read from a bounded window of the file before the entry (never
 * the whole file), and the run's request XML masked by the plan inspector. Logged XML in the
 * excerpt is replaced by its masked form too, so raw XML never reaches a mail.
 */
import { open } from 'node:fs/promises';
import { EntryAssembler, entryMatchesUser, extractXml, type ParsedEntry } from '../../../shared/logs/parse';
import { inspectPlan } from '../../../shared/plans';
import type { ExcerptEntry } from '../../../shared/notify/compose';

const BEFORE = 256 * 1024;
const AFTER = 64 * 1024;
const MAX_ENTRIES = 60;
const START = /^\s*(?:Starting|Begin(?:ning)?|Start)\b/i;
const FINISH = /^\s*(?:Finished|Completed|Ended|Ending)\b/i;

export interface RunExcerpt {
  entries: ExcerptEntry[];
  requestXml: string | null;
  /** Why a part is missing (unreadable file, XML that would not parse). */
  notes: string[];
}

type Mode = 'utf8' | 'utf16le' | 'latin1';

function decode(bytes: Buffer, mode: Mode): string {
  if (mode === 'utf16le') return bytes.toString('utf16le');
  const text = new TextDecoder('utf-8').decode(bytes);
  return mode === 'latin1' || text.includes('\uFFFD') ? new TextDecoder('windows-1252').decode(bytes) : text;
}

/** Lines with their byte offsets, from a window of the file that starts on a line boundary. */
function linesOf(buf: Buffer, base: number, mode: Mode, dropFirst: boolean): Array<{ offset: number; text: string }> {
  const width = mode === 'utf16le' ? 2 : 1;
  const out: Array<{ offset: number; text: string }> = [];
  let from = 0;
  for (let i = 0; i + width <= buf.length; i += width) {
    if (buf[i] === 10 && (width === 1 || buf[i + 1] === 0)) {
      out.push({ offset: base + from, text: decode(buf.subarray(from, i), mode).replace(/\r$/, '') });
      from = i + width;
    }
  }
  if (from < buf.length) out.push({ offset: base + from, text: decode(buf.subarray(from), mode).replace(/\r$/, '') });
  return dropFirst ? out.slice(1) : out;
}

/** The plan inspector's masked XML of a logged document, or a sentence why there is none. */
export function maskedXml(message: string): { xml: string | null; problem: string | null } {
  const xml = extractXml(message);
  if (!xml) return { xml: null, problem: null };
  try {
    const inspected = inspectPlan({ document: xml, includeRaw: true });
    return { xml: inspected.raw?.document ?? null, problem: null };
  } catch (e) {
    return { xml: null, problem: `The logged XML could not be read by the plan inspector (${(e as Error).message.split('\n')[0]}); it is left out.` };
  }
}

export async function readRun(file: string, offset: number, user: string | null): Promise<RunExcerpt> {
  const notes: string[] = [];
  let entries: ParsedEntry[];
  try {
    const fh = await open(file, 'r');
    try {
      const head = Buffer.alloc(3);
      await fh.read(head, 0, 3, 0);
      const mode: Mode = head[0] === 0xff && head[1] === 0xfe ? 'utf16le' : 'utf8';
      let start = Math.max(mode === 'utf16le' ? 2 : head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0, offset - BEFORE);
      if (mode === 'utf16le' && start % 2 !== 0) start--;
      const size = (await fh.stat()).size;
      const end = Math.min(size, offset + AFTER);
      const buf = Buffer.alloc(Math.max(0, end - start));
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      const lines = linesOf(buf.subarray(0, bytesRead), start, mode, start > 3 && offset - BEFORE > 0);
      const asm = new EntryAssembler();
      const all: ParsedEntry[] = [];
      for (const line of lines) asm.push(line, all);
      asm.flush(all);
      entries = all;
    } finally {
      await fh.close();
    }
  } catch (e) {
    notes.push(`The log file ${file} could not be read for the run's entries (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
    return { entries: [], requestXml: null, notes };
  }
  const at = entries.findIndex((e) => e.offset === offset);
  if (at < 0) {
    notes.push('The failing entry was not found in the log any more (rotated or rewritten); the mail has the entry alone.');
    return { entries: [], requestXml: null, notes };
  }
  // The log decides whose run it is: the failing entry's own user, else the one the caller named.
  user = entries[at]!.user ?? user;
  const run: ParsedEntry[] = [entries[at]!];
  for (let i = at - 1; i >= 0 && run.length < MAX_ENTRIES; i--) {
    const e = entries[i]!;
    const mine = user ? e.user === null || entryMatchesUser(e.user, e.message, user) : true;
    if (!mine) continue;
    if (user && FINISH.test(e.message) && entryMatchesUser(e.user, e.message, user)) break;
    run.unshift(e);
    if (user && START.test(e.message) && entryMatchesUser(e.user, e.message, user)) break;
    if (!user && run.length >= 10) break;
  }
  let requestXml: string | null = null;
  const out: ExcerptEntry[] = run.map((e) => {
    if (!e.xml) return { time: e.time, level: e.level, message: e.message };
    const masked = maskedXml(e.message);
    if (masked.problem) notes.push(masked.problem);
    if (e.xml === 'request' && masked.xml) requestXml = masked.xml;
    const label = e.xml === 'request' ? 'Request Object ::' : 'Result Object ::';
    return { time: e.time, level: e.level, message: masked.xml ? `${label} ${masked.xml}` : `${label} (XML left out: it could not be masked)` };
  });
  return { entries: out, requestXml, notes };
}
