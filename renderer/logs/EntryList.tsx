/**
 * A short list of entries shown whole (the tail page before the index has its first entries, the results
 * of a search): a grid of rows, one tab stop, arrows / Page / Home / End move the selection, Enter or Space
 * selects the focused row.
 */
import { Box, type SxProps, type Theme } from '@mui/material';
import { useRef, useState, type KeyboardEvent } from 'react';
import { moveSelection } from '../../shared/logs/actions';
import type { LogEntry } from '../../shared/logs/schemas';
import { EntryRow } from './EntryRow';

export interface EntryListProps {
  entries: LogEntry[];
  isSelected: (e: LogEntry) => boolean;
  onSelect: (e: LogEntry) => void;
  label: string;
  showSource?: boolean;
  sx?: SxProps<Theme>;
}

export function EntryList({ entries, isSelected, onSelect, label, showSource, sx }: EntryListProps) {
  const [focus, setFocus] = useState(0);
  const rows = useRef<HTMLDivElement>(null);
  const selectedAt = entries.findIndex(isSelected);
  const tabStop = selectedAt >= 0 ? selectedAt : Math.min(focus, entries.length - 1);
  const onKey = (ev: KeyboardEvent<HTMLDivElement>, i: number) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      onSelect(entries[i]!);
      return;
    }
    const next = moveSelection(ev.key, i, entries.length);
    if (next === null) return;
    ev.preventDefault();
    setFocus(next);
    onSelect(entries[next]!);
    rows.current?.querySelector<HTMLElement>(`[data-index="${next}"]`)?.focus();
  };
  return (
    <Box ref={rows} sx={sx} role="grid" aria-label={label}>
      {entries.map((e, i) => (
        <EntryRow
          key={`${e.file}:${e.offset}`}
          entry={e}
          index={i}
          selected={isSelected(e)}
          onClick={() => {
            setFocus(i);
            onSelect(e);
          }}
          showSource={showSource}
          tabIndex={i === tabStop ? 0 : -1}
          onKeyDown={(ev) => onKey(ev, i)}
        />
      ))}
    </Box>
  );
}
