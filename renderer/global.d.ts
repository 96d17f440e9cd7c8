import type { HmcBridge } from './bridge';

declare global {
  interface Window {
    /** Present only in the desktop app (exposed by the preload). */
    hmc?: HmcBridge;
  }
}
export {};
