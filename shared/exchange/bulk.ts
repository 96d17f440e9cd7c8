/**
 * The bulk fix's pure parts: its actions, parsing a pasted list of identities, and a small
 * concurrency pool. Whether an action applies to a recipient is `applicability` in ./changes.
 */
import { parse } from 'csv-parse/browser/esm/sync';
import type { MailboxChange } from './changes';

/** What a bulk fix does to every row: what the after-create rule failed to do, or what the after-modify rule does. */
export type BulkAction = 'enable' | 'hide';

/** The change a bulk action makes (the routing address is the service's default: alias@routing domain). */
export function bulkChange(action: BulkAction): MailboxChange {
  return action === 'enable' ? { kind: 'enable' } : { kind: 'hide', hidden: true };
}

export const MAX_BULK = 500;

/** Header names of an identity column, in the order one is chosen when a table has several. */
export const IDENTITY_HEADERS = ['samaccountname', 'identity', 'user', 'username', 'userprincipalname', 'upn', 'mail', 'email', 'emailaddress', 'primarysmtpaddress'] as const;

const headerKey = (cell: string) => cell.replace(/^\uFEFF/, '').trim().replace(/^["']|["']$/g, '').toLowerCase().replace(/[^a-z]/g, '');

export interface PastedIdentities {
  identities: string[];
  /** The header row's identity column when a header was recognised (e.g. "sAMAccountName"), else null. */
  column: string | null;
  /** Rows given but not taken: the header itself, blanks and comments are not counted; duplicates are. */
  duplicates: number;
}

/** The delimiter of a table's first line: a tab, a semicolon or a comma, whichever it holds (in that order). */
function delimiterOf(line: string): string | null {
  for (const d of ['\t', ';', ',']) if (line.includes(d)) return d;
  return null;
}

/**
 * A pasted list or table of identities. With a header row (a CSV or TSV exported from a spreadsheet,
 * BOM, quotes, `;` or `,` delimiters and CRLF all handled by csv-parse), the identity column is chosen
 * from the header (sAMAccountName, identity, user, UPN, mail, in that order) and the header is never an
 * identity. Without one: one identity per line (a column pasted from a spreadsheet, a ticket's list);
 * semicolons also separate (Outlook address lists), commas do not (distinguished names contain them),
 * and of tab-separated columns the first is taken. Surrounding quotes and blanks are dropped, `#`
 * starts a comment line, duplicates (any case) are kept once.
 */
export function readPastedIdentities(text: string): PastedIdentities {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split(/\r?\n/);
  const first = lines.find((l) => l.trim() && !l.trim().startsWith('#')) ?? '';
  const delimiter = delimiterOf(first);
  const headerCells = delimiter ? first.split(delimiter) : [first];
  const keys = headerCells.map(headerKey);
  const pick = IDENTITY_HEADERS.map((h) => keys.indexOf(h)).find((i) => i >= 0);
  const values: string[] = [];
  let column: string | null = null;
  if (pick !== undefined) {
    column = headerCells[pick]!.replace(/^\uFEFF/, '').trim().replace(/^["']|["']$/g, '');
    const rows = parse(body, { delimiter: delimiter ?? ',', bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, comment: '#', trim: true, from_line: 1 }) as string[][];
    const start = rows.findIndex((r) => r.map(headerKey).includes(keys[pick]!));
    for (const row of rows.slice(start + 1)) values.push(row[pick] ?? '');
  } else {
    for (const line of lines) for (const part of line.split(';')) values.push(part.split('\t')[0]!);
  }
  const seen = new Set<string>();
  const identities: string[] = [];
  let duplicates = 0;
  for (const raw of values) {
    let v = raw.trim();
    if (!v || v.startsWith('#')) continue;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1).trim();
    if (!v) continue;
    const key = v.toLowerCase();
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    identities.push(v);
  }
  return { identities, column, duplicates };
}

/** The identities of a pasted list or table (see readPastedIdentities). */
export function parseIdentities(text: string): string[] {
  return readPastedIdentities(text).identities;
}

/** Runs `fn` over `items` with at most `n` at a time; stops starting new ones once `stop()` says so. */
export async function pool<T>(items: readonly T[], n: number, fn: (item: T, index: number) => Promise<void>, stop: () => boolean = () => false): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}
