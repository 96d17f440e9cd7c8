/** The way to a user's story from another page (the mailbox desk's recipient). */
import { Button } from '@mui/material';
import { useNavigation } from '../app/navigation';

export function StoryButton({ identity }: { identity: string | null }) {
  const nav = useNavigation();
  if (!identity) return null;
  return (
    <Button size="small" sx={{ alignSelf: 'flex-start' }} onClick={() => nav.navigate('story', { storyIdentity: identity })}>
      Why? See {identity}&apos;s story
    </Button>
  );
}
