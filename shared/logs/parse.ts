/**
 * The log line and entry rules (pure; shared by the main-process reader, the CLI and the renderer).
 *
 * - A line that starts with the rules' timestamp prefix `yyyy-MM-dd HH:mm:ss::` starts an entry ("rule");
 *   following lines without a recognised prefix belong to it (logged XML spans many lines).
 * - Other recognised heads: IQService/.NET style trace lines starting with a timestamp
 *   (`yyyy-MM-dd HH:mm:ss[.fff]`, `[...]`, or `MM/dd/yyyy h:mm:ss [AM|PM]`) ("trace"), and CMTrace lines
 *   `<![LOG[message]LOG]!><time="..." date="MM-dd-yyyy" ... type="1|2|3" ...>` ("cmtrace").
 * - A line without a recognised head that does not continue a recognised entry is a one-line plain entry.
 * - Level: error when the entry's text matches a failure phrase the rules use (ERROR_PATTERN), else warning
 *   (WARNING_PATTERN), else info. The index builder runs the same patterns over whole chunks, so both agree.
 */

export type LogLevel = 'error' | 'warning' | 'info';
export type EntryKind = 'rule' | 'trace' | 'cmtrace' | 'plain';
export type XmlKind = 'request' | 'result';

export const LEVEL_RANK: Record<LogLevel, number> = { info: 0, warning: 1, error: 2 };

/** Failure phrases (case-insensitive). No pattern may span a line break. */
export const ERROR_PATTERN_SOURCE = [
  'cannot create mailbox',
  'cannot connect',
  'errors from service result',
  '\\bfail(?:ed|ure|s)?\\b',
  '[a-z]exception\\b',
  '\\bexception\\b',
  '\\berror\\b',
  '\\bfatal\\b',
  'fullyqualifiederrorid',
  'non-zero exit code',
  'type="3"',
].join('|');
export const WARNING_PATTERN_SOURCE = ['\\bwarn(?:ing)?s?\\b', 'type="2"'].join('|');
/**
 * Three-character literals such that every match of ERROR_PATTERN_SOURCE or WARNING_PATTERN_SOURCE contains
 * one of them (ASCII case-insensitively): byte scanners look for these and run the patterns only on the
 * lines holding one, so pick rare ones. Keep them in step with the patterns (a unit test checks examples of
 * each alternative).
 */
export const LEVEL_TRIGGERS = ['nno', 'rro', 'fai', 'xce', 'fat', 'n-z', 'pe=', 'arn'] as const;

const ERROR_TEST = new RegExp(ERROR_PATTERN_SOURCE, 'i');
const WARNING_TEST = new RegExp(WARNING_PATTERN_SOURCE, 'i');

export function classify(text: string): LogLevel {
  if (ERROR_TEST.test(text)) return 'error';
  if (WARNING_TEST.test(text)) return 'warning';
  return 'info';
}

export interface LineHead {
  kind: Exclude<EntryKind, 'plain'>;
  /** ISO 8601 local time as written (no zone), or null. */
  time: string | null;
  /** The line's text after the timestamp prefix (cmtrace: the whole line). */
  body: string;
}

/** `yyyy-MM-dd HH:mm:ss::` (fractions and a space before `::` tolerated). Sticky so scanners test in place. */
export const RULE_HEAD = /(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,7})?) ?::/y;
const ISO_HEAD = /\[?(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:[.,](\d{1,7}))?(?:Z|[+-]\d{2}:?\d{2})?\]?(?:\s*[:|-]\s|\s+|$)/y;
const US_HEAD = /\[?(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,7}))?(?: ?([AaPp][Mm]))? ?\]?(?:\s*[:|-]\s|\s+|$)/y;
const CMTRACE_OPEN = '<![LOG[';

function p2(n: number | string): string {
  return String(n).padStart(2, '0');
}

/**
 * Whether the line at `pos` of `s` starts with a recognised head, and which kind (no allocation:
 * used by the index scanner over whole chunks).
 */
export function headKindAt(s: string, pos: number): LineHead['kind'] | null {
  const c = s.charCodeAt(pos);
  if (c >= 48 && c <= 57) {
    RULE_HEAD.lastIndex = pos;
    if (RULE_HEAD.test(s)) return 'rule';
    ISO_HEAD.lastIndex = pos;
    if (ISO_HEAD.test(s)) return 'trace';
    US_HEAD.lastIndex = pos;
    if (US_HEAD.test(s)) return 'trace';
    return null;
  }
  if (c === 60 /* < */) return s.startsWith(CMTRACE_OPEN, pos) ? 'cmtrace' : null;
  if (c === 91 /* [ */) {
    ISO_HEAD.lastIndex = pos;
    if (ISO_HEAD.test(s)) return 'trace';
    US_HEAD.lastIndex = pos;
    if (US_HEAD.test(s)) return 'trace';
  }
  return null;
}

export function parseHead(line: string): LineHead | null {
  const kind = headKindAt(line, 0);
  if (!kind) return null;
  if (kind === 'cmtrace') return { kind, time: cmtraceTime(line), body: line };
  if (kind === 'rule') {
    RULE_HEAD.lastIndex = 0;
    const m = RULE_HEAD.exec(line)!;
    return { kind, time: `${m[1]}T${m[2]}`, body: line.slice(m[0].length) };
  }
  ISO_HEAD.lastIndex = 0;
  let m = ISO_HEAD.exec(line);
  if (m) {
    return { kind, time: `${m[1]}T${m[2]}${m[3] ? `.${m[3]}` : ''}`, body: line.slice(m[0].length) };
  }
  US_HEAD.lastIndex = 0;
  m = US_HEAD.exec(line)!;
  let hour = Number(m[4]);
  const ampm = m[8]?.toUpperCase();
  if (ampm === 'PM' && hour < 12) hour += 12;
  if (ampm === 'AM' && hour === 12) hour = 0;
  const time = `${m[3]}-${p2(m[1]!)}-${p2(m[2]!)}T${p2(hour)}:${m[5]}:${m[6]}${m[7] ? `.${m[7]}` : ''}`;
  return { kind, time, body: line.slice(m[0].length) };
}

const CM_META = /\]LOG\]!><time="(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?[^"]*" date="(\d{1,2})-(\d{1,2})-(\d{4})"/;

function cmtraceTime(text: string): string | null {
  const m = CM_META.exec(text);
  if (!m) return null;
  return `${m[7]}-${p2(m[5]!)}-${p2(m[6]!)}T${p2(m[1]!)}:${m[2]}:${m[3]}${m[4] ? `.${m[4]}` : ''}`;
}

/** The message of a CMTrace entry: the text between `<![LOG[` and `]LOG]!>`. */
function cmtraceMessage(text: string): string {
  const start = text.startsWith(CMTRACE_OPEN) ? CMTRACE_OPEN.length : 0;
  const end = text.lastIndexOf(']LOG]!>');
  return end >= start ? text.slice(start, end) : text.slice(start);
}

// ---------------------------------------------------------------------------------------------
// Users

const USER_PATTERNS: RegExp[] = [
  /name="sAMAccountName"[^>]*?value="([^"]+)"/i,
  /\bsAMAccountName\b["']?\s*(?:[:=]|->|is)\s*["']?([^\s"',;<>()]+)/i,
  /\b(?:userPrincipalName|UPN)\b["']?\s*(?:[:=]|->|is)\s*["']?([^\s"',;<>()]+@[^\s"',;<>()]+)/i,
  /\b(?:user ?name|login(?: ?name)?)\s*[:=]\s*["']?([A-Za-z0-9._$@-]{1,64})["']?/i,
  /\b(?:user|account|identity|mailbox|object|recipient)\s*[:=]?\s*'([^'\r\n]{1,256})'/i,
  /\bfor (?:user |account )?'([^'\r\n]{1,256})'/i,
  /\b(?:user|account|identity|for user)\s*[:=]\s*"?([A-Za-z0-9._$@-]{1,64})"?/i,
  /\b(?:mailbox|account|user)(?:\s+[a-z]+)?\s+(?:for|of)\s+'?([A-Za-z0-9._$-]{1,64}?)'?(?=[\s:,;)]|\.?$|\.\s)/i,
  /\bConnector\w+\s+for\s+'?([A-Za-z0-9._$-]{1,64}?)'?(?=[\s:,;)]|\.?$|\.\s)/i,
];
const DN_RE = /\bCN=(?:\\.|[^,\\\r\n"<>])+(?:,\s*(?:CN|OU|O|L|C)=(?:\\.|[^,\\\r\n"<>])+)*(?:,\s*DC=[A-Za-z0-9-]+)+/i;
/** Names that are parts of a distinguished name or placeholders, never a user. */
const NOT_A_USER = /^(?:null|none|\$null|cn|ou|dc|o|l|c|dn|n\/a|unknown|user|account|mailbox|object|identity|recipient|the|for)$/i;

function isUserName(v: string, rest: string): boolean {
  if (!v || NOT_A_USER.test(v)) return false;
  // "CN=Uma Reyes,...": the start of a DN, not a name; a whole DN is never a user name either.
  if (/^\s*=/.test(rest) || /^(?:CN|OU|DC)=/i.test(v)) return false;
  return true;
}

/**
 * The user an entry names: a sAMAccountName or a UPN, or null. A distinguished name is never a user name
 * (extractDn gives it; the entry's run resolves it to the user).
 */
export function extractUser(text: string): string | null {
  const t = text.length > 65_536 ? text.slice(0, 65_536) : text;
  for (const re of USER_PATTERNS) {
    const m = re.exec(t);
    if (m?.[1]) {
      const v = m[1].trim();
      if (isUserName(v, t.slice(m.index + m[0].length))) return v;
    }
  }
  const native = /nativeIdentity="([^"]+)"/i.exec(t);
  if (native?.[1] && !native[1].includes('=') && isUserName(native[1], '')) return native[1];
  return null;
}

/** The distinguished name an entry names (a request's nativeIdentity first), or null. */
export function extractDn(text: string): string | null {
  const t = text.length > 65_536 ? text.slice(0, 65_536) : text;
  const native = /nativeIdentity="(CN=[^"]+)"/i.exec(t);
  if (native?.[1]) return native[1].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
  const dn = DN_RE.exec(t);
  return dn ? dn[0].trim() : null;
}

/**
 * Whether an entry concerns the given user (its run's user or any name its run used, else the user, DN or
 * CN named in its text), case-insensitive.
 */
export function entryMatchesUser(entryUser: string | null, text: string, wanted: string, names?: readonly string[]): boolean {
  const w = wanted.trim().toLowerCase();
  if (!w) return true;
  if (names?.includes(w)) return true;
  if (entryUser) {
    const u = entryUser.toLowerCase();
    if (u === w) return true;
    if (u.startsWith('cn=') && (u.startsWith(`cn=${w},`) || u === w)) return true;
  }
  // The user named anywhere in the text as a whole word (e.g. "Cannot create mailbox for aobrien").
  const lower = text.toLowerCase();
  let i = lower.indexOf(w);
  while (i >= 0) {
    const before = i === 0 ? '' : lower[i - 1]!;
    const after = lower[i + w.length] ?? '';
    if (!/[a-z0-9_.$-]/.test(before) && !/[a-z0-9_$-]/.test(after) && !(after === '.' && /[a-z0-9]/.test(lower[i + w.length + 1] ?? ''))) {
      return true;
    }
    i = lower.indexOf(w, i + 1);
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// XML documents logged by the rules

export function xmlKindOf(text: string): XmlKind | null {
  if (/Request Object\s*::/i.test(text)) return 'request';
  if (/Result Object\s*::/i.test(text)) return 'result';
  if (/<(?:AccountRequest|ProvisioningPlan)\b/.test(text)) return 'request';
  if (/<ServiceResult\b/.test(text)) return 'result';
  return null;
}

/** The XML document embedded in an entry's message (from its first `<` after the marker), or null. */
export function extractXml(message: string): string | null {
  const marker = /(?:Request|Result) Object\s*::\s*/i.exec(message);
  const from = marker ? marker.index + marker[0].length : 0;
  const lt = message.indexOf('<', from);
  if (lt < 0) return null;
  const doc = message.slice(lt).trim();
  return /^<(?:\?xml|!DOCTYPE|[A-Za-z])/.test(doc) ? doc : null;
}

// ---------------------------------------------------------------------------------------------
// Entries

export interface LogLine {
  /** Byte offset of the line's first byte in its file. */
  offset: number;
  /** Text without the line break. */
  text: string;
}

export interface ParsedEntry {
  kind: EntryKind;
  time: string | null;
  level: LogLevel;
  /** The user the entry names (sAMAccountName or UPN; never a DN), or, once its run is known, the run's. */
  user: string | null;
  /** The distinguished name the entry names, or null. */
  dn: string | null;
  /** The entry's whole text after the timestamp, continuation lines included. */
  message: string;
  lines: number;
  xml: XmlKind | null;
  offset: number;
}

export function buildEntry(kind: EntryKind, time: string | null, offset: number, texts: string[]): ParsedEntry {
  const raw = texts.join('\n');
  const message = kind === 'cmtrace' ? cmtraceMessage(raw) : raw;
  return {
    kind,
    time: kind === 'cmtrace' ? cmtraceTime(raw) : time,
    level: classify(raw),
    user: extractUser(message),
    dn: extractDn(message),
    message,
    lines: texts.length,
    xml: xmlKindOf(message),
    offset,
  };
}

/** Whether a line (with its head, if any) starts a new entry given the kind of the open entry. */
export function startsEntry(head: LineHead['kind'] | null, open: EntryKind | null): boolean {
  return head !== null || open === null || open === 'plain';
}

/** Groups lines into entries in file order. Push lines; completed entries come back; flush the last one. */
export class EntryAssembler {
  private kind: EntryKind | null = null;
  private time: string | null = null;
  private offset = 0;
  private texts: string[] = [];

  /** Lines in the open entry (0 = none). */
  get openLines(): number {
    return this.texts.length;
  }

  get openOffset(): number | null {
    return this.kind === null ? null : this.offset;
  }

  push(line: LogLine, out: ParsedEntry[] = []): ParsedEntry[] {
    const head = parseHead(line.text);
    if (startsEntry(head?.kind ?? null, this.kind)) {
      this.flush(out);
      this.kind = head?.kind ?? 'plain';
      this.time = head?.time ?? null;
      this.offset = line.offset;
      this.texts = [head ? head.body : line.text];
    } else {
      this.texts.push(line.text);
    }
    return out;
  }

  /** The open entry as it stands, without closing it. */
  peek(): ParsedEntry | null {
    return this.kind === null ? null : buildEntry(this.kind, this.time, this.offset, this.texts);
  }

  flush(out: ParsedEntry[] = []): ParsedEntry[] {
    if (this.kind !== null) out.push(buildEntry(this.kind, this.time, this.offset, this.texts));
    this.kind = null;
    this.time = null;
    this.texts = [];
    return out;
  }

  reset(): void {
    this.kind = null;
    this.time = null;
    this.texts = [];
  }
}

/** Parses a whole text (lines joined by \n or \r\n) into entries; offsets are character offsets. */
export function parseText(text: string): ParsedEntry[] {
  const asm = new EntryAssembler();
  const out: ParsedEntry[] = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    asm.push({ offset: pos, text: text.slice(pos, end) }, out);
    pos = nl + 1;
  }
  return asm.flush(out);
}

/** Normalises a --since/--until value into a comparable local ISO prefix ("2025-03-03T09:00:00"). */
export function normaliseTimeBound(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$/.exec(value.trim());
  if (!m) return null;
  const time = m[2] ? `${m[2]}:${m[3]}:${m[4] ?? '00'}${m[5] ? `.${m[5]}` : ''}` : '00:00:00';
  return `${m[1]}T${time}`;
}
