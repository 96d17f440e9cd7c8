import { Box, Chip, Tooltip, Typography } from '@mui/material';
import { modeIndicator } from '../../shared/system/mode';
import { useConnection } from './useConnection';
import type { StatusState } from './useStatus';

const SESSION_COLOUR = {
  connected: 'success',
  connecting: 'info',
  failed: 'error',
  disconnected: 'default',
} as const;

export function StatusBar({ state }: { state: StatusState }) {
  const { status, error } = state;
  // A page whose host went away knows nothing about the session: the chip says so, in red.
  const offline = useConnection() === 'offline';
  return (
    <Box
      component="footer"
      data-testid="status-bar"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 2,
        px: 1.5,
        py: 0.5,
        borderTop: 1,
        borderColor: 'divider',
        bgcolor: 'background.paper',
        fontSize: 13,
      }}
    >
      {error && !offline && (
        <Typography variant="body2" color="error">
          {error}
        </Typography>
      )}
      {status && (
        <>
          <Chip
            size="small"
            data-testid="mode-chip"
            label={modeIndicator(status).label}
            color={modeIndicator(status).sandbox ? 'warning' : 'default'}
          />
          <Chip
            size="small"
            data-testid="session-state"
            data-state={offline ? 'unreachable' : status.session.state}
            label={offline ? 'Console not reachable' : `Session: ${status.session.state}${status.session.host ? ` @ ${status.session.host}` : ''}`}
            color={offline ? 'error' : SESSION_COLOUR[status.session.state]}
          />
          {status.powershell.found ? (
            <Tooltip title={status.powershell.path}>
              <Typography variant="body2" data-testid="powershell-version">
                PowerShell {status.powershell.edition} {status.powershell.version}
              </Typography>
            </Tooltip>
          ) : (
            <Typography variant="body2" color="error" data-testid="powershell-version">
              No PowerShell: {status.powershell.hint}
            </Typography>
          )}
          {status.policy.problem && (
            <Typography variant="body2" color="warning.main" data-testid="policy-problem">
              Policy: {status.policy.problem}
            </Typography>
          )}
          {status.settings.problem && (
            <Typography variant="body2" color="warning.main">
              Settings: {status.settings.problem}
            </Typography>
          )}
          <Box sx={{ flex: 1 }} />
          <Typography variant="body2" color="text.secondary">
            v{status.appVersion}
          </Typography>
        </>
      )}
    </Box>
  );
}
