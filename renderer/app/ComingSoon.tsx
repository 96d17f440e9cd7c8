import { Alert, Box, Typography } from '@mui/material';

/** Honest placeholder for a page whose capability has not landed yet. */
export function ComingSoon({ title, what }: { title: string; what: string }) {
  return (
    <Box sx={{ p: 3, maxWidth: 760 }}>
      <Typography variant="h5" gutterBottom>
        {title}
      </Typography>
      <Alert severity="info">Not available yet. {what}</Alert>
    </Box>
  );
}
