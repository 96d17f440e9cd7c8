/**
 * The package, built for real: electron-builder's Linux `dir` target from the build in out/, against
 * a stand-in Electron folder (the Electron binary cannot be downloaded here). The stand-in binary
 * carries Electron's fuse wire (the sentinel of @electron/fuses, version byte 1, the fuse count,
 * one byte per fuse), so electron-builder's electronFuses step flips real bytes, which are read back.
 * Then the archive's contents: what the app needs is in, tests, sources, maps and devDependencies
 * are out, the PowerShell scripts are an extra resource the app finds, and the packaged
 * dependencies run the CLI bundle with nothing else beside them.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractAll, listPackage } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScriptsDir } from '../../../electron/services/powershell/launch';

const root = process.cwd();
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** FuseV1Options in @electron/fuses 1.8, in wire order. */
const FUSES = [
  'RunAsNode',
  'EnableCookieEncryption',
  'EnableNodeOptionsEnvironmentVariable',
  'EnableNodeCliInspectArguments',
  'EnableEmbeddedAsarIntegrityValidation',
  'OnlyLoadAppFromAsar',
  'LoadBrowserProcessSpecificV8Snapshot',
  'GrantFileProtocolExtraPrivileges',
] as const;

let work = '';
let unpacked = '';
let asar = '';
let build: { status: number | null; output: string } = { status: null, output: '' };

/** A folder shaped like an unpacked Electron release, its binary carrying Electron's default fuse wire. */
function standInElectron(dir: string): void {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  // Electron's defaults: RunAsNode, cookie encryption off, NODE_OPTIONS, --inspect on, integrity off,
  // load from anywhere, no browser snapshot, file:// privileges granted.
  const defaults = Buffer.from('10110001', 'latin1');
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stand-in Electron: the real binary cannot be downloaded here"\nexit 0\n# ', 'latin1'),
    Buffer.from(SENTINEL, 'latin1'),
    Buffer.from([1, FUSES.length]),
    defaults,
    Buffer.from('\n', 'latin1'),
  ]);
  writeFileSync(join(dir, 'electron'), binary);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'LICENSE'), 'stand-in');
  writeFileSync(join(dir, 'version'), JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version);
}

function fuseWire(binaryPath: string): Record<string, string> {
  const b = readFileSync(binaryPath);
  const at = b.indexOf(SENTINEL) + SENTINEL.length;
  expect(b[at]).toBe(1);
  expect(b[at + 1]).toBe(FUSES.length);
  return Object.fromEntries(FUSES.map((name, i) => [name, String.fromCharCode(b[at + 2 + i]!)]));
}

beforeAll(() => {
  if (!existsSync(join(root, 'out/electron/main.js'))) throw new Error('out/ is not built: run "npm run build" first (npm test does).');
  work = mkdtempSync(join(tmpdir(), 'hmc-package-'));
  standInElectron(join(work, 'electron'));
  const bin = join(root, 'node_modules/.bin/electron-builder');
  const r = spawnSync(
    bin,
    ['--config', 'build/electron-builder.yml', '--linux', 'dir', `-c.electronDist=${join(work, 'electron')}`, `-c.directories.output=${join(work, 'dist')}`],
    { cwd: root, encoding: 'utf8', timeout: 240_000, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: '1' } },
  );
  build = { status: r.status, output: `${r.stdout}\n${r.stderr}` };
  unpacked = join(work, 'dist', 'linux-unpacked');
  asar = join(unpacked, 'resources', 'app.asar');
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('electron-builder dir target with a stand-in Electron', () => {
  it('builds', () => {
    expect(build.status, build.output).toBe(0);
    expect(existsSync(join(unpacked, 'hybrid-mailbox-console'))).toBe(true);
  });

  it('flips the fuses in the binary itself', () => {
    expect(fuseWire(join(unpacked, 'hybrid-mailbox-console'))).toEqual({
      RunAsNode: '0',
      EnableCookieEncryption: '1',
      EnableNodeOptionsEnvironmentVariable: '0',
      EnableNodeCliInspectArguments: '0',
      EnableEmbeddedAsarIntegrityValidation: '1',
      OnlyLoadAppFromAsar: '1',
      LoadBrowserProcessSpecificV8Snapshot: '0',
      GrantFileProtocolExtraPrivileges: '0',
    });
  });

  it('holds main, preload, renderer and package.json, and nothing that only tests or builds', () => {
    const files = listPackage(asar, { isPack: false }).map((f) => f.replace(/\\/g, '/'));
    for (const needed of ['/package.json', '/out/electron/main.js', '/out/electron/preload.js', '/out/plan-worker.js', '/out/renderer/index.html']) {
      expect(files).toContain(needed);
    }
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /^\/(test|electron|shared|renderer|build)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\/node_modules\/.*\/(test|tests|__tests__)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(ts|cts|mts)$/.test(f))).toEqual([]);
    expect(files.filter((f) => f.startsWith('/out/powershell/'))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const top = new Set(files.filter((f) => /^\/node_modules\/(@[^/]+\/)?[^/]+$/.test(f)).map((f) => f.slice('/node_modules/'.length)));
    expect([...Object.keys(pkg.devDependencies)].filter((d) => top.has(d))).toEqual([]);
    for (const d of Object.keys(pkg.dependencies)) expect(top.has(d), d).toBe(true);
  });

  it('ships the PowerShell scripts as an extra resource, and the packaged app finds them', () => {
    const resources = join(unpacked, 'resources');
    expect(existsSync(join(resources, 'powershell/SandboxExchange/SandboxExchange.psm1'))).toBe(true);
    expect(existsSync(join(resources, 'powershell/HmcHost/HmcHost.psm1'))).toBe(true);
    expect(resolveScriptsDir(asar, join(asar, 'out', 'electron'))).toBe(join(resources, 'powershell'));
  });

  it('runs the CLI bundle on the packaged dependencies alone', () => {
    const x = join(work, 'extracted');
    extractAll(asar, x);
    const r = spawnSync(process.execPath, [join(x, 'out/cli.js'), 'plan', 'inspect', join(root, 'test/fixtures/iqservice/provisioning-plan-joiner.xml'), '--json'], {
      cwd: x,
      encoding: 'utf8',
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', HMC_HOME: join(work, 'home') },
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { kind: string; plan: { nativeIdentity: string } };
    expect([out.kind, out.plan.nativeIdentity]).toEqual(['ProvisioningPlan', 'Ana.OBrien']);
  });

  it('stays small (the figure is printed for the closing note and the README)', () => {
    const asarMb = statSync(asar).size / 2 ** 20;
    console.log(`package: app.asar ${asarMb.toFixed(1)} MiB`);
    expect(asarMb).toBeLessThan(25);
  });
});
