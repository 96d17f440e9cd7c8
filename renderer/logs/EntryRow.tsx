/**
 * One log entry as a row: time, (source), level, user, first line; CMTrace colours (errors red with yellow
 * text, warnings yellow) from the theme's console tokens. Focusable (the table or list decides which row
 * takes Tab), with a visible focus ring.
 */
import { Box, Chip } from '@mui/material';
import type { KeyboardEvent } from 'react';
import { firstLine } from '../../shared/logs/actions';
import type { LogEntry } from '../../shared/logs/schemas';

export const ROW = 22;

export const LEVEL_STYLE: Record<LogEntry['level'], { bgcolor?: string; color?: string }> = {
  error: { bgcolor: 'console.logError.bg', color: 'console.logError.fg' },
  warning: { bgcolor: 'console.logWarning.bg', color: 'console.logWarning.fg' },
  info: {},
};

export interface EntryRowProps {
  entry: LogEntry | undefined;
  selected: boolean;
  onClick: () => void;
  showSource?: boolean;
  /** 0 for the row that takes Tab, -1 for the others. */
  tabIndex?: number;
  onKeyDown?: (ev: KeyboardEvent<HTMLDivElement>) => void;
  /** The row's position in its list (the table finds the row to focus by it). */
  index?: number;
}

export function EntryRow({ entry, selected, onClick, showSource = false, tabIndex = -1, onKeyDown, index }: EntryRowProps) {
  if (!entry) {
    return <Box sx={{ px: 1, color: 'text.disabled', fontFamily: 'monospace', fontSize: 12, lineHeight: `${ROW}px` }}>…</Box>;
  }
  return (
    <Box
      role="row"
      data-level={entry.level}
      data-index={index}
      aria-selected={selected}
      tabIndex={tabIndex}
      onClick={onClick}
      onKeyDown={onKeyDown}
      sx={{
        display: 'flex',
        gap: 1.5,
        px: 1,
        cursor: 'pointer',
        fontFamily: 'monospace',
        fontSize: 12,
        lineHeight: `${ROW}px`,
        height: ROW,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        outline: selected ? '2px solid' : 'none',
        outlineColor: 'console.selection',
        outlineOffset: -2,
        '&:focus-visible': { outline: selected ? '3px solid' : '2px dashed', outlineColor: 'console.selection', outlineOffset: -3 },
        ...LEVEL_STYLE[entry.level],
      }}
    >
      <Box component="span" sx={{ width: 150, flex: 'none' }}>{entry.time?.replace('T', ' ') ?? ''}</Box>
      {showSource && (
        <Box component="span" sx={{ width: 130, flex: 'none', overflow: 'hidden' }}>
          <Chip size="small" variant="outlined" label={entry.source ?? ''} sx={{ height: 18, fontSize: 11, maxWidth: 126, color: 'inherit', borderColor: 'currentColor' }} />
        </Box>
      )}
      <Box component="span" sx={{ width: 60, flex: 'none' }}>{entry.level}</Box>
      <Box component="span" sx={{ width: 140, flex: 'none', overflow: 'hidden', textOverflow: 'ellipsis' }}>{entry.user ?? ''}</Box>
      <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {firstLine(entry.message)}
        {entry.lines > 1 ? `  (+${entry.lines - 1} lines)` : ''}
        {entry.xml ? `  [${entry.xml} XML]` : ''}
      </Box>
    </Box>
  );
}
