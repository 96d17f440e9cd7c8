/**
 * Large inspections off the event loop (electron/services/plans/pool.ts): while a large plan is inspected
 * through the web host, a status call is answered before the inspection; inspections run two at a time;
 * a worker over its heap cap ends in INPUT_TOO_LARGE with a sentence; the bundle is found beside the
 * running bundle, one folder up, under the app root, and started from its text inside an app.asar.
 */
import { request } from 'node:http';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';
import { InspectPool, resolvePlanWorker } from '../../../electron/services/plans/pool';
import { PlanService } from '../../../electron/services/plans/service';
import { NO_DIAGNOSTICS } from '../../../electron/core/diagnostics';
import { isHmcError } from '../../../shared/errors';
import { Settings as SettingsSchema } from '../../../shared/settings/schema';

const appRoot = process.cwd();
const made: string[] = [];
const temp = (p: string) => {
  const d = mkdtempSync(join(tmpdir(), p));
  made.push(d);
  return d;
};

/** A plan of `requests` account requests of 2,000 attribute requests each (about 0.3 MB per request). */
function bigPlan(requests: number): string {
  const parts = ['<ProvisioningPlan nativeIdentity="ana.obrien">\n'];
  for (let k = 0; k < requests; k++) {
    parts.push(`<AccountRequest application="AD" nativeIdentity="CN=User ${k},OU=Joiners,DC=corp,DC=example,DC=org" op="Create">\n<AttributeRequest name="sAMAccountName" op="Set" value="user${k}"/>\n`);
    for (let i = 0; i < 2000; i++) {
      parts.push(
        i % 10 === 0
          ? `<AttributeRequest name="password${i}" op="Set" value="Pw-${k}-${i}-secret"/>\n`
          : `<AttributeRequest name="memberOf${i}" op="Add"><Value><List><String>CN=GG-${i},OU=Groups,DC=corp,DC=example,DC=org</String></List></Value></AttributeRequest>\n`,
      );
    }
    parts.push('</AccountRequest>\n');
  }
  parts.push('</ProvisioningPlan>\n');
  return parts.join('');
}

let core: Core;
let host: WebHost;

beforeAll(async () => {
  core = await createCore({ env: { ...process.env, HMC_HOME: temp('hmc-pool-'), HMC_APP_ROOT: appRoot } });
  host = await startWebHost({ core, port: 0, rendererDir: temp('hmc-pool-r-') });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

function post(name: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method: 'POST', path: `/api/${name}`, headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('large inspections', () => {
  it('the web host answers system.status while a large plan is being inspected', async () => {
    const doc = bigPlan(16);
    expect(doc.length).toBeGreaterThan(4 * 1024 * 1024);
    await post('system.status', {});
    const order: string[] = [];
    // The status call is sent once the service has started the inspection (the host and this test share
    // one event loop: an inspection on it would hold the status call back until it is done).
    const plans = core.services.plans;
    const inspect = plans.inspect.bind(plans);
    let started!: () => void;
    const begun = new Promise<void>((r) => (started = r));
    plans.inspect = (...args) => {
      const p = inspect(...args);
      started();
      // The inspection is done when the service has its answer (before the host writes it out).
      void p.then(() => order.push('inspection'), () => order.push('inspection'));
      return p;
    };
    const inspection = post('plan.inspect', { document: { text: doc }, includeRaw: true });
    await begun;
    plans.inspect = inspect;
    const status = post('system.status', {}).then((t) => {
      order.push('status');
      return t;
    });
    const [inspected, answered] = await Promise.all([inspection, status]);
    expect(order).toEqual(['status', 'inspection']);
    expect(JSON.parse(answered).ok).toBe(true);
    const r = JSON.parse(inspected) as { ok: boolean; value: { accountRequests: unknown[]; raw: { document: string } } };
    expect(r.ok).toBe(true);
    expect(r.value.accountRequests).toHaveLength(16);
    expect(inspected).not.toContain('-secret');
  }, 120_000);

  it('runs at most two inspections at once; the rest wait their turn', async () => {
    const pool = new InspectPool({ appRoot, diagnostics: NO_DIAGNOSTICS });
    const plans = new PlanService({ settings: async () => SettingsSchema.parse({}), pool });
    const doc = bigPlan(2);
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, pool.active)), 5);
    const all = await Promise.all([0, 1, 2, 3].map(() => plans.inspect({ document: { text: doc }, includeRaw: false })));
    clearInterval(watch);
    expect(all.every((r) => r.accountRequests.length === 2)).toBe(true);
    expect(most).toBe(2);
    expect(pool.active).toBe(0);
  }, 120_000);

  it('a worker over its heap cap ends in INPUT_TOO_LARGE, and the next inspection still runs', async () => {
    const pool = new InspectPool({ appRoot, diagnostics: NO_DIAGNOSTICS, heapMb: 24 });
    const plans = new PlanService({ settings: async () => SettingsSchema.parse({}), pool });
    const err = await plans.inspect({ document: { text: bigPlan(16) }, includeRaw: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isHmcError(err) && err.code).toBe('INPUT_TOO_LARGE');
    expect((err as Error).message).toMatch(/needed more than the 24 MB of memory one inspection may use; inspect a smaller extract/);
    const small = await plans.inspect({ document: { text: bigPlan(2) }, includeRaw: false });
    expect(small.accountRequests).toHaveLength(2);
  }, 120_000);

  it('finds the worker bundle beside the bundle, one folder up, under the app root, and inside an app.asar', async () => {
    const built = resolvePlanWorker(appRoot, join(appRoot, 'nowhere'));
    expect(built).toBe(join(appRoot, 'out', 'plan-worker.js'));
    const app = temp('hmc-asar-');
    const outDir = join(app, 'resources', 'app.asar', 'out');
    mkdirSync(join(outDir, 'electron'), { recursive: true });
    copyFileSync(built!, join(outDir, 'plan-worker.js'));
    expect(resolvePlanWorker('/no/app', outDir)).toBe(join(outDir, 'plan-worker.js'));
    expect(resolvePlanWorker('/no/app', join(outDir, 'electron'))).toBe(join(outDir, 'electron', '..', 'plan-worker.js'));
    expect(resolvePlanWorker('/no/app', '/no/where')).toBeNull();
    // Started from its text, as inside a real archive (a worker thread cannot load a file from one).
    const pool = new InspectPool({ appRoot: '/no/app', diagnostics: NO_DIAGNOSTICS, runningFrom: join(outDir, 'electron') });
    const plans = new PlanService({ settings: async () => SettingsSchema.parse({}), pool });
    const r = await plans.inspect({ document: { text: bigPlan(2) }, includeRaw: false });
    expect(r.accountRequests).toHaveLength(2);
  }, 120_000);
});
