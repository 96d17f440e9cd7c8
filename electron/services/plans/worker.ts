/**
 * The plan inspector in a worker thread (bundled by the build into out/plan-worker.js, self-contained):
 * one inspection per worker, so a large document neither blocks the host's event loop nor keeps its
 * memory after it is done. Answers `{ ok, value }` or `{ ok: false, error: { code, message, details } }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isHmcError } from '../../../shared/errors';
import { inspectPlan, type InspectOptions } from '../../../shared/plans';

function run(opts: InspectOptions): unknown {
  try {
    return { ok: true, value: inspectPlan(opts) };
  } catch (e) {
    if (isHmcError(e)) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e) } };
  }
}

parentPort?.postMessage(run(workerData as InspectOptions));
