/**
 * Log file-name patterns with date tokens: {yyyy} {MM} {dd} (e.g. `{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log`
 * or `ConnectorAfterCreate_{yyyy}{MM}{dd}.log`). A pattern without tokens names one fixed file (IQTrace.log).
 */

export interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

const TOKEN_RE = /\{(yyyy|MM|dd)\}/g;

export function hasDateTokens(pattern: string): boolean {
  return /\{(?:yyyy|MM|dd)\}/.test(pattern);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** The file name the pattern gives for a local calendar date. */
export function fileNameFor(pattern: string, date: LocalDate): string {
  return pattern.replace(TOKEN_RE, (_m, t: string) =>
    t === 'yyyy' ? pad(date.year, 4) : t === 'MM' ? pad(date.month, 2) : pad(date.day, 2),
  );
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles the pattern into a matcher returning the date a file name stands for (null = not this pattern). */
export function compilePattern(pattern: string, caseInsensitive = true): (name: string) => LocalDate | null {
  const order: Array<'yyyy' | 'MM' | 'dd'> = [];
  let src = '';
  let last = 0;
  for (const m of pattern.matchAll(TOKEN_RE)) {
    src += escapeRe(pattern.slice(last, m.index));
    const t = m[1] as 'yyyy' | 'MM' | 'dd';
    order.push(t);
    src += t === 'yyyy' ? '(\\d{4})' : '(\\d{2})';
    last = m.index + m[0].length;
  }
  src += escapeRe(pattern.slice(last));
  const re = new RegExp(`^${src}$`, caseInsensitive ? 'i' : '');
  return (name) => {
    const m = re.exec(name);
    if (!m) return null;
    const d: LocalDate = { year: 1970, month: 1, day: 1 };
    order.forEach((t, i) => {
      const v = Number(m[i + 1]);
      if (t === 'yyyy') d.year = v;
      else if (t === 'MM') d.month = v;
      else d.day = v;
    });
    if (d.month < 1 || d.month > 12 || d.day < 1 || d.day > 31) return null;
    return d;
  };
}

export function localDateOf(d: Date): LocalDate {
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

export function formatLocalDate(d: LocalDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

export function parseLocalDate(s: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function compareLocalDate(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The next calendar day (pure arithmetic, no time zone involved). */
export function nextDay(d: LocalDate): LocalDate {
  const dim = [31, isLeap(d.year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][d.month - 1] ?? 31;
  if (d.day < dim) return { ...d, day: d.day + 1 };
  if (d.month < 12) return { year: d.year, month: d.month + 1, day: 1 };
  return { year: d.year + 1, month: 1, day: 1 };
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** A simple glob for the last path segment: `*` any run, `?` one character (no path separators). */
export function globToRegExp(glob: string, caseInsensitive = true): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '[^/\\\\]*';
    else if (ch === '?') src += '[^/\\\\]';
    else src += escapeRe(ch);
  }
  return new RegExp(`^${src}$`, caseInsensitive ? 'i' : '');
}
