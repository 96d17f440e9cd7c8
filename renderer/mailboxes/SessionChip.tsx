/** The desk's session chip: the mode and state, the start-up steps in words, red when the console is gone. */
import { Alert, Chip } from '@mui/material';
import type { SessionState } from '../../shared/exchange/schemas';
import { useConnection } from '../app/useConnection';

const STEP_TEXT = {
  powershell: 'starting PowerShell',
  exchange: 'connecting to Exchange',
} as const;

function stateText(s: SessionState): string {
  return s.state === 'connecting' && s.step ? STEP_TEXT[s.step] : s.state;
}

export function SessionChip({ session }: { session: SessionState | null }) {
  const offline = useConnection() === 'offline';
  if (offline) return <Chip data-testid="session-chip" data-state="unreachable" color="error" label="console not reachable" />;
  if (!session) return null;
  const sandbox = session.mode === 'sandbox';
  return (
    <Chip
      data-testid="session-chip"
      data-state={session.state}
      label={`${session.mode}: ${stateText(session)}${sandbox ? ' (sandbox, no real Exchange)' : ''}`}
      color={session.state === 'connected' ? 'success' : session.state === 'failed' ? 'error' : session.state === 'connecting' ? 'info' : 'default'}
    />
  );
}

/** While the session opens: what is happening, so the first look-up's wait has a reason. */
export function SessionStarting({ session }: { session: SessionState | null }) {
  const offline = useConnection() === 'offline';
  if (offline || session?.state !== 'connecting') return null;
  const text =
    session.step === 'powershell'
      ? 'Starting PowerShell, then connecting to Exchange: the first look-up waits for it (a few seconds).'
      : `Connecting to Exchange${session.mode === 'sandbox' ? ' (the sandbox)' : ''}: the first look-up waits for it.`;
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="session-starting">
      {text}
    </Alert>
  );
}
