/** A core on a temporary data folder with the given settings, for the notify tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import type { z } from 'zod';
import type { Settings } from '../../../shared/settings/schema';

type SettingsInput = z.input<typeof Settings>;
import { SETTINGS_VERSION } from '../../../shared/settings/schema';

export function tempHome(prefix = 'hmc-notify-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeSettings(home: string, settings: Omit<SettingsInput, 'version'>): void {
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: SETTINGS_VERSION, ...settings }));
}

export async function notifyCore(home: string, settings?: Omit<SettingsInput, 'version'>, timing: { backoffMs?: number[]; auditPollMs?: number; sweepMs?: number; clock?: () => number } = {}): Promise<Core> {
  if (settings) writeSettings(home, settings);
  return createCore({ env: { ...process.env, HMC_HOME: home }, notifyTiming: { backoffMs: [200, 400], auditPollMs: 100, sweepMs: 60_000, ...timing } });
}

export const FROM = 'hmc@corp.example.org';
export const TO = 'iam-team@corp.example.org';

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Waits until `cond` holds (polling), or fails saying what it waited for. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A rule log line as the reference rule writes it (local time, CRLF). */
export function logLine(at: Date, text: string): string {
  const d = at;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}::${text}\r\n`;
}

/** One run up to and including its failing entry (no "Finished" line yet: the alert must not wait for it). */
export function failingRun(user: string, at = new Date()): string {
  return (
    logLine(at, `Starting ConnectorAfterCreate for CN=${user},OU=Joiners,DC=corp,DC=example,DC=org (sAMAccountName=${user})`) +
    logLine(at, `Enable-RemoteMailbox -Identity '${user}' -RemoteRoutingAddress '${user}@corpexample.mail.onmicrosoft.com'`) +
    logLine(at, `Cannot create mailbox for ${user}: The operation couldn't be performed because object '${user}' couldn't be found on 'dc01.corp.example.org'. (ManagementObjectNotFoundException)`)
  );
}

/** The logs service starts its alert followers within a second of the first subscriber. */
export const FOLLOWERS_START_MS = 2_000;
