import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signIn } from '../../../electron/cli/commands/exchange';
import type { CliContext } from '../../../electron/cli/framework';
import { createCore } from '../../../electron/app/core';

async function ctxWith(exchange: Record<string, unknown>, answer: string | null) {
  const home = mkdtempSync(join(tmpdir(), 'hmc-signin-'));
  writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange }));
  const core = await createCore({ env: { ...process.env, HMC_HOME: home } });
  const asked: string[] = [];
  const ctx = {
    core: async () => core,
    askSecret: async (q: string) => {
      asked.push(q);
      return answer;
    },
  } as unknown as CliContext;
  return { ctx, asked, core };
}

describe('CLI sign-in for remote Negotiate/Basic', () => {
  it('asks nothing for Kerberos or the sandbox', async () => {
    for (const ex of [{ mode: 'remote', authentication: 'Kerberos', credentialUser: 'CORP\\svc' }, { mode: 'sandbox' }]) {
      const { ctx, asked, core } = await ctxWith(ex, 'pw');
      expect(await signIn(ctx)).toBeUndefined();
      expect(asked).toEqual([]);
      await core.dispose();
    }
  });

  it('asks once on a terminal, naming the account, and returns the password', async () => {
    const { ctx, asked, core } = await ctxWith({ mode: 'remote', authentication: 'Negotiate', credentialUser: 'CORP\\svc-exch', hosts: ['exch01.corp.example.org'] }, 's3cret');
    expect(await signIn(ctx)).toBe('s3cret');
    expect(asked).toEqual(['Password for CORP\\svc-exch (Negotiate): ']);
    await core.dispose();
  });

  it('without a terminal it fails with a sentence saying what to do, never reading the environment', async () => {
    const { ctx, core } = await ctxWith({ mode: 'remote', authentication: 'Basic', useHttps: true, credentialUser: 'svc' }, null);
    await expect(signIn(ctx)).rejects.toMatchObject({ code: 'SESSION_AUTH_FAILED', message: expect.stringMatching(/run hmc on a terminal/) });
    await core.dispose();
  });
});
