/** The events of a story, oldest first: time, where it comes from, what happened, the facts, the record. */
import { Box, Button, Chip, List, ListItem, Paper, Stack, Typography } from '@mui/material';
import type { StoryEvent } from '../../shared/story/schemas';

const COLOR = { succeeded: 'success', failed: 'error', unknown: 'warning', info: 'default' } as const;
const RECORD = { logs: 'Open in the log viewer', plans: 'Open the request in the log viewer', audit: 'Open the audit trail', mailboxes: 'Open in mailbox desk', connectivity: 'Open the connectivity checks' } as const;

export function StoryTimeline({ events, onOpen }: { events: StoryEvent[]; onOpen: (e: StoryEvent) => void }) {
  return (
    <Paper variant="outlined">
      <List aria-label="Story events" dense>
        {events.map((e, i) => (
          <ListItem key={`${e.kind}-${e.time ?? ''}-${i}`} divider sx={{ alignItems: 'flex-start' }}>
            <Stack spacing={0.5} sx={{ width: '100%' }}>
              <Stack direction="row" spacing={1} useFlexGap sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
                <Typography variant="body2" sx={{ fontFamily: 'monospace', minWidth: 150 }}>
                  {e.time ? e.time.replace('T', ' ') : '(no time)'}
                </Typography>
                <Chip size="small" variant="outlined" label={e.source} />
                <Chip size="small" color={COLOR[e.outcome]} label={e.kind} />
                <Typography variant="body2" sx={{ flex: 1, minWidth: 240 }}>
                  {e.title}
                </Typography>
                {e.link && (
                  <Button size="small" onClick={() => onOpen(e)}>
                    {RECORD[e.link.page]}
                  </Button>
                )}
              </Stack>
              {e.details.length > 0 && (
                <Box component="ul" sx={{ m: 0, pl: 24, fontSize: 12, color: 'text.secondary' }}>
                  {e.details.map((d, j) => (
                    <li key={j}>{d}</li>
                  ))}
                </Box>
              )}
            </Stack>
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
