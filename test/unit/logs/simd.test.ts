/**
 * The WebAssembly kernels (electron/services/logs/simd.ts, kernels/*.wat) give what their plain-JS twins
 * (kernels-js.ts) give, on many random inputs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LEVEL_TRIGGERS, parseHead } from '../../../shared/logs/parse';
import { ByteScanner, HEAD_WORDS, RULE_OK, asciiNeedle, setSimdEnabled, simdAvailable } from '../../../electron/services/logs/simd';
import { rng } from '../../support/logs-gen';
import { pick, stampAt } from '../../support/random-logs';

afterEach(() => setSimdEnabled(true));

describe('SIMD kernels', () => {
  it('are available here, and give what their JS fallbacks give', () => {
    expect(simdAvailable()).toBe(true);
    const r = rng(3);
    const alpha = 'aAbBkK\n\n\n<![0123456789 \xef\xbb-="pEtTyYwWaArRnNfFiIlLcCeExXoOzZ:;>?.\r\xc2\xa0';
    for (let iter = 0; iter < 400; iter++) {
      const n = 1 + Math.floor(r() * 3000);
      const data = Buffer.alloc(n);
      for (let i = 0; i < n; i++) data[i] = r() < 0.05 ? Math.floor(r() * 256) : alpha.charCodeAt(Math.floor(r() * alpha.length));
      // Plant rule heads (some broken) after line breaks.
      for (let k = 0; k < 4; k++) {
        const at = Math.floor(r() * n);
        const head = Buffer.from(`\n${stampAt(r)}${pick(r, ['', '.5', '.1234567', '.12345678', ' '])}${pick(r, ['::', ' ::', ':'])}`, 'latin1');
        head.copy(data, at);
      }
      const lit = pick(r, ['ab', 'a', 'aB<', 'type', 'rn', 'wArN\n', 'x', 'kofi12', '0']);
      const ci = r() < 0.5;
      const utf16 = r() < 0.2;
      const from0 = Math.floor(r() * 5);
      const to0 = n - Math.floor(r() * 5);
      const results = [true, false].map((simd) => {
        const s = new ByteScanner(4096, { simd });
        expect(s.simd).toBe(simd);
        s.hay.set(data);
        s.hay.fill(0x0a, n, n + 200); // what lies beyond the end must not matter
        s.setNeedle(1, asciiNeedle(lit, ci, utf16));
        s.setTriggers(LEVEL_TRIGGERS);
        const from = s.hayBase + from0;
        const to = s.hayBase + to0;
        const found = [...s.out.subarray(0, s.find(1, from, to))].map((x) => x - s.hayBase);
        const heads = [...s.out.subarray(0, s.heads(from, to, to) * HEAD_WORDS)].map((x, i) => (i % HEAD_WORDS === 0 ? x - s.hayBase : x));
        const trig = [...s.out.subarray(0, s.triggers(from, to))].map((x) => x - s.hayBase);
        return { found, heads, trig };
      });
      expect(results[0]).toEqual(results[1]);
      // And the heads' rule words are the rule head's date and time.
      const { heads } = results[0]!;
      for (let i = 0; i < heads.length; i += HEAD_WORDS) {
        const q = heads[i]!;
        const head = parseHead(data.toString('latin1', q, Math.min(n, q + 40)));
        if (heads[i + 1]! >= RULE_OK && to0 >= q + 40) {
          expect(head?.kind).toBe('rule');
          const t = head!.time!;
          expect(heads[i + 1]! - RULE_OK).toBe(Number(t.slice(0, 4) + t.slice(5, 7) + t.slice(8, 10)));
          expect(heads[i + 2]).toBe(Number(t.slice(11, 13)) * 3600 + Number(t.slice(14, 16)) * 60 + Number(t.slice(17, 19)));
        }
      }
    }
  });

  it('list only the line starts after newlines before stop, though a round reads past it', () => {
    for (const simd of [true, false]) {
      const s = new ByteScanner(4096, { simd });
      s.hay.set(Buffer.from('\n1'.repeat(100), 'latin1'));
      const k = s.heads(s.hayBase, s.hayBase + 10, s.hayBase + 150);
      expect([...s.out.subarray(0, k * HEAD_WORDS)].filter((_, i) => i % HEAD_WORDS === 0).map((x) => x - s.hayBase)).toEqual([1, 3, 5, 7, 9]);
    }
  });

  it('finds a needle case-insensitively in ASCII only, and exactly when asked', () => {
    const s = new ByteScanner(4096);
    s.hay.set(Buffer.from('xx AOBrien aobrien aobrieN aobri\u00e9n', 'latin1'));
    s.setNeedle(0, asciiNeedle('aobrien', true));
    expect([...s.out.subarray(0, s.find(0, s.hayBase, s.hayBase + 34))].map((x) => x - s.hayBase)).toEqual([3, 11, 19]);
    s.setNeedle(0, asciiNeedle('aobrien', false));
    expect([...s.out.subarray(0, s.find(0, s.hayBase, s.hayBase + 34))].map((x) => x - s.hayBase)).toEqual([11]);
  });
});
