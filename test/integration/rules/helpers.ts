/**
 * A console core for replays: temp data folder and sandbox directory, settings for the rules (two
 * Exchange hosts, a routing domain, a short timeout and budget so fault replays stay quick).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import type { ReplayInput, ReplayReport } from '../../../shared/rules/schemas';
import { fixturePath } from '../../support/fixtures';

export const HOSTS = ['exch01.corp.example.org', 'exch02.corp.example.org'];
export const ROUTING_DOMAIN = 'corpexample.mail.onmicrosoft.com';

export interface RulesCore {
  core: Core;
  home: string;
  directory: string;
  env: NodeJS.ProcessEnv;
  replay(input: ReplayInput): Promise<ReplayReport>;
  dispose(): Promise<void>;
}

export async function rulesCore(settings: { exchange?: Record<string, unknown>; rules?: Record<string, unknown>; notify?: Record<string, unknown> } = {}): Promise<RulesCore> {
  const home = await mkdtemp(join(tmpdir(), 'hmc-rules-'));
  const directory = join(home, 'sandbox-directory.json');
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      exchange: { mode: 'sandbox', hosts: HOSTS, routingDomain: ROUTING_DOMAIN, sandboxSyncDelaySeconds: 0, ...settings.exchange },
      rules: { timeoutSeconds: 60, budgetSeconds: 45, openTimeoutSeconds: 10, operationTimeoutSeconds: 15, ...settings.rules },
      notify: settings.notify ?? {},
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: directory };
  const core = await createCore({ env, forceSandbox: true });
  return {
    core,
    home,
    directory,
    env,
    replay: (input) => core.router.invoke('rule.replay', input, { door: 'test' }),
    async dispose() {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A fixture as a document input (bytes, so the encoding travels as it is in the file). */
export async function doc(name: string): Promise<{ base64: string; name: string }> {
  return { base64: (await readFile(fixturePath(name))).toString('base64'), name };
}

/** The rule's log lines (the one log file a generated rule writes). */
export function logLines(r: ReplayReport): string[] {
  const log = r.logs.find((l) => /Connector(After(Create|Modify))\.log$/.test(l.windowsPath));
  return log ? log.text.split(/\r?\n/).filter(Boolean) : [];
}
