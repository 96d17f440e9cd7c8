/**
 * The three documents the inspector takes (the plan or request, $env:Result, $env:Application):
 * pasted text, or an opened/dropped file whose bytes go to the core as base64 (UTF-16 safe).
 */
import type { PlanDocumentInput } from '../../shared/plans/schemas';

export type Slot = 'document' | 'result' | 'application';

export interface SlotState {
  text: string;
  /** Set when a file was opened/dropped: its bytes go to the core as base64 (UTF-16 safe). */
  file: { name: string; base64: string } | null;
}

export type Slots = Record<Slot, SlotState>;

export const EMPTY_SLOT: SlotState = { text: '', file: null };
export const NO_SLOTS: Slots = { document: EMPTY_SLOT, result: EMPTY_SLOT, application: EMPTY_SLOT };

export const SLOT_LABEL: Record<Slot, string> = {
  document: 'Plan, request, result, application or rule XML (or a log entry holding it)',
  result: '$env:Result (ServiceResult), optional',
  application: '$env:Application (Application or Map), optional',
};

export function toInput(s: SlotState): PlanDocumentInput | undefined {
  if (s.file) return { base64: s.file.base64, name: s.file.name };
  return s.text.trim() ? { text: s.text } : undefined;
}
