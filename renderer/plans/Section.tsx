import { Box, Typography } from '@mui/material';
import type { ReactNode } from 'react';

/** A section of the inspection, titled on the heading scale's section level. */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" sx={{ mb: 3 }}>
      <Typography variant="h6" component="h3" sx={{ mb: 1 }}>{title}</Typography>
      {children}
    </Box>
  );
}
