/**
 * Mail and alerts, as one section: the mail server (with the test mail), the outbox and the alert
 * rules with their 24-hour preview. The Settings page mounts it with `<MailSection />`; the Alerts
 * page shows it on its own.
 */
import { Alert, Divider, Stack } from '@mui/material';
import { AlertRulesEditor } from './AlertRulesEditor';
import { MailServerForm } from './MailServerForm';
import { OutboxList } from './OutboxList';
import { useNotify } from './useNotify';

export function MailSection() {
  const api = useNotify();
  return (
    <Stack spacing={3} data-testid="mail-section">
      {api.error && <Alert severity="error">{api.error}</Alert>}
      {api.status && !api.status.configured && <Alert severity="info">{api.status.problem} Desktop and browser notifications work without it.</Alert>}
      <MailServerForm api={api} />
      <Divider />
      <AlertRulesEditor api={api} />
      <Divider />
      <OutboxList api={api} />
    </Stack>
  );
}
