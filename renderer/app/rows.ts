/**
 * Table rows that open or select something: reachable with Tab, operated with Enter or Space as well
 * as a click, with a visible focus ring. Clicks and keys on a control inside the row (a button, a
 * link, a field) stay that control's own.
 */
import type { KeyboardEvent, MouseEvent } from 'react';

const INNER_CONTROL = 'button, a, input, select, textarea, [role="button"]';

function fromInnerControl(e: { target: EventTarget; currentTarget: EventTarget }): boolean {
  const target = e.target as Element;
  const inner = target.closest?.(INNER_CONTROL);
  return inner !== null && inner !== undefined && inner !== e.currentTarget;
}

export interface ActivatableRowProps {
  tabIndex: number;
  onClick(e: MouseEvent<HTMLElement>): void;
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}

/** Spread onto a TableRow; `activate` runs on a click, Enter or Space. */
export function activatableRow(activate: () => void): ActivatableRowProps {
  return {
    tabIndex: 0,
    onClick: (e) => {
      if (!fromInnerControl(e)) activate();
    },
    onKeyDown: (e) => {
      if (e.target !== e.currentTarget || (e.key !== 'Enter' && e.key !== ' ')) return;
      e.preventDefault();
      activate();
    },
  };
}

/** The focus ring of an activatable row (`sx`), drawn inside the row so the table does not clip it. */
export const rowFocusRing = {
  cursor: 'pointer',
  '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main', outlineOffset: '-2px' },
} as const;
