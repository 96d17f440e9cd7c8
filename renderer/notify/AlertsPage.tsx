import { Box, Typography } from '@mui/material';
import { MailSection } from './MailSection';

/** Failure mail and alerts on a page of their own (the same section the Settings page can mount). */
export default function AlertsPage() {
  return (
    <Box sx={{ p: 3, maxWidth: 980 }}>
      <Typography variant="h5" gutterBottom>
        Alerts and mail
      </Typography>
      <MailSection />
    </Box>
  );
}
