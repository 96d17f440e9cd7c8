/**
 * The bulk fix's pure parts: its actions, parsing a pasted list of identities, and a small
 * concurrency pool. Whether an action applies to a recipient is `applicability` in ./changes.
 */
import type { MailboxChange } from './changes';

/** What a bulk fix does to every row: what the after-create rule failed to do, or what the after-modify rule does. */
export type BulkAction = 'enable' | 'hide';

/** The change a bulk action makes (the routing address is the service's default: alias@routing domain). */
export function bulkChange(action: BulkAction): MailboxChange {
  return action === 'enable' ? { kind: 'enable' } : { kind: 'hide', hidden: true };
}

export const MAX_BULK = 500;

/**
 * One identity per line (a column pasted from a spreadsheet, a list from a ticket). Semicolons also
 * separate (Outlook address lists); commas do not, since distinguished names contain them. Surrounding
 * quotes and blanks are dropped, `#` starts a comment line, duplicates (any case) are kept once.
 */
export function parseIdentities(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/\r?\n|;/)) {
    let v = raw.split('\t')[0]!.trim();
    if (!v || v.startsWith('#')) continue;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1).trim();
    if (!v) continue;
    const key = v.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
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
