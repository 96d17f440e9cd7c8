/**
 * Errors and warnings over time, one bar per bucket; a bar (clicked, or Enter/Space when focused) filters
 * the view to its time range. The bars are one tab stop: Tab reaches the last focused bar (the first at
 * first), Left/Right and Home/End move between bars; the focused one is outlined.
 */
import { Box, Tooltip } from '@mui/material';
import { useRef, useState, type KeyboardEvent } from 'react';
import { moveSelection } from '../../shared/logs/actions';
import type { Bucket } from './types';

const ARROWS: Record<string, string> = { ArrowRight: 'ArrowDown', ArrowLeft: 'ArrowUp', Home: 'Home', End: 'End' };

export function Histogram({ buckets, onPick }: { buckets: Bucket[]; onPick: (b: Bucket) => void }) {
  const [focus, setFocus] = useState(0);
  const bars = useRef<Array<HTMLDivElement | null>>([]);
  const max = Math.max(1, ...buckets.map((b) => b.errors + b.warnings));
  if (!buckets.length) return null;
  const current = Math.min(focus, buckets.length - 1);
  const onKey = (ev: KeyboardEvent, i: number) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      onPick(buckets[i]!);
      return;
    }
    const move = ARROWS[ev.key];
    const next = move ? moveSelection(move, i, buckets.length) : null;
    if (next === null) return;
    ev.preventDefault();
    setFocus(next);
    bars.current[next]?.focus();
  };
  return (
    <Box role="group" aria-label="Errors over time" sx={{ display: 'flex', alignItems: 'flex-end', gap: '1px', height: 48, px: 1 }}>
      {buckets.map((b, i) => (
        <Tooltip key={b.from} title={`${b.from.replace('T', ' ')} – ${b.to.slice(11)}: ${b.errors} errors, ${b.warnings} warnings, ${b.entries} entries`}>
          <Box
            ref={(el: HTMLDivElement | null) => {
              bars.current[i] = el;
            }}
            role="button"
            tabIndex={i === current ? 0 : -1}
            aria-label={`errors from ${b.from}`}
            onClick={() => onPick(b)}
            onFocus={() => setFocus(i)}
            onKeyDown={(ev) => onKey(ev, i)}
            sx={{
              flex: 1,
              minWidth: 3,
              height: '100%',
              display: 'flex',
              flexDirection: 'column',
              justifyContent: 'flex-end',
              cursor: 'pointer',
              '&:hover': { bgcolor: 'action.hover' },
              '&:focus-visible': { outline: '2px solid', outlineColor: 'console.selection', outlineOffset: 1, bgcolor: 'action.hover' },
            }}
          >
            <Box sx={{ height: `${(b.warnings / max) * 100}%`, bgcolor: 'console.histogramWarning' }} />
            <Box sx={{ height: `${(b.errors / max) * 100}%`, bgcolor: 'console.histogramError' }} />
          </Box>
        </Tooltip>
      ))}
    </Box>
  );
}
