/**
 * Web host cold start: from spawning `hmc serve --port 0` to the first authenticated API answer
 * (settings.get). Baseline, in the same run: a bare Node http server's spawn-to-first-answer.
 *
 * The web host's `system.status` answer time while a ~20 MB plan is being inspected (the inspection runs in
 * a worker thread), against the same host's idle answer time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, median } from './lib';
import { plan } from './plan-doc';

const root = process.cwd();
const RUNS = 7;

async function firstAnswer(args: string[], env: NodeJS.ProcessEnv, call: (url: string) => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve((JSON.parse(buf.slice(0, nl)) as { url: string }).url);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    await call(url);
    return performance.now() - t0;
  } finally {
    child.kill();
  }
}

async function main(): Promise<void> {
  const ours: number[] = [];
  const bare: number[] = [];
  const bareServer = `const s=require('node:http').createServer((q,r)=>r.end('{}'));s.listen(0,'127.0.0.1',()=>console.log(JSON.stringify({url:'http://127.0.0.1:'+s.address().port+'/'})))`;
  for (let i = 0; i < RUNS; i++) {
    const home = mkdtempSync(join(tmpdir(), 'hmc-bench-'));
    bare.push(await firstAnswer(['-e', bareServer], process.env, (url) => fetch(url, { method: 'POST', body: '{}' }).then((r) => r.text())));
    ours.push(
      await firstAnswer([join(root, 'out', 'cli.js'), 'serve', '--port', '0', '--json'], { ...process.env, HMC_HOME: home }, async (url) => {
        const u = new URL(url);
        const token = u.hash.replace('#token=', '');
        const r = await fetch(`${u.origin}/api/settings.get`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: '{}' });
        const body = (await r.json()) as { ok: boolean };
        if (!body.ok) throw new Error('settings.get failed');
      }),
    );
    rmSync(home, { recursive: true, force: true });
  }
  emit('webhost.cold-start-to-first-answer', median(ours), 'ms', median(bare));
  await statusDuringInspection();
}

async function statusDuringInspection(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'hmc-bench-'));
  const child = spawn(process.execPath, [join(root, 'out', 'cli.js'), 'serve', '--port', '0', '--json'], { env: { ...process.env, HMC_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const url = await new Promise<URL>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (c: Buffer) => {
        buf += c.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve(new URL((JSON.parse(buf.slice(0, nl)) as { url: string }).url));
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    });
    const headers = { Authorization: `Bearer ${url.hash.replace('#token=', '')}`, 'Content-Type': 'application/json' };
    const call = async (name: string, body: unknown) => {
      const r = await fetch(`${url.origin}/api/${name}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const env = (await r.json()) as { ok: boolean; error?: unknown };
      if (!env.ok) throw new Error(`${name} failed: ${JSON.stringify(env.error)}`);
    };
    const timed = async () => {
      const t0 = performance.now();
      await call('system.status', {});
      return performance.now() - t0;
    };
    await timed();
    const idle: number[] = [];
    for (let i = 0; i < 100; i++) {
      idle.push(await timed());
      await new Promise((r) => setTimeout(r, 20));
    }
    const doc = plan(30, 4200);
    let done = false;
    const t0 = performance.now();
    const inspection = call('plan.inspect', { document: { text: doc }, includeRaw: true }).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      during.push(await timed());
      await new Promise((r) => setTimeout(r, 20));
    }
    await inspection;
    emit('webhost.status-answer-during-large-inspection', median(during), 'ms', median(idle), {
      samples: during.length,
      worstMs: Math.round(Math.max(...during)),
      idleWorstMs: Math.round(Math.max(...idle)),
      inspectionMs: Math.round(performance.now() - t0),
      mb: Math.round((Buffer.byteLength(doc) / 1048576) * 100) / 100,
    });
  } finally {
    child.kill();
    rmSync(home, { recursive: true, force: true });
  }
}

void main();
