/**
 * The line splitter (electron/services/logs/lines.ts): lazy 8-bit runs give the same lines as eager ones.
 */
import { describe, expect, it } from 'vitest';
import { LineSplitter, runLines } from '../../../electron/services/logs/lines';
import { rng } from '../../support/logs-gen';
import { ENCODINGS, encode } from '../../support/random-logs';

describe('lazy line splitting', () => {
  it('gives the same runs and lines as eager splitting', () => {
    const r = rng(8);
    for (let i = 0; i < 50; i++) {
      const bytes = encode(r, ENCODINGS[i % ENCODINGS.length]!, 40);
      const lines = (lazy: boolean) => {
        const sp = new LineSplitter(0, null, lazy);
        const runs = sp.push(bytes);
        sp.flush(runs);
        return runs.flatMap((run) => runLines(run));
      };
      expect(lines(true)).toEqual(lines(false));
    }
  });
});
