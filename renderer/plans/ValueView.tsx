/** One decoded SailPoint value, as text and chips only (the document is attacker-controlled). */
import { Chip, Stack, Typography } from '@mui/material';
import type { PlanValue } from '../../shared/plans/schemas';
import { MASK } from '../../shared/secrets';

export function ValueView({ value, masked }: { value: PlanValue; masked?: boolean }) {
  if (masked || value === MASK) return <Chip size="small" color="warning" variant="outlined" label={`${MASK} (masked)`} />;
  if (value === null) return <Typography variant="body2" color="text.secondary">(empty)</Typography>;
  if (typeof value === 'boolean') return <Chip size="small" variant="outlined" label={String(value)} color={value ? 'success' : 'default'} />;
  if (Array.isArray(value)) {
    return (
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 0.5 }}>
        {value.map((v, i) => (
          <Chip key={i} size="small" label={typeof v === 'string' ? v : JSON.stringify(v)} sx={{ maxWidth: 420 }} />
        ))}
      </Stack>
    );
  }
  if (typeof value === 'object') return <code style={{ wordBreak: 'break-all' }}>{JSON.stringify(value)}</code>;
  return <span style={{ wordBreak: 'break-word' }}>{String(value)}</span>;
}
