/**
 * Byte-level scanning for the log index and search: WebAssembly SIMD kernels (kernels/*.wat, compiled at
 * build time by build/wasm.mjs into generated/kernels.ts), with plain-JS twins that give the same results
 * (kernels-js.ts; used when WebAssembly SIMD is unavailable, and by the tests as the reference). Each kernel
 * is kept because it beats the plain-JS way by several times (`npm run bench`, logs-kernels.bench.ts).
 *
 * A ByteScanner owns one memory: chunks of the file are read straight into `hay` (no copy, see ChunkPump),
 * then
 *  - find(from, to, needle): every position where the needle starts, compared per byte as
 *    `(byte | mask[j]) === needle[j]`: mask 0x20 on ASCII letters (needle in lower case) makes the comparison
 *    ASCII case-insensitive, mask 0 compares exactly; a UTF-16LE needle is the same bytes with NULs between;
 *  - heads(from, stop, limit): every line start whose first byte may begin a recognised line head, with
 *    the date and time of a rules' head worked out (kernels/heads.wat);
 *  - triggers(from, to): every position where one of up to 8 TRIGGER_LEN-byte literals starts (ASCII
 *    case-insensitive), found with nibble lookup tables ("Teddy").
 * Positions are absolute addresses in the memory (indices into `mem`); results go to `out`, at most OUT_MAX
 * per call: a call that returns OUT_MAX is continued by the caller from after the last result.
 * Kernels may read up to PAD bytes past `to`; the memory is sized for it (what they read there is ignored).
 */
import { KERNEL_MODULES } from './generated/kernels';
import { HEAD_WORDS, TABLES, TRIGGER_LEN, jsKernels, type Kernels } from './kernels-js';

export { HEAD_WORDS, RULE_OK, TRIGGER_LEN } from './kernels-js';

/** Most results one kernel call gives (heads: HEAD_WORDS words each). */
export const OUT_MAX = 1 << 16;
const PAD = 256;
const NEEDLE_SLOTS = 4;
/** Needle slot k: bytes at NEEDLES + 128k, masks 64 bytes further. */
const NEEDLES = 0;
const NEEDLE_MAX = 64;
/** Needles and trigger tables (at TABLES) live below here; the kernels' output follows. */
const HEADER = 1024;

/** The part of the WebAssembly API used here (the Node typings this project builds with do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (desc: { initial: number }) => WasmMemory;
}
const WASM = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

type KernelName = keyof typeof KERNEL_MODULES;
const KERNEL_NAMES = Object.keys(KERNEL_MODULES) as KernelName[];

let compiled: Record<KernelName, object> | null | undefined;
let problem: string | null = null;
let enabled = true;

/** Tests and diagnostics: false makes new scanners use the JS kernels. */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

function compile(): Record<KernelName, object> | null {
  if (!WASM) {
    problem = 'this runtime has no WebAssembly';
    return null;
  }
  const out = {} as Record<KernelName, object>;
  for (const name of KERNEL_NAMES) {
    const bytes = Buffer.from(KERNEL_MODULES[name], 'base64');
    if (!WASM.validate(bytes)) {
      problem = `the ${name} kernel does not validate (no WebAssembly SIMD here?)`;
      return null;
    }
    out[name] = new WASM.Module(bytes);
  }
  return out;
}

function wasmModules(): Record<KernelName, object> | null {
  if (!enabled) return null;
  if (compiled === undefined) {
    // HMC_LOGS_NO_SIMD=1 forces the JS kernels (diagnostics).
    if (process.env.HMC_LOGS_NO_SIMD === '1') {
      compiled = null;
      problem = 'HMC_LOGS_NO_SIMD=1';
    } else {
      try {
        compiled = compile();
      } catch (e) {
        // The JS kernels give the same results, slower; simdStatus() says why for the diagnostics log.
        compiled = null;
        problem = `compiling the kernels failed: ${(e as Error).message}`;
      }
    }
  }
  return compiled;
}

/** Whether the WebAssembly kernels are in use (else the JS fallbacks). */
export function simdAvailable(): boolean {
  return wasmModules() !== null;
}

/** Whether the WebAssembly kernels are in use, and if not, why. */
export function simdStatus(): { available: boolean; problem: string | null } {
  const available = simdAvailable();
  return { available, problem: available ? null : problem };
}

function wasmKernels(mods: Record<KernelName, object>, memory: WasmMemory): Kernels {
  const imports = { env: { mem: memory } };
  const exported = (name: KernelName) => new WASM!.Instance(mods[name], imports).exports[name];
  return { find: exported('find'), heads: exported('heads'), triggers: exported('triggers') } as Kernels;
}

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
    const mods = opts.simd === false ? null : wasmModules();
    this.simd = mods !== null;
    this.hayCapacity = Math.ceil(Math.max(hayCapacity, 1 << 16) / 4096) * 4096;
    this.spillBase = this.hayBase + this.hayCapacity + PAD;
    if (mods) this.memory = new WASM!.Memory({ initial: 1 });
    this.resize(this.spillBase + PAD);
    this.kernels = mods ? wasmKernels(mods, this.memory!) : jsKernels(() => this.mem);
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
