/**
 * The users with failures today: one chip each (their failures on click), and all of them to the mailbox
 * desk's bulk panel, with the action pre-selected only when every failure came from one kind of source.
 */
import { Button, Chip, Paper, Stack, Typography } from '@mui/material';
import { failuresAction } from '../../shared/logs/actions';
import { useNavigation } from '../app/navigation';
import type { FailureUser, Sources } from './types';

export interface FailuresPanelProps {
  users: FailureUser[];
  sources: Sources;
  onUser: (user: string) => void;
  onHide: () => void;
}

export function FailuresPanel({ users, sources, onUser, onHide }: FailuresPanelProps) {
  const nav = useNavigation();
  const toDesk = () => {
    const action = failuresAction(users, sources);
    nav.navigate('mailboxes', {
      identities: users.map((u) => u.user),
      mailboxIntent: action ? { kind: action } : undefined,
      origin: `the log viewer (users with failures today: ${users.length})`,
    });
  };
  return (
    <Paper variant="outlined" sx={{ p: 1 }} aria-label="Users with failures today">
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
        <Typography variant="subtitle2">Users with failures today:</Typography>
        {users.length === 0 && <Typography variant="body2">none</Typography>}
        {users.map((u) => (
          <Chip key={u.user} color="error" variant="outlined" label={`${u.user} (${u.failures})`} onClick={() => onUser(u.user)} title={u.lastMessage} />
        ))}
        {users.length > 0 && (
          <Button size="small" variant="contained" onClick={toDesk}>
            Fix these in the mailbox desk
          </Button>
        )}
        <Button size="small" onClick={onHide}>
          Hide
        </Button>
      </Stack>
    </Paper>
  );
}
