/**
 * A console core against the sandbox Exchange in a temp data folder: real PowerShell, real files.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, type Core } from '../../../electron/app/core';
import { HmcError } from '../../../shared/errors';

export interface SandboxCore {
  core: Core;
  home: string;
  directory: string;
  env: NodeJS.ProcessEnv;
  dispose(): Promise<void>;
}

export async function sandboxCore(
  opts: { env?: Record<string, string>; exchange?: Record<string, unknown>; syncDelaySeconds?: number } = {},
): Promise<SandboxCore> {
  const home = await mkdtemp(join(tmpdir(), 'hmc-ex-'));
  await mkdir(home, { recursive: true });
  const directory = join(home, 'directory.json');
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 1,
      exchange: { mode: 'sandbox', sandboxSyncDelaySeconds: opts.syncDelaySeconds ?? 30, ...opts.exchange },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: directory, ...opts.env };
  const core = await createCore({ env, forceSandbox: true });
  return {
    core,
    home,
    directory,
    env,
    async dispose() {
      await core.dispose();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** The HmcError a call rejects with; anything else (or success) fails the test. */
export async function fails(p: Promise<unknown>): Promise<HmcError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HmcError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}
