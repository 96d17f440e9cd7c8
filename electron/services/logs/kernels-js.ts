/**
 * The byte kernels' contract and their plain-JS twins. The WebAssembly kernels (kernels/*.wat) give exactly
 * these results, faster; the twins run where WebAssembly SIMD is unavailable (or HMC_LOGS_NO_SIMD=1), and
 * the tests compare both on many random inputs. Positions are absolute addresses in the scanner's memory.
 */
import { ruleHeadLength } from './heads';

/** Where the trigger tables live in the scanner's memory (the triggers kernel reads them there too). */
export const TABLES = 512;
/** u32 words per heads() result: position, date (RULE_OK | yyyyMMdd, or 0), seconds of the day. */
export const HEAD_WORDS = 3;
/** Set in a heads() result's date word when the line starts with a rule head (see ruleHeadLength). */
export const RULE_OK = 0x80000000;
/** Positions compared by the trigger kernel (the trigger literals' length). */
export const TRIGGER_LEN = 3;

export interface Kernels {
  /** Positions in [start, end - m] where the needle at `needle` (masks at needle + 64) starts. */
  find(start: number, end: number, needle: number, m: number, out: number, outMax: number): number;
  /** Line starts after the newlines in [start, stop), before `limit`, that may begin a head (HEAD_WORDS each). */
  heads(start: number, stop: number, limit: number, out: number, outMax: number): number;
  /** Positions in [start, end) where a trigger literal (tables at TABLES) starts. */
  triggers(start: number, end: number, out: number, outMax: number): number;
}

function find(b: Uint8Array, start: number, end: number, needle: number, m: number, o: Uint32Array, outMax: number): number {
  let count = 0;
  if (m === 0) return 0;
  for (let p = start; p + m <= end; p++) {
    let j = 0;
    while (j < m && (b[p + j]! | b[needle + 64 + j]!) === b[needle + j]) j++;
    if (j === m) {
      o[count++] = p;
      if (count >= outMax) return count;
    }
  }
  return count;
}

function heads(b: Uint8Array, start: number, stop: number, limit: number, o: Uint32Array, outMax: number): number {
  let count = 0;
  for (let p = start; p < stop && p + 1 < limit; p++) {
    if (b[p] !== 10) continue;
    const q = p + 1;
    const w = b[q]!;
    if (((w & 0xf0) === 0x30 && (w !== 60 || b[q + 1] === 33)) || w === 91 || w === 0xef) {
      const d = (i: number) => b[q + i]! - 48;
      const rule = ruleHeadLength(b, q, limit) > 0;
      o[count * HEAD_WORDS] = q;
      o[count * HEAD_WORDS + 1] = rule ? (RULE_OK | ((((d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) * 100 + d(5) * 10 + d(6)) * 100) + d(8) * 10 + d(9))) >>> 0 : 0;
      o[count * HEAD_WORDS + 2] = rule ? (d(11) * 10 + d(12)) * 3600 + (d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18) : 0;
      if (++count >= outMax) return count;
    }
  }
  return count;
}

function triggers(b: Uint8Array, start: number, end: number, o: Uint32Array, outMax: number): number {
  let count = 0;
  for (let p = start; p < end; p++) {
    let m = 0xff;
    for (let k = 0; k < TRIGGER_LEN && m; k++) {
      const x = b[p + k]!;
      m &= b[TABLES + 32 * k + (x & 15)]! & b[TABLES + 32 * k + 16 + (x >> 4)]!;
    }
    if (m) {
      o[count++] = p;
      if (count >= outMax) return count;
    }
  }
  return count;
}

/** The JS kernels over the memory `u8()` returns (asked each call: the memory may have grown). */
export function jsKernels(u8: () => Uint8Array): Kernels {
  const words = (b: Uint8Array, at: number, n: number) => new Uint32Array(b.buffer, b.byteOffset + at, n);
  return {
    find: (start, end, needle, m, out, outMax) => find(u8(), start, end, needle, m, words(u8(), out, outMax), outMax),
    heads: (start, stop, limit, out, outMax) => heads(u8(), start, stop, limit, words(u8(), out, outMax * HEAD_WORDS), outMax),
    triggers: (start, end, out, outMax) => triggers(u8(), start, end, words(u8(), out, outMax), outMax),
  };
}
