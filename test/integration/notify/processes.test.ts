/**
 * Two `hmc watch` processes on one data folder (the desktop app and a scheduled task, say) follow the
 * same log: each failure is mailed exactly once, whichever process claims it first. The processes
 * run a private bundle of the CLI made for this test (a concurrent `npm run build` empties out/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { startMailServer, type MailServer } from '../../support/mail-server';
import { FOLLOWERS_START_MS, FROM, TO, logLine, sleep, tempHome, writeSettings } from './helpers';

const root = resolve(__dirname, '..', '..', '..');
let smtp: MailServer;
let home: string;
let cli: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  smtp = await startMailServer({ tls: 'none' });
  home = tempHome();
  cli = join(tempHome('hmc-cli-bundle-'), 'cli.js');
  await build({ entryPoints: [join(root, 'electron', 'cli', 'main.ts')], outfile: cli, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', external: ['electron'], logLevel: 'warning', absWorkingDir: root });
  writeFileSync(join(home, 'ConnectorAfterModify.log'), '');
  writeSettings(home, {
    logs: { sources: [{ name: 'After-modify', folder: home, pattern: 'ConnectorAfterModify.log' }], pollMs: 100 },
    notify: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tls: 'none', from: FROM, to: [TO], alerts: [{ source: '*', threshold: 1, coolDownMinutes: 0 }] },
  });
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await smtp?.close();
});

function watch(): Promise<{ child: ChildProcess; doc: Record<string, unknown> }> {
  const child = spawn(process.execPath, [cli, 'watch', '--json'], {
    env: { ...process.env, HMC_HOME: home, HMC_APP_ROOT: root, NODE_PATH: join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolveDoc, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolveDoc({ child, doc: JSON.parse(out.slice(0, nl)) as Record<string, unknown> });
    });
    child.once('exit', (code) => reject(new Error(`hmc watch exited ${code}: ${err}`)));
  });
}

function exitCode(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)));
}

describe('two watchers on one data folder', () => {
  it('mail each failure exactly once', async () => {
    const [a, b] = await Promise.all([watch(), watch()]);
    expect(a.doc).toMatchObject({ watching: true, defaultRule: false, sources: ['After-modify'], to: [TO] });
    expect(b.doc.pid).not.toBe(a.doc.pid);
    await sleep(FOLLOWERS_START_MS + 500);
    let text = '';
    for (let i = 0; i < 5; i++) text += logLine(new Date(), `Failed to hide mailbox for leaver${i}: Set-RemoteMailbox : Access is denied.`);
    appendFileSync(join(home, 'ConnectorAfterModify.log'), text);
    await smtp.waitFor(5, 20_000);
    await sleep(2_000);
    const subjects = smtp.received.map((r) => r.parsed.subject).sort();
    expect(subjects).toEqual([0, 1, 2, 3, 4].map((i) => `[HMC] ConnectorAfterModify failed for leaver${i}`));
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await exitCode(a.child)).toBe(0);
    expect(await exitCode(b.child)).toBe(0);
    const diag = readFileSync(join(home, 'diagnostics', 'hmc.log'), 'utf8');
    expect(diag.match(/Notify watch: failure already handled/g)).toHaveLength(5);
    expect(diag.match(/Notify watch: started/g)).toHaveLength(2);
  });
});
