/**
 * hmc rule generate / hmc rule replay through the CLI frame, with no Exchange host configured:
 * the files written, the Rule XML read back by the plan inspector without findings, a replay whose
 * change `hmc mailbox get` then shows (the same sandbox file), and the usage errors.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedRule, ReplayReport } from '../../../shared/rules/schemas';
import type { PlanInspection } from '../../../shared/plans/schemas';
import { ruleSource } from '../../../electron/services/rules/service';
import { runHmc } from '../../support/cli';
import { fixturePath } from '../../support/fixtures';

let home: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-rule-cli-'));
  // No Exchange host and no routing domain: generate and replay must work all the same.
  await writeFile(join(home, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'sandbox', sandboxSyncDelaySeconds: 0 } }));
  env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'sandbox-directory.json') };
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('hmc rule generate', () => {
  it('--out DIR writes the script, the Rule XML (the only .xml) and the snippet; the inspector reads the Rule XML without findings', async () => {
    for (const kind of ['after-create', 'after-modify']) {
      const out = join(home, `out-${kind}`);
      const r = await runHmc(['rule', 'generate', '--kind', kind, '--out', out, '--json'], { env });
      expect(r.code, r.err).toBe(0);
      const g = JSON.parse(r.out) as GeneratedRule & { written: string[] };
      const files = (await readdir(out)).sort();
      const rule = kind === 'after-create' ? 'ConnectorAfterCreate' : 'ConnectorAfterModify';
      expect(files).toEqual([`${rule}.application-snippet.txt`, `${rule}.ps1`, `${rule}.rule.xml`]);
      expect(files.filter((f) => f.endsWith('.xml'))).toHaveLength(1);
      expect(r.err).toMatch(/No Exchange host is configured/);
      const xml = await readFile(join(out, `${rule}.rule.xml`), 'utf8');
      expect(ruleSource(xml)).toBe(await readFile(join(out, `${rule}.ps1`), 'utf8'));
      expect(g.snippet).toContain('<entry key="nativeRules">');
      const inspected = await runHmc(['plan', 'inspect', join(out, `${rule}.rule.xml`), '--json'], { env });
      expect(inspected.code, inspected.err).toBe(0);
      const p = JSON.parse(inspected.out) as PlanInspection;
      expect(p.rule).toMatchObject({ type: rule, objectOrientedScript: true, program: 'powershell.exe', extension: '.ps1', timeout: 300, disabled: false });
      expect(p.findings).toEqual([]);
    }
  });

  it('without --out prints the Rule XML; a bad --kind is a usage error (exit 2)', async () => {
    const r = await runHmc(['rule', 'generate', '--kind', 'after-create'], { env });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<\?xml version='1.0' encoding='UTF-8'\?>/);
    const bad = await runHmc(['rule', 'generate', '--kind', 'before-create'], { env });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--kind must be after-create or after-modify/);
  });
});

describe('hmc rule replay', () => {
  it('--kind after-create --seed without --application: the sandbox stands behind one host; exit 0; hmc mailbox get shows the change', async () => {
    const r = await runHmc(['rule', 'replay', '--kind', 'after-create', '--request', fixturePath('rules/joiner-create.xml'), '--result', fixturePath('service-result-created-on-server.xml'), '--seed', '--json'], { env });
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out) as ReplayReport;
    expect(report).toMatchObject({ ranToEnd: true, exitCode: 0, hosts: ['exch01.sandbox.invalid'], decision: { agrees: true, taken: { action: 'enable-remote-mailbox' } } });
    // No routing domain configured: Exchange picks the address from its policy (the sandbox's tenant).
    expect(report.resultLine).toMatchObject({ outcome: 'changed', host: 'exch01.sandbox.invalid' });
    const got = await runHmc(['mailbox', 'get', 'aobrien', '--json', '--sandbox'], { env });
    expect(got.code, got.err).toBe(0);
    expect(JSON.parse(got.out)).toMatchObject({ kind: 'remoteMailbox', SamAccountName: 'aobrien' });
  });

  it('a script the console did not generate: asked before running (here no terminal, so the usual default), then replayed', async () => {
    const script = join(home, 'mine.ps1');
    await writeFile(script, "'hello' | Out-File -LiteralPath $args[0]\r\nexit 0\r\n");
    const r = await runHmc(['rule', 'replay', '--script', script, '--request', fixturePath('rules/leaver-modify.xml'), '--timeout', '30'], { env });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('(your script)');
    expect(r.out).toContain('DECISION_DIFFERS');
  });

  it('usage errors exit 2: --kind and --script together, no --request, a bad --fault', async () => {
    const both = await runHmc(['rule', 'replay', '--kind', 'after-create', '--script', 'x.ps1', '--request', 'r.xml'], { env });
    expect(both.code).toBe(2);
    const none = await runHmc(['rule', 'replay', '--kind', 'after-create'], { env });
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--request FILE is required/);
    const fault = await runHmc(['rule', 'replay', '--kind', 'after-create', '--request', fixturePath('rules/joiner-create.xml'), '--fault', 'exch01=broken'], { env });
    expect(fault.code).toBe(2);
    expect(fault.err).toMatch(/--fault takes HOST=down\|kerberos\|slow/);
  });
});
