/**
 * A user's story: "why has this user no mailbox?" answered in one look. The verdict (what happened, what
 * to do, with a button to the desk's preflight), what Exchange shows now, then every event oldest first:
 * the provisioning requests and rule runs in the logs, the console's changes, each with its full record.
 */
import { Alert, Button, Chip, LinearProgress, Paper, Stack, TextField, Typography } from '@mui/material';
import type { StoryOutput } from '../../shared/story/schemas';
import { StoryTimeline } from './StoryTimeline';
import { useStory } from './useStory';

const SEVERITY: Record<StoryOutput['verdict']['state'], 'success' | 'error' | 'warning' | 'info'> = {
  ok: 'success',
  'fixed-by-console': 'success',
  'rule-failed': 'error',
  'sync-pending': 'info',
  'no-request': 'warning',
  unknown: 'warning',
};

export default function StoryPage() {
  const s = useStory();
  const { story } = s;
  return (
    <Stack spacing={1.5} sx={{ p: 2 }} data-testid="page-story">
      <Typography variant="h5" component="h2">
        User story
      </Typography>
      <Paper variant="outlined" sx={{ p: 1.5 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label="User (sAMAccountName)"
            value={s.identity}
            onChange={(e) => s.setIdentity(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void s.tell();
            }}
            sx={{ minWidth: 280 }}
          />
          <Button variant="contained" disabled={s.busy} onClick={() => void s.tell()}>
            Tell the story
          </Button>
          <Typography variant="caption" color="text.secondary">
            Rule logs of every enabled source (31 days), the console&apos;s audit trail and Exchange now.
          </Typography>
        </Stack>
      </Paper>
      {s.busy && <LinearProgress />}
      {s.error && (
        <Alert severity="error" onClose={() => s.setError(null)}>
          {s.error}
        </Alert>
      )}
      {story && (
        <>
          <Alert
            severity={SEVERITY[story.verdict.state]}
            aria-label="Verdict"
            action={
              story.verdict.next.action !== 'none' ? (
                <Button color="inherit" variant="outlined" size="small" onClick={s.doNext}>
                  {story.verdict.next.label}…
                </Button>
              ) : undefined
            }
          >
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
              <Typography variant="subtitle2">{story.identity}</Typography>
              <Chip size="small" label={story.verdict.state} />
            </Stack>
            {story.verdict.sentence}
          </Alert>
          <Typography variant="body2">Exchange now: {story.meaning}</Typography>
          {story.problems.map((p) => (
            <Alert key={p} severity="warning">
              {p}
            </Alert>
          ))}
          <StoryTimeline events={story.events} onOpen={s.openEvent} />
        </>
      )}
    </Stack>
  );
}
