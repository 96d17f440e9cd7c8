/** The CLI frame (electron/cli/run.ts): help, usage errors, exit codes and the --json envelope. */
import { describe, expect, it } from 'vitest';
import { runHmc } from '../../support/cli';
import type { Core } from '../../../electron/app/core';

/** None of these commands gets as far as the core. */
const noCore = (): Promise<Core> => Promise.reject(new Error('the core is not needed here'));

describe('hmc CLI frame', () => {
  it('--help lists the commands and exits 0', async () => {
    const t = await runHmc(['--help'], { env: {} });
    expect(t.code).toBe(0);
    expect(t.out).toContain('hmc status');
    expect(t.out).toContain('hmc serve');
  });

  it('no command is bad usage: exit 2', async () => {
    const t = await runHmc([], { env: {} });
    expect(t.code).toBe(2);
  });

  it('an unknown command exits 2 with a sentence; --json puts the envelope on stdout', async () => {
    const t = await runHmc(['frobnicate', '--json'], { env: {} });
    expect(t.code).toBe(2);
    expect(JSON.parse(t.out)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.err).toMatch(/hmc --help/);
  });

  it('an unknown option exits 2', async () => {
    const t = await runHmc(['status', '--frob'], { env: {}, core: noCore });
    expect(t.code).toBe(2);
    expect(t.err).toMatch(/Unknown option/);
  });
});
