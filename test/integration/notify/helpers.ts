/** A core on a temporary data folder with the given settings, for the notify tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import type { SettingsInput } from '../../../shared/settings/schema';
import { SETTINGS_VERSION } from '../../../shared/settings/schema';

export function tempHome(prefix = 'hmc-notify-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeSettings(home: string, settings: Omit<SettingsInput, 'version'>): void {
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: SETTINGS_VERSION, ...settings }));
}

export async function notifyCore(home: string, settings?: Omit<SettingsInput, 'version'>, timing: { backoffMs?: number[]; auditPollMs?: number; sweepMs?: number } = {}): Promise<Core> {
  if (settings) writeSettings(home, settings);
  return createCore({ env: { ...process.env, HMC_HOME: home }, notifyTiming: { backoffMs: [200, 400], auditPollMs: 100, sweepMs: 60_000, ...timing } });
}

export const FROM = 'hmc@corp.example.org';
export const TO = 'iam-team@corp.example.org';
