/** hmc serve (electron/cli/commands/serve.ts): what it refuses before any web host starts. */
import { describe, expect, it } from 'vitest';
import { runHmc } from '../../support/cli';
import type { Core } from '../../../electron/app/core';

const noCore = (): Promise<Core> => Promise.reject(new Error('the core is not needed here'));

describe('hmc serve', () => {
  it('serve refuses a bad port with exit 2', async () => {
    const t = await runHmc(['serve', '--port', 'abc'], { env: {}, core: noCore });
    expect(t.code).toBe(2);
  });
});
