/** The user's story verdict for a failure mail, within a bounded wait: a mail never waits long for it. */
import type { StoryVerdict } from '../../../shared/notify/compose';
import type { Diagnostics } from '../../core/diagnostics';

/** How long a failure mail waits for the user's story before it goes without it. */
export const STORY_WAIT_MS = 10_000;

/** The verdict, or null when it is late or cannot be read (then the diagnostics log says why). */
export async function storyWithin(storyFor: (user: string) => Promise<StoryVerdict | null>, user: string, diagnostics: Diagnostics, waitMs = STORY_WAIT_MS): Promise<StoryVerdict | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs)));
  try {
    return await Promise.race([storyFor(user), late]);
  } catch (e) {
    diagnostics.warn(`Notify: the story of ${user} could not be read for the mail: ${(e as Error).message}`);
    return null;
  } finally {
    clearTimeout(timer);
  }
}
