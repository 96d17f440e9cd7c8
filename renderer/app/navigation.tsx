/**
 * In-app navigation: which page is shown, plus an optional hand-over payload (e.g. a logged
 * XML document sent to the plan inspector, or identities sent to the mailbox desk).
 * Kept in memory: the URL fragment carries the web host's token, not routes.
 */
import { createContext, useContext } from 'react';

export type PageId = 'mailboxes' | 'story' | 'plans' | 'logs' | 'rules' | 'connectivity' | 'audit' | 'alerts' | 'settings';

/** The change another page intends for the identities it hands to the mailbox desk (always previewed and confirmed there). */
export type MailboxIntent =
  | { kind: 'enable'; /** Routing address (one identity); omitted: alias@routing domain. */ routingAddress?: string | null }
  | { kind: 'hide' };

export interface Handover {
  /** XML text for the plan inspector (with its logged ServiceResult, when known). */
  planText?: string;
  resultText?: string;
  /** Identities for the mailbox desk: one opens it looked up, several open the bulk panel. */
  identities?: string[];
  /** What should happen to those identities (pre-selected, never executed without confirmation). */
  mailboxIntent?: MailboxIntent;
  /** Where the hand-over came from, shown to the admin (e.g. "plan inspector: ConnectorAfterCreate decision"). */
  origin?: string;
  /** Host names for the connectivity page. */
  hosts?: string[];
  /** A log entry for the Logs page to open (an alert notification that was clicked). */
  logEntry?: { file: string; offset: number; source: string | null };
  /** A log file for the log viewer to open (e.g. the log a replayed rule wrote). */
  logPath?: string;
  /** The user whose story the story page tells at once. */
  storyIdentity?: string;
}

export interface Navigation {
  page: PageId;
  navigate(page: PageId, handover?: Handover): void;
  /** A page takes its hand-over once; later visits start clean. */
  takeHandover(): Handover | null;
  /** Ctrl+K from any page: the mailbox desk is shown and its look-up box focused (this counts the requests). */
  lookupFocus: number;
  focusLookup(): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const nav = useContext(NavigationContext);
  if (!nav) throw new Error('useNavigation outside the app frame');
  return nav;
}
