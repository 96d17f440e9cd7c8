/** The preflight checklist: each item's status, what it checks, and what it saw (with what to do for a warn or fail). */
import { Chip, List, ListItem, ListItemText } from '@mui/material';
import { localTime } from '../../shared/time';

/** ISO times in the evidence (the core writes UTC) are shown as local time with the zone, like every time in the app. */
const ISO = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

const COLOUR = { pass: 'success', warn: 'warning', fail: 'error' } as const;

/** An item as the preflight returns it and the audit trail keeps it. */
export interface ChecklistItem {
  id: string;
  status: 'pass' | 'warn' | 'fail';
  title: string;
  evidence: string;
}

export function Checklist({ checks }: { checks: ChecklistItem[] }) {
  return (
    <List dense disablePadding data-testid="preflight-checklist">
      {checks.map((c) => (
        <ListItem key={c.id} disableGutters data-testid="preflight-item" data-check={c.id} data-status={c.status} sx={{ alignItems: 'flex-start', gap: 1 }}>
          <Chip size="small" label={c.status.toUpperCase()} color={COLOUR[c.status]} sx={{ minWidth: 56, mt: 0.5 }} />
          <ListItemText primary={c.title} secondary={c.evidence.replace(ISO, (m) => localTime(m))} slotProps={{ secondary: { sx: { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } } }} />
        </ListItem>
      ))}
    </List>
  );
}
