/**
 * The entry index of one file: byte offset, level and time of every entry, in typed arrays (17 bytes per
 * entry: a 1 GB log of ~3 million entries takes ~50 MB), filled run by run as the file is scanned.
 *
 * 8-bit text (UTF-8, ANSI) is indexed on its bytes, never decoded whole: a SIMD kernel (simd.ts) lists the
 * line starts that may begin a head (a digit, '[', '<!', a BOM), checked byte-exactly (headKindBytes);
 * another lists where a failure/warning trigger literal occurs (LEVEL_TRIGGERS), and only those lines are
 * decoded and tested with the level patterns. UTF-16 runs are decoded and scanned as text.
 * Both give what the entry assembler (parseFile) gives: same entry offsets, same levels.
 */
import { ERROR_PATTERN_SOURCE, LEVEL_TRIGGERS, WARNING_PATTERN_SOURCE, headKindAt, parseHead, startsEntry, type EntryKind } from '../../../shared/logs/parse';
import { headKindBytes, lineEndAt, lineTextAt } from './heads';
import { charWidth, type ByteMode, type Run } from './lines';
import { CHUNK } from './reader';
import { ByteScanner, HEAD_WORDS, OUT_MAX, RULE_OK } from './simd';

/** Bytes scanned per kernel call: heads and triggers of a piece while it is in the CPU cache. */
const PIECE = 256 * 1024;

const ERR_G = new RegExp(ERROR_PATTERN_SOURCE, 'gi');
const WARN_G = new RegExp(WARNING_PATTERN_SOURCE, 'gi');
const ERR_1 = new RegExp(ERROR_PATTERN_SOURCE, 'i');
const WARN_1 = new RegExp(WARNING_PATTERN_SOURCE, 'i');

/** A scanner set up for indexing (level triggers loaded). */
export function indexScanner(capacity = CHUNK): ByteScanner {
  const sc = new ByteScanner(capacity);
  sc.setTriggers(LEVEL_TRIGGERS);
  return sc;
}

export const LEVEL_CODE = { info: 0, warning: 1, error: 2 } as const;
export const LEVEL_NAME = ['info', 'warning', 'error'] as const;

/** Seconds since 1970 of a local wall-clock time read as if it were UTC (comparable, no zone). */
export function wallSeconds(iso: string | null): number {
  if (!iso) return NaN;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?/.exec(iso);
  if (!m) return NaN;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) / 1000 + (m[7] ? Number(`0.${m[7]}`) : 0);
}

export function wallIso(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

function d2(t: string, i: number): number {
  return (t.charCodeAt(i) - 48) * 10 + (t.charCodeAt(i + 1) - 48);
}

export class EntryIndex {
  offsets = new Float64Array(1 << 14);
  times = new Float64Array(1 << 14);
  levels = new Uint8Array(1 << 14);
  count = 0;
  errors = 0;
  warnings = 0;
  /** Mode changes: mode in force from each offset. */
  modes: Array<{ offset: number; mode: ByteMode }> = [];
  private openKind: EntryKind | null = null;
  private readonly starts: number[] = [];
  /** For 8-bit runs added without a scanner (non-lazy splitters). */
  private ownScanner: ByteScanner | null = null;
  private dayKey = -1;
  private daySeconds = 0;

  get memoryBytes(): number {
    return this.offsets.byteLength + this.times.byteLength + this.levels.byteLength;
  }

  reset(): void {
    this.count = 0;
    this.errors = 0;
    this.warnings = 0;
    this.modes = [];
    this.openKind = null;
  }

  /** Makes room for `entries` entries in all (a hint; growing doubles anyway). */
  reserve(entries: number): void {
    if (entries > this.offsets.length) this.grow(entries);
  }

  private grow(atLeast = 0): void {
    const cap = Math.max(atLeast, this.offsets.length * 2);
    const o = new Float64Array(cap);
    o.set(this.offsets);
    const t = new Float64Array(cap);
    t.set(this.times);
    const l = new Uint8Array(cap);
    l.set(this.levels);
    this.offsets = o;
    this.times = t;
    this.levels = l;
  }

  private setLevel(i: number, level: 1 | 2): void {
    const old = this.levels[i]!;
    if (old >= level) return;
    if (old === 1) this.warnings--;
    this.levels[i] = level;
    if (level === 2) this.errors++;
    else this.warnings++;
  }

  modeAt(offset: number): ByteMode {
    let mode: ByteMode = 'bit8';
    for (const m of this.modes) {
      if (m.offset <= offset) mode = m.mode;
      else break;
    }
    return mode;
  }

  /** The ordinal of the entry starting at `offset` (or containing it), -1 before the first. */
  ordinalAt(offset: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let ans = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! <= offset) {
        ans = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return ans;
  }

  /**
   * Indexes a run of complete lines. 8-bit runs are scanned on their bytes (`run.bytes` when the splitter
   * is lazy, else the latin1 text re-encoded), with `scanner` (one with the level triggers loaded).
   */
  addRun(run: Run, scanner?: ByteScanner): void {
    const lastMode = this.modes[this.modes.length - 1];
    if (!lastMode || lastMode.mode !== run.mode) this.modes.push({ offset: run.offset, mode: run.mode });
    if (run.mode === 'bit8') {
      const sc = scanner ?? (this.ownScanner ??= indexScanner(1 << 20));
      this.addBytes8(run.bytes ?? Buffer.from(run.text, 'latin1'), run.offset, sc);
      return;
    }
    this.addText(run);
  }

  private push(offset: number, time: number): number {
    if (this.count === this.offsets.length) this.grow();
    const i = this.count++;
    this.offsets[i] = offset;
    this.levels[i] = 0;
    this.times[i] = time;
    return i;
  }

  /** Seconds (wall clock read as UTC) of midnight of a yyyyMMdd date, cached for runs of the same day. */
  private dayStart(ymd: number): number {
    if (ymd !== this.dayKey) {
      this.dayKey = ymd;
      this.daySeconds = Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 1000;
    }
    return this.daySeconds;
  }

  /** Time of a head line (decoded exactly, as the assembler reads it); rule heads without fractions. */
  private headTime(kind: EntryKind, mem: Buffer, q: number, end: number): number {
    const time = parseHead(lineTextAt(mem, q, end))?.time ?? null;
    return wallSeconds(kind === 'rule' && time ? time.slice(0, 19) : time);
  }

  /**
   * 8-bit run [A, end) of the scanner's memory, in pieces that stay in the CPU cache: heads of a piece
   * (entries), then its trigger literals (levels).
   */
  private addBytes8(bytes: Buffer, base: number, sc: ByteScanner): void {
    const A = sc.place(bytes);
    const mem = sc.mem;
    const end = A + bytes.length;
    const firstNew = this.count;
    let q = A;
    // Before the first head every line is an entry of its own.
    while (q < end && (this.openKind === null || this.openKind === 'plain')) {
      const kind = headKindBytes(mem, q, end);
      this.push(base + (q - A), kind === null ? NaN : this.headTime(kind, mem, q, end));
      this.openKind = kind ?? 'plain';
      q = lineEndAt(mem, q, end) + 1;
    }
    if (q < end) {
      // From here on only head lines start entries: this line, then the line starts the kernel lists.
      const kind = headKindBytes(mem, q, end);
      if (kind !== null) {
        this.push(base + (q - A), this.headTime(kind, mem, q, end));
        this.openKind = kind;
      }
    }
    const cls = { entry: firstNew - 1, tested: A };
    for (let from = A; from < end; ) {
      const to = Math.min(end, from + PIECE);
      if (q < to) this.headsIn(sc, Math.max(q, from), to, A, end, base);
      this.classifyBytes(sc, from, to, A, end, base, cls);
      from = to;
    }
  }

  /** Entries of the lines starting after the newlines in [from, to). */
  private headsIn(sc: ByteScanner, from: number, to: number, A: number, end: number, base: number): void {
    const mem = sc.mem;
    for (;;) {
      const k = sc.heads(from, to, end);
      const out = sc.out;
      for (let i = 0; i < k; i++) {
        const h = out[i * HEAD_WORDS]!;
        const ymd = out[i * HEAD_WORDS + 1]!;
        if (ymd >= RULE_OK) {
          this.push(base + (h - A), this.dayStart(ymd - RULE_OK) + out[i * HEAD_WORDS + 2]!);
          this.openKind = 'rule';
          continue;
        }
        const kind = headKindBytes(mem, h, end);
        if (kind === null) continue;
        this.push(base + (h - A), this.headTime(kind, mem, h, end));
        this.openKind = kind;
      }
      if (k < OUT_MAX) return;
      from = out[(k - 1) * HEAD_WORDS]!;
    }
  }

  /**
   * Levels from the lines in [from, to) holding a trigger literal (every pattern match holds one).
   * `st.entry`: the entry holding the last candidate (firstNew - 1: the one open before this run);
   * `st.tested`: candidates before it are on lines already tested.
   */
  private classifyBytes(sc: ByteScanner, from: number, to: number, A: number, end: number, base: number, st: { entry: number; tested: number }): void {
    const mem = sc.mem;
    const offsets = this.offsets;
    const count = this.count;
    for (;;) {
      const cnt = sc.triggers(from, to);
      const out = sc.out;
      for (let i = 0; i < cnt; i++) {
        const c = out[i]!;
        if (c < st.tested) continue;
        const at = base + (c - A);
        while (st.entry + 1 < count && offsets[st.entry + 1]! <= at) st.entry++;
        const entry = st.entry;
        if (entry < 0) continue;
        if (this.levels[entry] === 2) {
          // One error is enough: on to the next entry (known up to this piece's end).
          st.tested = entry + 1 < count ? A + (offsets[entry + 1]! - base) : to;
          continue;
        }
        const nl = c > A ? mem.lastIndexOf(10, c - 1) : -1;
        const ls = nl < A ? A : nl + 1;
        const le = lineEndAt(mem, c, end);
        // Pattern characters are ASCII and match ASCII only (no `u` flag), so latin1 reads like the decoded line.
        const line = mem.toString('latin1', ls, le);
        if (ERR_1.test(line)) this.setLevel(entry, 2);
        else if (this.levels[entry]! < 1 && WARN_1.test(line)) this.setLevel(entry, 1);
        st.tested = le + 1;
      }
      if (cnt < OUT_MAX) return;
      from = out[cnt - 1]! + 1;
    }
  }

  /** UTF-16 runs: decoded text. */
  private addText(run: Run): void {
    const t = run.text;
    const w = charWidth(run.mode);
    const base = run.offset;
    const firstNew = this.count;
    const starts = this.starts;
    starts.length = 0;
    let pos = 0;
    const n = t.length;
    while (pos < n) {
      // A BOM at a line start is dropped from the line (runLines), so the head may follow it.
      const hp = t.charCodeAt(pos) === 0xfeff ? pos + 1 : pos;
      const kind = headKindAt(t, hp);
      let nl = t.indexOf('\n', pos);
      if (nl < 0) nl = n;
      if (startsEntry(kind, this.openKind)) {
        let time = NaN;
        if (kind === 'rule') {
          time =
            Date.UTC(
              d2(t, hp) * 100 + d2(t, hp + 2),
              d2(t, hp + 5) - 1,
              d2(t, hp + 8),
              d2(t, hp + 11),
              d2(t, hp + 14),
              d2(t, hp + 17),
            ) / 1000;
        } else if (kind !== null) {
          time = wallSeconds(parseHead(t.slice(hp, nl > hp && t.charCodeAt(nl - 1) === 13 ? nl - 1 : nl))?.time ?? null);
        }
        this.push(base + pos * w, time);
        starts.push(pos);
        this.openKind = kind ?? 'plain';
      }
      pos = nl + 1;
    }
    this.classify(t, ERR_G, 2, firstNew);
    this.classify(t, WARN_G, 1, firstNew);
  }

  private classify(t: string, re: RegExp, level: 1 | 2, firstNew: number): void {
    const starts = this.starts;
    re.lastIndex = 0;
    let k = -1; // entry (relative to firstNew) containing the match; -1 = the one open before this run
    for (;;) {
      const m = re.exec(t);
      if (!m) break;
      const at = m.index;
      while (k + 1 < starts.length && starts[k + 1]! <= at) k++;
      const entry = firstNew + k;
      if (entry >= 0) {
        this.setLevel(entry, level);
      }
      // Skip to the next entry: one match is enough.
      const next = starts[k + 1];
      if (next === undefined) break;
      if (next > re.lastIndex) re.lastIndex = next;
    }
  }
}

