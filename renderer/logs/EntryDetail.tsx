/**
 * The selected entry in full: level, time, source and user, the whole text, copy, and the hand-overs: the
 * logged XML to the plan inspector, the user's failures, the user to the mailbox desk (with the action the
 * entry points at pre-selected there, still previewed and confirmed).
 */
import { Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import { entryAction, firstLine } from '../../shared/logs/actions';
import { extractXml } from '../../shared/logs/parse';
import type { LogEntry } from '../../shared/logs/schemas';
import { maskLogText } from '../../shared/secrets';
import { useNavigation } from '../app/navigation';
import { useOpenInPlanInspector } from '../plans/handover';
import { LEVEL_STYLE } from './EntryRow';

export interface EntryDetailProps {
  selected: LogEntry | null;
  onUserFailures: (user: string) => void;
  onError: (message: string) => void;
}

export function EntryDetail({ selected, onUserFailures, onError }: EntryDetailProps) {
  const openInPlans = useOpenInPlanInspector();
  const nav = useNavigation();
  // The service masks entries already; the pane masks again with the same function, whatever sent the entry.
  const text = selected ? maskLogText(selected.message) : '';
  const xml = selected?.xml ? extractXml(text) : null;
  const toDesk = (e: LogEntry & { user: string }) => {
    const action = e.level === 'error' ? entryAction(e) : undefined;
    nav.navigate('mailboxes', {
      identities: [e.user],
      mailboxIntent: action ? { kind: action } : undefined,
      origin: `the log viewer (${e.time?.replace('T', ' ') ?? 'entry'}: ${firstLine(e.message).slice(0, 80)})`,
    });
  };
  return (
    <Paper variant="outlined" sx={{ flex: 2, p: 1, minWidth: 0, display: 'flex', flexDirection: 'column' }} aria-label="Entry detail">
      {selected ? (
        <>
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 1 }}>
            <Chip size="small" label={selected.level} sx={LEVEL_STYLE[selected.level]} />
            <Typography variant="body2">{selected.time?.replace('T', ' ')}</Typography>
            {selected.source && <Chip size="small" color="primary" variant="outlined" label={selected.source} />}
            {selected.user && <Chip size="small" variant="outlined" label={selected.user} />}
            <Box sx={{ flex: 1 }} />
            <Button
              size="small"
              onClick={() => navigator.clipboard?.writeText(text).catch((e: unknown) => onError(`The entry could not be copied: ${(e as Error).message}`))}
            >
              Copy
            </Button>
            {xml && (
              <Button size="small" variant="outlined" onClick={() => openInPlans(xml)}>
                Open in plan inspector
              </Button>
            )}
            {selected.user && (
              <Button size="small" onClick={() => onUserFailures(selected.user!)}>
                All failures for this user
              </Button>
            )}
            {selected.user && (
              <Button size="small" onClick={() => nav.navigate('story', { storyIdentity: selected.user! })}>
                User story
              </Button>
            )}
            {selected.user && (
              <Button size="small" variant="outlined" onClick={() => toDesk({ ...selected, user: selected.user! })}>
                Open in mailbox desk
              </Button>
            )}
          </Stack>
          <Box component="pre" sx={{ m: 0, flex: 1, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-word', maxHeight: 380 }}>
            {text}
          </Box>
        </>
      ) : (
        <Typography variant="body2" color="text.secondary">
          Select an entry to see its full text. Keys: n / p (or F8 / Shift+F8) jump to the next / previous error.
        </Typography>
      )}
    </Paper>
  );
}
