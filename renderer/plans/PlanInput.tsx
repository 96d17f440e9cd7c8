/**
 * Where the documents come in: paste into a box, drop text or a file on it, or open a file; the
 * optional $env:Result, $env:Application and routing domain behind "Add ...".
 */
import { Box, Button, Chip, Paper, Stack, TextField } from '@mui/material';
import { useRef, useState, type DragEvent } from 'react';
import { EMPTY_SLOT, SLOT_LABEL, type Slot } from './slots';
import type { PlansState } from './usePlans';

type SlotProps = Pick<PlansState, 'slots' | 'setSlot' | 'takeFile'> & { slot: Slot; rows: number };

function SlotBox({ slot, rows, slots, setSlot, takeFile }: SlotProps) {
  const [dragging, setDragging] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const s = slots[slot];
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) takeFile(slot, file);
    else {
      const text = e.dataTransfer.getData('text/plain');
      if (text) setSlot(slot, { text, file: null });
    }
  };
  return (
    <Box
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      sx={{ outline: dragging ? '2px dashed' : 'none', outlineColor: 'primary.main', borderRadius: 1 }}
    >
      {s.file ? (
        <Stack direction="row" sx={{ alignItems: 'center', gap: 1, py: 1 }}>
          <Chip label={`${SLOT_LABEL[slot].split(' (')[0]}: ${s.file.name}`} onDelete={() => setSlot(slot, EMPTY_SLOT)} />
        </Stack>
      ) : (
        <TextField
          label={SLOT_LABEL[slot]}
          multiline
          minRows={rows}
          maxRows={rows * 2}
          fullWidth
          value={s.text}
          onChange={(e) => setSlot(slot, { text: e.target.value, file: null })}
          slotProps={{ htmlInput: { spellCheck: false, 'data-testid': `plan-input-${slot}`, style: { fontFamily: 'monospace', fontSize: 12.5 } } }}
          placeholder={slot === 'document' ? 'Paste XML here, or drop a file on this box' : 'Paste or drop a file'}
        />
      )}
      <input
        ref={fileInput}
        type="file"
        accept=".xml,.txt,.log,text/xml,text/plain"
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) takeFile(slot, f);
          e.target.value = '';
        }}
      />
      <Button size="small" sx={{ mt: 0.5 }} onClick={() => fileInput.current?.click()}>Open file…</Button>
    </Box>
  );
}

export function PlanInput({ plans }: { plans: PlansState }) {
  const slot = (s: Slot, rows: number) => <SlotBox slot={s} rows={rows} slots={plans.slots} setSlot={plans.setSlot} takeFile={plans.takeFile} />;
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 3 }}>
      <Stack sx={{ gap: 1.5 }}>
        {slot('document', 8)}
        {plans.showMore ? (
          <>
            {slot('result', 3)}
            {slot('application', 3)}
            <TextField
              size="small"
              label="Routing domain (default: exchange.routingDomain from the settings)"
              value={plans.routingDomain}
              onChange={(e) => plans.setRoutingDomain(e.target.value)}
              placeholder="contoso.mail.onmicrosoft.com"
              sx={{ maxWidth: 520 }}
            />
          </>
        ) : (
          <Box>
            <Button size="small" onClick={plans.revealMore}>Add $env:Result, $env:Application or a routing domain…</Button>
          </Box>
        )}
        <Stack direction="row" sx={{ gap: 1 }}>
          <Button variant="contained" disabled={plans.busy} onClick={plans.inspect}>{plans.busy ? 'Inspecting…' : 'Inspect'}</Button>
          <Button onClick={plans.clear}>Clear</Button>
        </Stack>
      </Stack>
    </Paper>
  );
}
