/**
 * The story page's one hook: the identity asked about (from a hand-over or typed), the one `story.get`
 * call (answers that arrive after a newer question or after the page has gone are dropped) and the
 * hand-overs out: the verdict's next step to the mailbox desk (previewed and confirmed there), an event's
 * record to the log viewer, the audit page or the desk.
 */
import { useEffect, useRef, useState } from 'react';
import type { StoryEvent, StoryOutput } from '../../shared/story/schemas';
import { hmc } from '../client';
import { useNavigation, type MailboxIntent } from '../app/navigation';

export function useStory() {
  const nav = useNavigation();
  const [handed] = useState(() => nav.takeHandover()?.storyIdentity ?? null);
  const [identity, setIdentity] = useState(handed ?? '');
  const [story, setStory] = useState<StoryOutput | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  /** False once the page has gone: an answer still on its way is dropped. */
  const alive = useRef(false);

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);

  const tell = async (who = identity) => {
    const id = who.trim();
    if (!id) return setError('Type a sAMAccountName (as on the ticket) to see its story.');
    const n = ++seq.current;
    const mine = () => alive.current && n === seq.current;
    setBusy(true);
    setError(null);
    try {
      const s = await hmc.call('story.get', { identity: id });
      if (mine()) setStory(s);
    } catch (e) {
      if (mine()) setError((e as Error).message);
    } finally {
      if (mine()) setBusy(false);
    }
  };

  useEffect(() => {
    if (handed) void tell(handed);
    // Once, for the identity this page was opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [handed]);

  /** The verdict's next step, to the desk: it previews the exact command and asks before changing anything. */
  const doNext = () => {
    if (!story) return;
    const action = story.verdict.next.action;
    const intent: MailboxIntent | undefined = action === 'enable' ? { kind: 'enable' } : action === 'hide' ? { kind: 'hide' } : undefined;
    nav.navigate('mailboxes', { identities: [story.identity], mailboxIntent: intent, origin: `the story of ${story.identity} (${story.verdict.state})` });
  };

  const openEvent = (e: StoryEvent) => {
    const link = e.link;
    if (!link) return;
    // A logged request opens in the log viewer at its entry, whose "Open in plan inspector" decodes it.
    if ((link.page === 'logs' || link.page === 'plans') && link.file) nav.navigate('logs', { logEntry: { file: link.file, offset: link.offset ?? 0, source: null } });
    else if (link.page === 'audit') nav.navigate('audit');
    else if (link.page === 'connectivity') nav.navigate('connectivity');
    else if (story) nav.navigate('mailboxes', { identities: [story.identity], origin: `the story of ${story.identity}` });
  };

  return { identity, setIdentity, story, busy, error, setError, tell, doNext, openEvent };
}

export type StoryView = ReturnType<typeof useStory>;
