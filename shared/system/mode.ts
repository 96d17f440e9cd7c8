/**
 * Which Exchange the console works on, as every indicator shows it (the sandbox banner, the status bar's
 * chip): derived from system.status only, so the two can never disagree.
 */
import type { SystemStatus } from './schemas';

export interface ModeIndicator {
  /** The sandbox banner is shown. */
  sandbox: boolean;
  /** The status bar's chip text. */
  label: string;
}

export function modeIndicator(status: Pick<SystemStatus, 'exchangeMode' | 'sandbox'>): ModeIndicator {
  return { sandbox: status.sandbox, label: `Exchange: ${status.exchangeMode}${status.sandbox ? ' (sandbox)' : ''}` };
}
