/**
 * Arriving at the plan inspector with a document from another page (e.g. a log entry):
 *   const open = useOpenInPlanInspector();  open(entryText);
 * or, with a Navigation in hand, openInPlanInspector(nav, text). The text goes through the app
 * frame's hand-over (in memory) and the Plans page inspects it on arrival.
 */
import { useCallback } from 'react';
import { useNavigation, type Navigation } from '../app/navigation';

export function openInPlanInspector(nav: Pick<Navigation, 'navigate'>, text: string): void {
  nav.navigate('plans', { planText: text });
}

export function useOpenInPlanInspector(): (text: string) => void {
  const nav = useNavigation();
  return useCallback((text: string) => openInPlanInspector(nav, text), [nav]);
}
