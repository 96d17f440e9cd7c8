/**
 * Plan inspector speed: validate + parse + mask + explain a ProvisioningPlan with 5,000
 * attribute requests, and a ~10 MB document. Baseline in the same run: fast-xml-parser's bare
 * `new XMLParser().parse(doc)` of the same text (target: within 2x). For information, the ratio
 * to JSON.parse of an equivalent JSON document (the inspection's account requests as JSON).
 *
 * Peak memory of a ~20 MB plan as the hosts inspect it (PlanService: a worker thread, the raw XML asked
 * for), in a fresh process that only reads the file and inspects it: the growth of its peak RSS over its
 * RSS before the call, as a ratio to the document's size (target: at most 20).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { NO_DIAGNOSTICS } from '../../electron/core/diagnostics';
import { InspectPool } from '../../electron/services/plans/pool';
import { PlanService } from '../../electron/services/plans/service';
import { Settings } from '../../shared/settings/schema';
import { inspectPlan } from '../../shared/plans';
import { emit, median } from './lib';
import { plan } from './plan-doc';

function time(fn: () => unknown, runs: number): number {
  fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    fn();
    xs.push(performance.now() - t0);
  }
  return median(xs);
}

function measure(label: string, doc: string, runs: number): void {
  const mb = Buffer.byteLength(doc) / (1024 * 1024);
  const bytes = new Uint8Array(Buffer.from(doc));
  const check = inspectPlan({ document: doc });
  const count = check.accountRequests.reduce((n, a) => n + a.attributeRequests.length, 0);
  if (JSON.stringify(check).includes('q0Zk3pR9xW1vTnL8sY4b')) throw new Error('a secret leaked');
  const json = JSON.stringify(check.accountRequests);

  // Interleave to share machine noise.
  const bare = time(() => new XMLParser().parse(doc), runs);
  const ours = time(() => inspectPlan({ document: doc, routingDomain: 'corpexample.mail.onmicrosoft.com' }), runs);
  const oursBytes = time(() => inspectPlan({ document: bytes }), runs);
  const jsonMs = time(() => JSON.parse(json), runs);

  emit(`plans.inspect ${label} ms`, ours, 'ms', bare, { mb: Math.round(mb * 100) / 100, attributeRequests: count, target: 'ratio <= 2' });
  emit(`plans.inspect ${label} MB/s`, mb / (ours / 1000), 'MB/s', mb / (bare / 1000));
  emit(`plans.inspect ${label} from UTF-8 bytes ms`, oursBytes, 'ms', bare);
  emit(`plans.inspect ${label} vs JSON.parse (info)`, ours, 'ms', jsonMs, { jsonMb: Math.round((json.length / 1048576) * 100) / 100 });
  emit(`fast-xml-parser bare parse ${label} vs JSON.parse (info)`, bare, 'ms', jsonMs);
}

/** The child: read the document, inspect it as the hosts do, print RSS before and at peak. */
async function peakChild(file: string, inWorker: boolean): Promise<void> {
  const doc = readFileSync(file, 'utf8');
  const plans = new PlanService({ settings: async () => Settings.parse({}), pool: inWorker ? new InspectPool({ appRoot: process.cwd(), diagnostics: NO_DIAGNOSTICS }) : undefined });
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage().rss;
  const r = await plans.inspect({ document: { text: doc }, includeRaw: true });
  if (r.accountRequests.length === 0) throw new Error('nothing inspected');
  process.stdout.write(JSON.stringify({ before, peak: process.resourceUsage().maxRSS * 1024 }));
}

function peakMemory(): void {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-bench-plan-'));
  try {
    const file = join(dir, 'plan.xml');
    const doc = plan(30, 4200);
    writeFileSync(file, doc);
    const size = Buffer.byteLength(doc);
    const mb = size / 1048576;
    for (const [label, mode] of [['in a worker thread, as the hosts run it', 'worker'], ['on the calling thread (info)', 'inline']] as const) {
      const r = spawnSync(process.execPath, ['--expose-gc', process.argv[1]!], { env: { ...process.env, HMC_BENCH_PEAK: `${mode}:${file}` }, encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`the peak-memory child failed: ${r.stderr}`);
      const { before, peak } = JSON.parse(r.stdout) as { before: number; peak: number };
      emit(`plans.inspect ~20 MB peak memory ${label} (RSS growth / document size)`, (peak - before) / 1048576, 'MB', mb, {
        mb: Math.round(mb * 100) / 100,
        peakRssMb: Math.round(peak / 1048576),
        ...(mode === 'worker' ? { target: 'ratio <= 20' } : {}),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const child = process.env.HMC_BENCH_PEAK;
if (child) {
  const at = child.indexOf(':');
  void peakChild(child.slice(at + 1), child.slice(0, at) === 'worker');
} else {
  measure('5000 attribute requests', plan(1, 5000), 15);
  measure('10 MB', plan(16, 4200), 5);
  peakMemory();
}
