/**
 * What the log viewer makes of entries for the admin (pure, used by the renderer): an entry's first line,
 * the mailbox action an entry or a source points at (pre-selected on the mailbox desk, which still previews
 * and confirms it), the search-sources choice, and the keys that move the selection in a list of entries.
 */

/** The change on the mailbox desk a log points at: enable the remote mailbox (after-create) or hide (after-modify). */
export type MailboxAction = 'enable' | 'hide';

/** The first line of an entry's message. */
export function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return nl < 0 ? message : message.slice(0, nl);
}

/** The action an entry's text or file name points at, when it says so. */
export function entryAction(e: { message: string; file: string }): MailboxAction | undefined {
  const text = e.message.slice(0, 4096);
  if (/cannot create mailbox|enable-remotemailbox|ConnectorAfterCreate/i.test(text)) return 'enable';
  if (/HiddenFromAddressListsEnabled|ConnectorAfterModify/i.test(text)) return 'hide';
  if (/AfterCreate/i.test(e.file)) return 'enable';
  if (/AfterModify/i.test(e.file)) return 'hide';
  return undefined;
}

/** after-create / after-modify, from a source's file pattern (the source names are the admin's own). */
export function sourceAction(sources: ReadonlyArray<{ name: string; pattern: string }>, name: string): MailboxAction | undefined {
  const src = sources.find((s) => s.name === name);
  if (!src) return undefined;
  return /AfterCreate/i.test(src.pattern) ? 'enable' : /AfterModify/i.test(src.pattern) ? 'hide' : undefined;
}

/**
 * The action for the users with failures: only when every failure came from an after-create source, or
 * every one from an after-modify source.
 */
export function failuresAction(
  users: ReadonlyArray<{ sources: readonly string[] }>,
  sources: ReadonlyArray<{ name: string; pattern: string }>,
): MailboxAction | undefined {
  const kinds = new Set(users.flatMap((u) => u.sources.map((name) => sourceAction(sources, name))));
  return kinds.size === 1 ? [...kinds][0] : undefined;
}

/** The sources picked for a merged search: "All sources" (`*`) alone, or named sources alone; the last pick wins. */
export function pickSearchSources(picked: readonly string[]): string[] {
  return picked[picked.length - 1] === '*' ? ['*'] : picked.filter((n) => n !== '*');
}

/** The row a key moves the selection to from `index` in `count` rows (arrows, Page Up/Down, Home/End), or null. */
export function moveSelection(key: string, index: number, count: number, page = 20): number | null {
  const last = count - 1;
  if (last < 0) return null;
  switch (key) {
    case 'ArrowDown':
      return Math.min(last, index + 1);
    case 'ArrowUp':
      return Math.max(0, index - 1);
    case 'PageDown':
      return Math.min(last, index + page);
    case 'PageUp':
      return Math.max(0, index - page);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
