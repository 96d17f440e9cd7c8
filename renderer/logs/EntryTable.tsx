/**
 * The entries of an opened log: virtualised (millions of rows), pages fetched as rows come into view,
 * following keeps the view at the end. One tab stop (the selected row, else the last focused or the first
 * shown); arrows / Page / Home / End move the selection, Enter or Space selects the focused row. Before the
 * index has its first entries, the tail page is shown as it came with the open.
 */
import { Box, Paper } from '@mui/material';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { moveSelection } from '../../shared/logs/actions';
import { EntryList } from './EntryList';
import { EntryRow, ROW } from './EntryRow';
import type { LogsView } from './useLogs';

/** Rows moved by Page Up / Page Down (the height of the view). */
const PAGE_ROWS = 19;

export function EntryTable({ logs }: { logs: LogsView }) {
  const { opened, total, filter, selected, selectedIndex, following, loadRows, rowAt } = logs;
  const scroller = useRef<HTMLDivElement>(null);
  const [focusIndex, setFocusIndex] = useState<number | null>(null);
  /** A row to focus once it is rendered (moved to by a key, maybe scrolled into view first). */
  const focusWanted = useRef<number | null>(null);
  const virt = useVirtualizer({ count: total, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 20 });
  const items = virt.getVirtualItems();

  // Fetch the pages the visible rows need.
  useEffect(() => {
    if (items.length) loadRows(items[0]!.index, items[items.length - 1]!.index);
  }, [items, loadRows]);

  useEffect(() => {
    if (selectedIndex !== null) virt.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selectedIndex, virt]);

  useEffect(() => {
    if (following && total > 0) virt.scrollToIndex(total - 1, { align: 'end' });
  }, [following, total, virt]);

  // Back on the page: where the table was left (once its rows are counted).
  const restoreTop = useRef(logs.scrollTop.current);
  useEffect(() => {
    if (restoreTop.current <= 0 || total === 0 || !scroller.current) return;
    scroller.current.scrollTop = restoreTop.current;
    restoreTop.current = 0;
  }, [total]);

  useEffect(() => {
    if (focusWanted.current === null) return;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-index="${focusWanted.current}"]`);
    if (!el) return;
    focusWanted.current = null;
    el.focus({ preventScroll: true });
  });

  if (!opened) return null;
  if (total === 0 && !filter && opened.tail.length > 0) {
    return (
      <Paper variant="outlined" sx={{ flex: 3, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
        <EntryList entries={opened.tail} isSelected={(e) => selected?.offset === e.offset} onSelect={logs.selectEntry} label="Log entries" sx={{ overflow: 'auto', height: 420 }} />
      </Paper>
    );
  }

  const shown = items.filter((it) => rowAt(it.index) !== undefined).map((it) => it.index);
  const wanted = selectedIndex ?? focusIndex;
  const tabStop = wanted !== null && shown.includes(wanted) ? wanted : shown[0];
  const onKey = (ev: KeyboardEvent<HTMLDivElement>, i: number) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      void logs.selectIndex(i);
      return;
    }
    const next = moveSelection(ev.key, i, total, PAGE_ROWS);
    if (next === null) return;
    ev.preventDefault();
    focusWanted.current = next;
    setFocusIndex(next);
    void logs.selectIndex(next);
  };

  return (
    <Paper variant="outlined" sx={{ flex: 3, minHeight: 320, display: 'flex', flexDirection: 'column' }}>
      <Box
        ref={scroller}
        onScroll={(ev) => {
          logs.scrollTop.current = ev.currentTarget.scrollTop;
        }}
        sx={{ overflow: 'auto', height: 420, contain: 'strict' }}
        role="grid" aria-label="Log entries" aria-rowcount={total}>
        <Box sx={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((it) => (
            <Box key={it.key} sx={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${it.start}px)` }}>
              <EntryRow
                entry={rowAt(it.index)}
                index={it.index}
                selected={selectedIndex === it.index}
                onClick={() => {
                  setFocusIndex(it.index);
                  void logs.selectIndex(it.index);
                }}
                tabIndex={it.index === tabStop ? 0 : -1}
                onKeyDown={(ev) => onKey(ev, it.index)}
              />
            </Box>
          ))}
        </Box>
      </Box>
    </Paper>
  );
}
