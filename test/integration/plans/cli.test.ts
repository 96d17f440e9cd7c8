/**
 * The built `hmc plan inspect` (bin/hmc.js -> out/cli.js, after `npm run build`) as a user runs it:
 * real files, stdin, settings file in a temp HMC_HOME, exit codes and the --json document.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const root = join(__dirname, '..', '..', '..');
const hmc = join(root, 'bin', 'hmc.js');
const FIX = IQSERVICE_FIXTURES;
const home = mkdtempSync(join(tmpdir(), 'hmc-plan-cli-'));

function run(args: string[], stdin?: Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [hmc, ...args], { env: { ...process.env, HMC_HOME: home } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(stdin ?? Buffer.alloc(0));
  });
}

describe('hmc plan inspect (built CLI)', () => {
  it('is built', () => {
    expect(existsSync(join(root, 'out', 'cli.js'))).toBe(true);
  });

  it('inspects the fixtures: exit 0, one JSON document, masked secrets', async () => {
    const r = await run([
      'plan', 'inspect', join(FIX, 'provisioning-plan-joiner.xml'),
      '--result', join(FIX, 'service-result-errors.xml'),
      '--application', join(FIX, 'application-ad-exchhost-fragment.xml'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('ProvisioningPlan');
    expect(doc.result.errors).toHaveLength(2);
    expect(doc.exchangeHosts).toEqual(['exch01.corp.example.org', 'exch02.corp.example.org']);
    expect(doc.decisions.map((d: { rule: string; action: string }) => `${d.rule}:${d.action}`)).toEqual(['ConnectorAfterCreate:none', 'ConnectorAfterModify:none']);
    expect(r.stdout).not.toMatch(/q0Zk3pR9xW1vTnL8sY4bAg|Zm9vYmFyRmFrZUVuY3J5cHRlZA|YmF6cXV4RmFrZUVuY3J5cHRlZA/);
  });

  it('reads a UTF-16LE log line from stdin and uses the routing domain from the settings file', async () => {
    writeFileSync(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { routingDomain: 'corpexample.mail.onmicrosoft.com' } }));
    const line = '2025-03-03 09:14:07 INFO Request Object :: <AccountRequest application="AD" nativeIdentity="CN=Bo" op="Create"><Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes><AttributeRequest name="ObjectType" value="User"/><AttributeRequest name="sAMAccountName" value="blee"/></AccountRequest>\r\n';
    const r = await run(['plan', 'inspect', '-', '--json'], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(line, 'utf16le')]));
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.documents[0]).toMatchObject({ encoding: 'utf-16le', prefixLength: line.indexOf('<') });
    expect(doc.decisions[0]).toMatchObject({ action: 'enable-remote-mailbox', remoteRoutingAddress: 'blee@corpexample.mail.onmicrosoft.com' });
  });

  it.each([
    ['malformed.xml', '<?xml version="1.0"?>\n<ProvisioningPlan>\n  <AccountRequest>\n</ProvisioningPlan>', 'XML_MALFORMED', /line 4, column/],
    ['entities.xml', '<!DOCTYPE ProvisioningPlan [<!ENTITY x SYSTEM "file:///etc/passwd">]><ProvisioningPlan>&x;</ProvisioningPlan>', 'XML_ENTITIES_REFUSED', /entit/],
    ['root.xml', '<Identity name="x"/>', 'XML_UNKNOWN_ROOT', /<Identity>/],
    ['empty.xml', '', 'INVALID_INPUT', /empty/],
  ])('%s: exit 2 with a sentence on stderr and the error as JSON', async (name, content, code, message) => {
    const file = join(home, name);
    writeFileSync(file, content);
    const r = await run(['plan', 'inspect', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, error: { code } });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('over 20 MB: exit 2 INPUT_TOO_LARGE', async () => {
    const file = join(home, 'big.xml');
    writeFileSync(file, Buffer.alloc(21 * 1024 * 1024, 0x20));
    const r = await run(['plan', 'inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/over the 20 MB limit/);
  });

  it('lists the command in --help', async () => {
    const r = await new Promise<string>((resolve) => execFile(process.execPath, [hmc, '--help'], (_e, out) => resolve(out)));
    expect(r).toContain('hmc plan inspect FILE');
  });
});
