/**
 * The bulk panel's pure parts: parsing a pasted list of identities, what an action would do to a
 * recipient, and a small concurrency pool.
 */
import type { Recipient } from '../../shared/exchange/schemas';

export type BulkAction = 'enable' | 'hide';

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

export type Applicability = { kind: 'change' } | { kind: 'nothing'; note: string } | { kind: 'cannot'; note: string };

/** Whether the action applies to the recipient as it stands now. */
export function applicability(action: BulkAction, r: Recipient): Applicability {
  const type = r.RecipientTypeDetails ?? 'unknown type';
  if (action === 'enable') {
    if (r.kind === 'user') return { kind: 'change' };
    if (r.kind === 'remoteMailbox') return { kind: 'nothing', note: `Already a ${type}${r.RemoteRoutingAddress ? ` (${r.RemoteRoutingAddress})` : ''}: nothing to do.` };
    return { kind: 'cannot', note: `A ${type} cannot be enabled as a remote mailbox; handle it on its own.` };
  }
  if (r.kind === 'remoteMailbox') {
    return r.HiddenFromAddressListsEnabled ? { kind: 'nothing', note: 'Already hidden from address lists: nothing to do.' } : { kind: 'change' };
  }
  if (r.kind === 'user') return { kind: 'cannot', note: 'A plain AD user has no remote mailbox to hide; enable one first.' };
  return { kind: 'cannot', note: `Hiding applies to remote mailboxes; this is a ${type}.` };
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
