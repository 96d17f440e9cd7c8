/** Shown on every page while the web host that served it does not answer; the client keeps retrying. */
import { Alert, AlertTitle } from '@mui/material';
import { UNREACHABLE_MESSAGE } from '../client';
import { useConnection } from './useConnection';

export function ConnectionAlert() {
  const connection = useConnection();
  if (connection === 'online') return null;
  return (
    <Alert severity="error" variant="filled" role="alert" data-testid="connection-lost" sx={{ borderRadius: 0 }}>
      <AlertTitle>Console not reachable</AlertTitle>
      {UNREACHABLE_MESSAGE}
    </Alert>
  );
}
