/**
 * Byte-level scanning kernels for the log index and search, as a small WebAssembly SIMD module assembled
 * here (no dependency, no file to load), with plain-JS fallbacks that give the same results (used when
 * WebAssembly SIMD is unavailable, and by the tests as the reference).
 *
 * A ByteScanner owns one memory: chunks of the file are read straight into `hay` (no copy, see ChunkPump),
 * then
 *  - find(from, to, needle): every position where the needle starts, compared per byte as
 *    `(byte | mask[j]) === needle[j]`: mask 0x20 on ASCII letters (needle in lower case) makes the comparison
 *    ASCII case-insensitive, mask 0 compares exactly; a UTF-16LE needle is the same bytes with NULs between;
 *  - heads(from, stop, limit): every line start whose first byte may begin a recognised line head, with
 *    the date and time of a rules' head worked out (see headsKernel);
 *  - triggers(from, to): every position where one of up to 8 TRIGGER_LEN-byte literals starts (ASCII
 *    case-insensitive), found with nibble lookup tables ("Teddy").
 * Positions are absolute addresses in the memory (indices into `mem`); results go to `out`, at most OUT_MAX
 * per call: a call that returns OUT_MAX is continued by the caller from after the last result.
 * Kernels may read up to PAD bytes past `to`; the memory is sized for it (what they read there is ignored).
 */

import { ruleHeadLength } from './lines';

/** Most results one kernel call gives (heads: HEAD_WORDS words each). */
export const OUT_MAX = 1 << 16;
const PAD = 256;
const NEEDLE_SLOTS = 4;
/** Needle slot k: bytes at NEEDLES + 128k, masks 64 bytes further. */
const NEEDLES = 0;
const NEEDLE_MAX = 64;
const TABLES = 512; // 16-byte lo/hi nibble tables for each trigger position
/** Needles and tables live below here; the kernels' output follows. */
const HEADER = 1024;

// ----------------------------------------------------------------------------------------------
// A minimal WebAssembly assembler: just what the three kernels use.

const OP = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  br_if: 0x0d,
  return: 0x0f,
  local_get: 0x20,
  local_set: 0x21,
  local_tee: 0x22,
  i32_load: 0x28,
  i32_load8_u: 0x2d,
  i32_store: 0x36,
  i32_const: 0x41,
  i32_eqz: 0x45,
  i32_eq: 0x46,
  i32_ne: 0x47,
  i32_lt_s: 0x48,
  i32_gt_s: 0x4a,
  i32_le_s: 0x4c,
  i32_ge_s: 0x4e,
  i32_gt_u: 0x4b,
  i32_ge_u: 0x4f,
  i32_ctz: 0x68,
  i32_add: 0x6a,
  i32_sub: 0x6b,
  i32_mul: 0x6c,
  i32_and: 0x71,
  i32_or: 0x72,
  i32_shl: 0x74,
} as const;
// SIMD opcodes (after the 0xFD prefix).
const V = {
  load: 0x00,
  swizzle: 0x0e,
  i8x16_splat: 0x0f,
  i8x16_eq: 0x23,
  i8x16_ne: 0x24,
  i8x16_lt_u: 0x26,
  and: 0x4e,
  or: 0x50,
  any_true: 0x53,
  i8x16_bitmask: 0x64,
  i8x16_shr_u: 0x6d,
  i8x16_sub: 0x71,
} as const;
const I32 = 0x7f;
const V128 = 0x7b;
const VOID = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Instruction helpers: each returns the bytes of one instruction. */
const get = (i: number) => [OP.local_get, ...uleb(i)];
const set = (i: number) => [OP.local_set, ...uleb(i)];
const tee = (i: number) => [OP.local_tee, ...uleb(i)];
const c32 = (n: number) => [OP.i32_const, ...sleb(n)];
const load8 = (offset = 0) => [OP.i32_load8_u, 0, ...uleb(offset)];
const store32 = () => [OP.i32_store, 2, 0];
const v = (op: number) => [0xfd, ...uleb(op)];
const vload = (offset = 0) => [...v(V.load), 0, ...uleb(offset)];
const splat8 = (n: number) => [...c32(n), ...v(V.i8x16_splat)];

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function str(s: string): number[] {
  return vec([...s].map((c) => [c.charCodeAt(0)]));
}

/** Function body: locals given as runs of [count, type]. */
function body(locals: Array<[number, number]>, code: number[]): number[] {
  const b = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, OP.end];
  return [...uleb(b.length), ...b];
}

/** Local variable indices of one function: parameters first, then locals in the order asked for. */
class Locals {
  private readonly types: number[] = [];
  constructor(private readonly params: number) {}
  private add(t: number): number {
    this.types.push(t);
    return this.params + this.types.length - 1;
  }
  i32(): number {
    return this.add(I32);
  }
  v128(): number {
    return this.add(V128);
  }
  decls(): Array<[number, number]> {
    return this.types.map((t) => [1, t]);
  }
}

/**
 * For each set bit of the i32 local `bits`: `pos = base + ctz(bits) + add`, then `onPos` (which may
 * `return`); clears the bit and loops.
 */
function forEachBit(bits: number, base: number, add: number, pos: number, onPos: number[]): number[] {
  return [
    OP.block, VOID,
    OP.loop, VOID,
    ...get(bits), OP.i32_eqz, OP.br_if, 1,
    ...get(base), ...get(bits), OP.i32_ctz, OP.i32_add, ...(add ? [...c32(add), OP.i32_add] : []), ...set(pos),
    ...onPos,
    ...get(bits), ...get(bits), ...c32(1), OP.i32_sub, OP.i32_and, ...set(bits),
    OP.br, 0,
    OP.end,
    OP.end,
  ];
}

/** out[count++] = pos when pos < limit; returns count when it reaches outMax. */
function emitPos(out: number, count: number, outMax: number, pos: number, limit: number | null): number[] {
  const store = [
    ...get(out), ...get(count), ...c32(2), OP.i32_shl, OP.i32_add, ...get(pos), ...store32(),
    ...get(count), ...c32(1), OP.i32_add, ...tee(count), ...get(outMax), OP.i32_ge_u,
    OP.if, VOID, ...get(count), OP.return, OP.end,
  ];
  return limit === null ? store : [...get(pos), ...get(limit), OP.i32_lt_s, OP.if, VOID, ...store, OP.end];
}

/** The common loop: `for (p = start; p < end; p += step) body` (body sees p). */
function forBlocks(p: number, start: number, end: number, step: number, loopBody: number[]): number[] {
  return [
    ...get(start), ...set(p),
    OP.block, VOID,
    OP.loop, VOID,
    ...get(p), ...get(end), OP.i32_ge_s, OP.br_if, 1,
    ...loopBody,
    ...get(p), ...c32(step), OP.i32_add, ...set(p),
    OP.br, 0,
    OP.end,
    OP.end,
  ];
}

/**
 * find(start, end, needle, m, out, outMax) -> count. 64 positions a round: the needle's first and last
 * bytes (with their masks) select candidates, the bytes between are then compared one by one.
 */
function findKernel(): number[] {
  const [start, end, needle, m, out, outMax] = [0, 1, 2, 3, 4, 5];
  const L = new Locals(6);
  const UNROLL = 4;
  const [p, last, bound, bits, pos, j, count, ok, blockBase] = [L.i32(), L.i32(), L.i32(), L.i32(), L.i32(), L.i32(), L.i32(), L.i32(), L.i32()];
  const [c0, f0, cL, fL] = [L.v128(), L.v128(), L.v128(), L.v128()];
  const R = Array.from({ length: UNROLL }, () => L.v128());
  const verify = [
    ...get(pos), ...get(last), OP.i32_le_s,
    OP.if, VOID,
    ...c32(1), ...set(j), ...c32(1), ...set(ok),
    OP.block, VOID,
    OP.loop, VOID,
    ...get(j), ...get(m), ...c32(1), OP.i32_sub, OP.i32_ge_s, OP.br_if, 1,
    ...get(pos), ...get(j), OP.i32_add, ...load8(),
    ...get(needle), ...get(j), OP.i32_add, ...load8(64), OP.i32_or,
    ...get(needle), ...get(j), OP.i32_add, ...load8(), OP.i32_ne,
    OP.if, VOID, ...c32(0), ...set(ok), OP.br, 2, OP.end,
    ...get(j), ...c32(1), OP.i32_add, ...set(j),
    OP.br, 0,
    OP.end,
    OP.end,
    ...get(ok),
    OP.if, VOID, ...emitPos(out, count, outMax, pos, null), OP.end,
    OP.end,
  ];
  const lastByte = [...get(needle), ...get(m), OP.i32_add, ...c32(1), OP.i32_sub];
  const code = [
    ...get(m), OP.i32_eqz, OP.if, VOID, ...c32(0), OP.return, OP.end,
    ...get(end), ...get(start), OP.i32_sub, ...get(m), OP.i32_lt_s, OP.if, VOID, ...c32(0), OP.return, OP.end,
    // last: the last position a needle can start at; the loop runs while p < bound = last + 1.
    ...get(end), ...get(m), OP.i32_sub, ...tee(last), ...c32(1), OP.i32_add, ...set(bound),
    ...get(needle), ...load8(), ...v(V.i8x16_splat), ...set(c0),
    ...get(needle), ...load8(64), ...v(V.i8x16_splat), ...set(f0),
    ...lastByte, ...load8(), ...v(V.i8x16_splat), ...set(cL),
    ...lastByte, ...load8(64), ...v(V.i8x16_splat), ...set(fL),
    ...forBlocks(p, start, bound, 16 * UNROLL, [
      ...R.flatMap((r, n) => [
        ...get(p), ...vload(16 * n), ...get(f0), ...v(V.or), ...get(c0), ...v(V.i8x16_eq),
        ...get(p), ...get(m), OP.i32_add, ...c32(1), OP.i32_sub, ...vload(16 * n), ...get(fL), ...v(V.or), ...get(cL), ...v(V.i8x16_eq),
        ...v(V.and), ...set(r),
      ]),
      ...get(R[0]!), ...R.slice(1).flatMap((r) => [...get(r), ...v(V.or)]),
      ...v(V.any_true),
      OP.if, VOID,
      ...R.flatMap((r, n) => [
        ...get(r), ...v(V.i8x16_bitmask), ...set(bits),
        ...get(p), ...c32(16 * n), OP.i32_add, ...set(blockBase),
        ...forEachBit(bits, blockBase, 0, pos, verify),
      ]),
      OP.end,
    ]),
    ...get(count),
  ];
  return body(L.decls(), code);
}

/** u32 words per heads() result: position, date (RULE_OK | yyyyMMdd, or 0), seconds of the day. */
export const HEAD_WORDS = 3;
/** Set in a heads() result's date word when the line starts with a rule head (see ruleHeadLength). */
export const RULE_OK = 0x80000000;

/**
 * heads(start, stop, limit, out, outMax) -> count: line starts q (a '\n' at q-1 in [start, stop),
 * q < limit) whose first byte is a digit, '[', 0xEF, or '<' followed by '!' (and, cheaper to let through
 * than to exclude, ':', ';', '=', '>', '?'); 64 bytes per round. Each result is HEAD_WORDS words: q, then,
 * when a rules' head `yyyy-MM-dd HH:mm:ss[.f{1,7}][ ]::` starts at q within `limit` (ruleHeadLength's
 * rules), RULE_OK | yyyyMMdd and HH*3600 + mm*60 + ss, else 0 and 0.
 */
function headsKernel(): number[] {
  const UNROLL = 4;
  const [start, stop, limit, out, outMax] = [0, 1, 2, 3, 4];
  const L = new Locals(5);
  const [p, bits, q, count, blockBase, ymd, sod, i, k, tmp, Y, MO, D, H, MI, S] = Array.from({ length: 16 }, () => L.i32()) as [
    number, number, number, number, number, number, number, number, number, number, number, number, number, number, number, number,
  ];
  const [w, nl, hiMask, digitHi, lb, ef, lt, ex] = [L.v128(), L.v128(), L.v128(), L.v128(), L.v128(), L.v128(), L.v128(), L.v128()];
  const R = Array.from({ length: UNROLL }, () => L.v128());
  const block = (off: number) => [
    ...get(p), ...vload(off), ...get(nl), ...v(V.i8x16_eq),
    ...get(p), ...vload(off + 1), ...tee(w), ...get(hiMask), ...v(V.and), ...get(digitHi), ...v(V.i8x16_eq),
    ...get(w), ...get(lt), ...v(V.i8x16_ne), ...get(p), ...vload(off + 2), ...get(ex), ...v(V.i8x16_eq), ...v(V.or), ...v(V.and),
    ...get(w), ...get(lb), ...v(V.i8x16_eq), ...v(V.or),
    ...get(w), ...get(ef), ...v(V.i8x16_eq), ...v(V.or),
    ...v(V.and),
  ];
  // Inside the `block` of `rule` below (depth 0 there): leave it unless the byte at q+off is `ch` / a digit.
  const sep = (off: number, ch: number) => [...get(q), ...load8(off), ...c32(ch), OP.i32_ne, OP.br_if, 0];
  const digits = (offs: number[], acc: number) => [
    ...c32(0), ...set(acc),
    ...offs.flatMap((off) => [
      ...get(q), ...load8(off), ...c32(48), OP.i32_sub, ...tee(tmp), ...c32(9), OP.i32_gt_u, OP.br_if, 0,
      ...get(acc), ...c32(10), OP.i32_mul, ...get(tmp), OP.i32_add, ...set(acc),
    ]),
  ];
  const rule = [
    ...c32(0), ...set(ymd), ...c32(0), ...set(sod),
    OP.block, VOID,
    ...get(q), ...c32(21), OP.i32_add, ...get(limit), OP.i32_gt_s, OP.br_if, 0,
    ...sep(4, 45), ...sep(7, 45), ...sep(10, 32), ...sep(13, 58), ...sep(16, 58),
    ...digits([0, 1, 2, 3], Y), ...digits([5, 6], MO), ...digits([8, 9], D),
    ...digits([11, 12], H), ...digits([14, 15], MI), ...digits([17, 18], S),
    ...get(q), ...c32(19), OP.i32_add, ...set(i),
    // Fraction: '.' and 1-7 digits.
    ...get(i), ...load8(), ...c32(46), OP.i32_eq,
    OP.if, VOID,
    ...get(i), ...c32(1), OP.i32_add, ...set(k),
    OP.block, VOID,
    OP.loop, VOID,
    ...get(k), ...get(limit), OP.i32_ge_s, OP.br_if, 1,
    ...get(k), ...get(i), OP.i32_sub, ...c32(8), OP.i32_gt_s, OP.br_if, 1,
    ...get(k), ...load8(), ...c32(48), OP.i32_sub, ...c32(9), OP.i32_gt_u, OP.br_if, 1,
    ...get(k), ...c32(1), OP.i32_add, ...set(k),
    OP.br, 0,
    OP.end,
    OP.end,
    // digits = k - i - 1 must be 1..7, i.e. (k - i - 2) <=u 6
    ...get(k), ...get(i), OP.i32_sub, ...c32(2), OP.i32_sub, ...c32(6), OP.i32_gt_u, OP.br_if, 1,
    ...get(k), ...set(i),
    OP.end,
    // An optional space, then '::'.
    ...get(i), ...get(limit), OP.i32_lt_s,
    OP.if, VOID,
    ...get(i), ...load8(), ...c32(32), OP.i32_eq,
    OP.if, VOID, ...get(i), ...c32(1), OP.i32_add, ...set(i), OP.end,
    OP.end,
    ...get(i), ...c32(2), OP.i32_add, ...get(limit), OP.i32_gt_s, OP.br_if, 0,
    ...get(i), ...load8(), ...c32(58), OP.i32_ne, OP.br_if, 0,
    ...get(i), ...load8(1), ...c32(58), OP.i32_ne, OP.br_if, 0,
    ...get(Y), ...c32(100), OP.i32_mul, ...get(MO), OP.i32_add, ...c32(100), OP.i32_mul, ...get(D), OP.i32_add,
    ...c32(RULE_OK | 0), OP.i32_or, ...set(ymd),
    ...get(H), ...c32(3600), OP.i32_mul, ...get(MI), ...c32(60), OP.i32_mul, OP.i32_add, ...get(S), OP.i32_add, ...set(sod),
    OP.end,
  ];
  const at = (word: number) => [...get(out), ...get(count), ...c32(HEAD_WORDS * 4), OP.i32_mul, OP.i32_add, ...(word ? [...c32(4 * word), OP.i32_add] : [])];
  const onPos = [
    ...get(q), ...get(limit), OP.i32_lt_s,
    OP.if, VOID,
    ...rule,
    ...at(0), ...get(q), ...store32(),
    ...at(1), ...get(ymd), ...store32(),
    ...at(2), ...get(sod), ...store32(),
    ...get(count), ...c32(1), OP.i32_add, ...tee(count), ...get(outMax), OP.i32_ge_u,
    OP.if, VOID, ...get(count), OP.return, OP.end,
    OP.end,
  ];
  const handle = (n: number) => [
    ...get(R[n]!), ...v(V.i8x16_bitmask), ...set(bits),
    ...get(p), ...c32(16 * n), OP.i32_add, ...set(blockBase),
    ...forEachBit(bits, blockBase, 1, q, onPos),
  ];
  const code = [
    ...splat8(10), ...set(nl),
    ...splat8(0xf0), ...set(hiMask),
    ...splat8(0x30), ...set(digitHi),
    ...splat8(91), ...set(lb),
    ...splat8(0xef), ...set(ef),
    ...splat8(60), ...set(lt),
    ...splat8(33), ...set(ex),
    ...forBlocks(p, start, stop, 16 * UNROLL, [
      ...R.flatMap((r, n) => [...block(16 * n), ...set(r)]),
      ...get(R[0]!), ...R.slice(1).flatMap((r) => [...get(r), ...v(V.or)]),
      ...v(V.any_true),
      OP.if, VOID, ...R.flatMap((_, n) => handle(n)), OP.end,
    ]),
    ...get(count),
  ];
  return body(L.decls(), code);
}

/** Positions compared by the trigger kernel (the trigger literals' length). */
export const TRIGGER_LEN = 3;

/**
 * triggers(start, end, out, outMax) -> count: positions where one of up to 8 TRIGGER_LEN-byte literals
 * starts ("Teddy": per position, a lookup of the low and of the high nibble gives the literals whose byte
 * there has that nibble; their AND over the positions says which literal starts here). The nibbles of each
 * 16-byte block are computed once and shifted into place (i8x16.shuffle), 64 bytes per round.
 */
function triggersKernel(): number[] {
  const UNROLL = 4;
  const [start, end, out, outMax] = [0, 1, 2, 3];
  const L = new Locals(4);
  const [p, bits, q, count, blockBase] = [L.i32(), L.i32(), L.i32(), L.i32(), L.i32()];
  const tab = Array.from({ length: 2 * TRIGGER_LEN }, () => L.v128()); // lo0, hi0, lo1, hi1, ...
  const [nib, x, zero] = [L.v128(), L.v128(), L.v128()];
  const LO = Array.from({ length: UNROLL + 1 }, () => L.v128());
  const HI = Array.from({ length: UNROLL + 1 }, () => L.v128());
  const R = Array.from({ length: UNROLL }, () => L.v128());
  const shuffle = (j: number) => [0xfd, 0x0d, ...Array.from({ length: 16 }, (_, i) => i + j)];
  const nibbles = (i: number, off: number) => [
    ...get(p), ...vload(off), ...tee(x), ...get(nib), ...v(V.and), ...set(LO[i]!),
    ...get(x), ...c32(4), ...v(V.i8x16_shr_u), ...set(HI[i]!),
  ];
  // Block i, literal position j: nibbles of bytes p+16i+j .. +15.
  const lookup = (i: number, j: number) => [
    ...get(tab[2 * j]!), ...get(LO[i]!), ...(j ? [...get(LO[i + 1]!), ...shuffle(j)] : []), ...v(V.swizzle),
    ...get(tab[2 * j + 1]!), ...get(HI[i]!), ...(j ? [...get(HI[i + 1]!), ...shuffle(j)] : []), ...v(V.swizzle),
    ...v(V.and),
  ];
  const handle = (i: number) => [
    ...get(R[i]!), ...get(zero), ...v(V.i8x16_ne), ...v(V.i8x16_bitmask), ...set(bits),
    ...get(p), ...c32(16 * i), OP.i32_add, ...set(blockBase),
    ...forEachBit(bits, blockBase, 0, q, emitPos(out, count, outMax, q, end)),
  ];
  const code = [
    ...tab.flatMap((t, k) => [...c32(TABLES + 16 * k), ...vload(), ...set(t)]),
    ...splat8(0x0f), ...set(nib),
    ...get(start), ...set(p),
    ...nibbles(0, 0),
    ...forBlocks(p, start, end, 16 * UNROLL, [
      ...R.flatMap((_, i) => nibbles(i + 1, 16 * (i + 1))),
      ...R.flatMap((r, i) => [
        ...lookup(i, 0),
        ...Array.from({ length: TRIGGER_LEN - 1 }, (_, j) => [...lookup(i, j + 1), ...v(V.and)]).flat(),
        ...set(r),
      ]),
      ...get(R[0]!), ...R.slice(1).flatMap((r) => [...get(r), ...v(V.or)]),
      ...v(V.any_true),
      OP.if, VOID, ...R.flatMap((_, i) => handle(i)), OP.end,
      ...get(LO[UNROLL]!), ...set(LO[0]!), ...get(HI[UNROLL]!), ...set(HI[0]!),
    ]),
    ...get(count),
  ];
  return body(L.decls(), code);
}

function moduleBytes(): Uint8Array {
  const fn = (params: number) => [0x60, ...vec(Array.from({ length: params }, () => [I32])), ...vec([[I32]])];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([fn(6), fn(5), fn(4)])),
    ...section(2, vec([[...str('env'), ...str('mem'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [1], [2]])),
    ...section(7, vec([
      [...str('find'), 0x00, 0],
      [...str('heads'), 0x00, 1],
      [...str('triggers'), 0x00, 2],
    ])),
    ...section(10, vec([findKernel(), headsKernel(), triggersKernel()])),
  ];
  return new Uint8Array(bytes);
}

interface Kernels {
  find(start: number, end: number, needle: number, m: number, out: number, outMax: number): number;
  heads(start: number, stop: number, limit: number, out: number, outMax: number): number;
  triggers(start: number, end: number, out: number, outMax: number): number;
}

/** The part of the WebAssembly API used here (the Node typings this project builds with do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  Memory: new (desc: { initial: number }) => WasmMemory;
}
const WASM = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
let enabled = true;

/** Tests and diagnostics: false makes new scanners use the JS kernels. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function wasmModule(): object | null {
  if (!enabled) return null;
  if (compiled === undefined) {
    compiled = null;
    try {
      // HMC_LOGS_NO_SIMD=1 forces the JS kernels (diagnostics).
      if (WASM && process.env.HMC_LOGS_NO_SIMD !== '1') {
        const bytes = moduleBytes();
        if (WASM.validate(bytes)) compiled = new WASM.Module(bytes);
      }
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernels are in use (else the JS fallbacks). */
export function simdAvailable(): boolean {
  return wasmModule() !== null;
}

// ----------------------------------------------------------------------------------------------
// JS fallbacks (same results).

function jsKernels(u8: () => Uint8Array): Kernels {
  return {
    find(start, end, needle, m, out, outMax) {
      const b = u8();
      const o = new Uint32Array(b.buffer, b.byteOffset + out, outMax);
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
    },
    heads(start, stop, limit, out, outMax) {
      const b = u8();
      const o = new Uint32Array(b.buffer, b.byteOffset + out, outMax * HEAD_WORDS);
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
    },
    triggers(start, end, out, outMax) {
      const b = u8();
      const o = new Uint32Array(b.buffer, b.byteOffset + out, outMax);
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
    },
  };
}

// ----------------------------------------------------------------------------------------------

export interface NeedleSpec {
  /** Bytes to find. */
  bytes: Uint8Array;
  /** Per byte: 0x20 = ASCII case-insensitive (the byte must be a lower-case letter), 0 = exact. */
  masks: Uint8Array;
}

/** A needle for an ASCII string (UTF-16LE: NUL after each byte), case-insensitive or exact. */
export function asciiNeedle(s: string, caseInsensitive: boolean, utf16 = false): NeedleSpec {
  const w = utf16 ? 2 : 1;
  const bytes = new Uint8Array(s.length * w);
  const masks = new Uint8Array(s.length * w);
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c > 0x7f) throw new Error('asciiNeedle: not ASCII');
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (caseInsensitive && letter) {
      c |= 0x20;
      masks[i * w] = 0x20;
    }
    bytes[i * w] = c;
  }
  return { bytes, masks };
}

/**
 * Memory layout: [0, 1024) needles and trigger tables; then the kernels' output; then `hay` (fixed size,
 * where chunks are read); then the spill area, which grows at the end of the memory (growing keeps every
 * address; it must not happen while a read into the memory is in flight: see ChunkPump).
 */
export class ByteScanner {
  private memory: WasmMemory | null = null;
  private readonly kernels: Kernels;
  /** The whole memory as a Buffer (indexOf/lastIndexOf/latin1 at absolute positions). */
  mem!: Buffer;
  /** Where chunks are read: mem[hayBase, hayBase + hayCapacity). */
  hay!: Buffer;
  readonly hayBase = HEADER + OUT_MAX * 4 * HEAD_WORDS + PAD;
  readonly hayCapacity: number;
  readonly spillBase: number;
  private spillCap = 0;
  /** Results of the last kernel call (absolute positions). */
  out!: Uint32Array;
  private readonly needleLen = [0, 0, 0, 0];
  /** True when the WebAssembly kernels run (else the JS fallbacks). */
  readonly simd: boolean;

  constructor(hayCapacity: number, opts: { simd?: boolean } = {}) {
    const mod = opts.simd === false ? null : wasmModule();
    this.simd = mod !== null;
    this.hayCapacity = Math.ceil(Math.max(hayCapacity, 1 << 16) / 4096) * 4096;
    this.spillBase = this.hayBase + this.hayCapacity + PAD;
    if (mod) this.memory = new WASM!.Memory({ initial: 1 });
    this.resize(this.spillBase + PAD);
    this.kernels = mod ? (new WASM!.Instance(mod, { env: { mem: this.memory! } }).exports as Kernels) : jsKernels(() => this.mem);
  }

  private resize(total: number): void {
    if (this.mem && this.mem.length >= total) return;
    if (this.memory) {
      const have = this.memory.buffer.byteLength / 65536;
      const pages = Math.ceil(total / 65536);
      if (pages > have) this.memory.grow(pages - have);
      this.mem = Buffer.from(this.memory.buffer);
    } else {
      const next = Buffer.alloc(total);
      if (this.mem) this.mem.copy(next);
      this.mem = next;
    }
    this.hay = this.mem.subarray(this.hayBase, this.hayBase + this.hayCapacity);
    this.out = new Uint32Array(this.mem.buffer, this.mem.byteOffset + HEADER, OUT_MAX * HEAD_WORDS);
  }

  /**
   * The spill area's address, with room for `len` bytes. Growing keeps the memory's content but makes
   * views taken before (`mem`, `hay`, `out`, subarrays) stale; never while a read into the memory is in flight.
   */
  spill(len: number): number {
    if (len > this.spillCap) {
      this.spillCap = Math.max(len, this.spillCap * 2);
      this.resize(this.spillBase + this.spillCap + PAD);
    }
    return this.spillBase;
  }

  /** The absolute address of `bytes` (copied to the spill area unless it already is a view of this memory). */
  place(bytes: Uint8Array): number {
    if (bytes.buffer === this.mem.buffer) return bytes.byteOffset - this.mem.byteOffset;
    const at = this.spill(bytes.length);
    this.mem.set(bytes, at);
    return at;
  }

  setNeedle(slot: number, n: NeedleSpec): void {
    if (slot < 0 || slot >= NEEDLE_SLOTS) throw new Error('needle slot');
    if (n.bytes.length > NEEDLE_MAX) throw new Error('needle too long');
    const at = NEEDLES + 128 * slot;
    this.mem.fill(0, at, at + 128);
    this.mem.set(n.bytes, at);
    this.mem.set(n.masks, at + 64);
    this.needleLen[slot] = n.bytes.length;
  }

  /** Up to 8 literals of TRIGGER_LEN ASCII bytes, found ASCII case-insensitively. */
  setTriggers(literals: readonly string[]): void {
    if (literals.length > 8) throw new Error('at most 8 triggers');
    this.mem.fill(0, TABLES, TABLES + 128);
    literals.forEach((lit, k) => {
      if (lit.length !== TRIGGER_LEN) throw new Error(`triggers are ${TRIGGER_LEN} bytes`);
      for (let j = 0; j < TRIGGER_LEN; j++) {
        const c = lit.charCodeAt(j);
        const lower = c | 0x20;
        const variants = lower >= 0x61 && lower <= 0x7a ? [lower, lower & ~0x20] : [c];
        for (const x of variants) {
          const lo = TABLES + 32 * j + (x & 15);
          const hi = TABLES + 32 * j + 16 + (x >> 4);
          this.mem[lo] = this.mem[lo]! | (1 << k);
          this.mem[hi] = this.mem[hi]! | (1 << k);
        }
      }
    });
  }

  find(slot: number, start: number, end: number): number {
    return this.kernels.find(start, end, NEEDLES + 128 * slot, this.needleLen[slot]!, HEADER, OUT_MAX);
  }

  /** Head candidates for newlines in [start, stop), line starts before `limit`; HEAD_WORDS words each. */
  heads(start: number, stop: number, limit: number): number {
    return this.kernels.heads(start, stop, limit, HEADER, OUT_MAX);
  }

  triggers(start: number, end: number): number {
    return this.kernels.triggers(start, end, HEADER, OUT_MAX);
  }
}
