/**
 * The WebAssembly kernels of the log index and search (electron/services/logs/simd.ts), each against the
 * plain-JS way to get the same answer on the same bytes in the same run (ratio = kernel / plain JS; a
 * kernel earns its place only with a ratio clearly above 1):
 *  - find: a user's name, ASCII case-insensitively, vs a latin1 decode + a `gi` RegExp (the quickest plain
 *    JS here; Buffer.indexOf cannot ignore case);
 *  - heads: line starts that may begin an entry, with the rules' date and time worked out, vs an
 *    `indexOf(0x0a)` loop doing the same checks;
 *  - triggers: where a level trigger literal occurs, vs a latin1 decode + one `gi` RegExp of all of them.
 * Data: 64 MB of the generated realistic log, in memory.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEVEL_TRIGGERS } from '../../shared/logs/parse';
import { ByteScanner, HEAD_WORDS, OUT_MAX, RULE_OK, asciiNeedle } from '../../electron/services/logs/simd';
import { ruleHeadLength } from '../../electron/services/logs/heads';
import { generateLogFile, makeUsers } from '../support/logs-gen';
import { emit } from './lib';

const BYTES = 64 * 1024 * 1024;
const PIECE = 4 * 1024 * 1024;
const MB = 1024 * 1024;

function best(runs: number, fn: () => number): { ms: number; result: number } {
  let ms = Infinity;
  let result = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = fn();
    ms = Math.min(ms, performance.now() - t);
  }
  return { ms, result };
}

/** Calls `kernel(from)` until it returns fewer than OUT_MAX results; `next` gives where to continue. */
function drain(kernel: (from: number) => number, next: (count: number) => number, start: number): number {
  let total = 0;
  let from = start;
  for (;;) {
    const k = kernel(from);
    total += k;
    if (k < OUT_MAX) return total;
    from = next(k);
  }
}

/** Plain JS: what `heads` gives, found with indexOf(0x0a). */
function headsIndexOf(b: Buffer, start: number, end: number, out: Uint32Array): number {
  let count = 0;
  for (let p = b.indexOf(10, start); p >= 0 && p + 1 < end; p = b.indexOf(10, p + 1)) {
    const q = p + 1;
    const w = b[q]!;
    if (!(((w & 0xf0) === 0x30 && (w !== 60 || b[q + 1] === 33)) || w === 91 || w === 0xef)) continue;
    const d = (i: number) => b[q + i]! - 48;
    const rule = ruleHeadLength(b, q, end) > 0;
    const at = (count % OUT_MAX) * HEAD_WORDS;
    out[at] = q;
    out[at + 1] = rule ? (RULE_OK | ((((d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) * 100 + d(5) * 10 + d(6)) * 100) + d(8) * 10 + d(9))) >>> 0 : 0;
    out[at + 2] = rule ? (d(11) * 10 + d(12)) * 3600 + (d(14) * 10 + d(15)) * 60 + d(17) * 10 + d(18) : 0;
    count++;
  }
  return count;
}

/** Plain JS: every match of `re` over the bytes read as latin1, a piece at a time. */
function regexCount(b: Buffer, re: RegExp): number {
  let count = 0;
  for (let p = 0; p < b.length; p += PIECE) {
    const text = b.toString('latin1', p, Math.min(b.length, p + PIECE));
    re.lastIndex = 0;
    while (re.exec(text)) count++;
  }
  return count;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-bench-kernels-'));
  try {
    const file = join(dir, 'kernels.log');
    const users = makeUsers(5000, 11);
    await generateLogFile(file, BYTES, { users, seed: 11 });
    const data = readFileSync(file);
    const mb = data.length / MB;
    const rate = (ms: number) => mb / (ms / 1000);
    const sc = new ByteScanner(data.length);
    if (!sc.simd) throw new Error('WebAssembly SIMD is not available: nothing to measure');
    sc.hay.set(data);
    const A = sc.hayBase;
    const E = A + data.length;
    const sam = users[1234]!.sam;
    sc.setNeedle(0, asciiNeedle(sam, true));
    sc.setTriggers(LEVEL_TRIGGERS);
    const runs = 5;

    const find = best(runs, () => drain((from) => sc.find(0, from, E), (k) => sc.out[k - 1]! + 1, A));
    const findJs = best(runs, () => regexCount(data, new RegExp(sam, 'gi')));
    if (find.result !== findJs.result) throw new Error(`find: ${find.result} hits, plain JS ${findJs.result}`);
    emit('logs.kernel.find', rate(find.ms), 'MB/s', rate(findJs.ms), { hits: find.result, plain_js: 'latin1 + RegExp gi' });

    const heads = best(runs, () => drain((from) => sc.heads(from, E, E), (k) => sc.out[(k - 1) * HEAD_WORDS]!, A));
    const out = new Uint32Array(OUT_MAX * HEAD_WORDS);
    const headsJs = best(runs, () => headsIndexOf(data, 0, data.length, out));
    if (heads.result !== headsJs.result) throw new Error(`heads: ${heads.result} line starts, plain JS ${headsJs.result}`);
    emit('logs.kernel.heads', rate(heads.ms), 'MB/s', rate(headsJs.ms), { heads: heads.result, plain_js: 'indexOf(0x0a) loop' });

    const triggers = best(runs, () => drain((from) => sc.triggers(from, E), (k) => sc.out[k - 1]! + 1, A));
    const triggerRe = new RegExp(LEVEL_TRIGGERS.map((t) => t.replace(/[-=]/g, '\\$&')).join('|'), 'gi');
    const triggersJs = best(runs, () => regexCount(data, triggerRe));
    emit('logs.kernel.triggers', rate(triggers.ms), 'MB/s', rate(triggersJs.ms), {
      positions: triggers.result,
      plain_js_matches: triggersJs.result,
      plain_js: 'latin1 + RegExp gi of the triggers',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
