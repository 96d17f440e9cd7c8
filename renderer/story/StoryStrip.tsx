/**
 * The user's story on the mailbox desk, collapsed to its verdict under the recipient card: asked in
 * the background once the card is shown (it never delays the card) and again when the recipient's
 * state changes (after a change made here). "Whole story" opens the story page.
 */
import { Alert, Button, Chip, LinearProgress, Stack, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import type { StoryVerdict } from '../../shared/story/schemas';
import { hmc } from '../client';
import { useNavigation } from '../app/navigation';

const STATE_COLOUR: Record<StoryVerdict['state'], 'success' | 'error' | 'warning' | 'info' | 'default'> = {
  ok: 'success',
  'rule-failed': 'error',
  'sync-pending': 'info',
  'no-request': 'default',
  'fixed-by-console': 'success',
  unknown: 'warning',
};

type Told = { state: 'asking' } | { state: 'told'; verdict: StoryVerdict; events: number } | { state: 'failed'; message: string };

export function StoryStrip({ identity, version }: { identity: string | null; version: string }) {
  const nav = useNavigation();
  const [told, setTold] = useState<Told>({ state: 'asking' });
  useEffect(() => {
    if (!identity) return;
    let live = true;
    setTold({ state: 'asking' });
    hmc.call('story.get', { identity }).then(
      (s) => live && setTold({ state: 'told', verdict: s.verdict, events: s.events.length }),
      (e: unknown) => live && setTold({ state: 'failed', message: (e as Error).message }),
    );
    return () => {
      live = false;
    };
  }, [identity, version]);
  if (!identity) return null;
  const whole = (
    <Button size="small" onClick={() => nav.navigate('story', { storyIdentity: identity })} data-testid="story-open">
      Whole story
    </Button>
  );
  if (told.state === 'asking') {
    return (
      <Stack spacing={0.5} data-testid="story-strip" data-state="asking">
        <Typography variant="body2" color="text.secondary">
          Reading {identity}&apos;s story (rule logs, console changes)…
        </Typography>
        <LinearProgress sx={{ maxWidth: 320 }} />
      </Stack>
    );
  }
  if (told.state === 'failed') {
    return (
      <Alert severity="warning" data-testid="story-strip" data-state="failed" action={whole}>
        The story could not be read: {told.message}
      </Alert>
    );
  }
  return (
    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }} data-testid="story-strip" data-state={told.verdict.state}>
      <Chip size="small" label={`Story: ${told.verdict.state}`} color={STATE_COLOUR[told.verdict.state]} />
      <Typography variant="body2" sx={{ flex: 1 }} data-testid="story-sentence">
        {told.verdict.sentence}
      </Typography>
      {whole}
    </Stack>
  );
}
