import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHmc } from '../../support/cli';
import { createRouter } from '../../../electron/core/router';
import type { Core } from '../../../electron/app/core';
import { planHandlers } from '../../../electron/services/plans/handlers';
import { PlanService } from '../../../electron/services/plans/service';
import { defaultSettings } from '../../../shared/settings/schema';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const FIX = IQSERVICE_FIXTURES;
const tmp = mkdtempSync(join(tmpdir(), 'hmc-plans-'));

function core(routingDomain: string | null = null): () => Promise<Core> {
  const settings = defaultSettings();
  settings.exchange.routingDomain = routingDomain;
  const router = createRouter(planHandlers(new PlanService({ settings: async () => settings })) as never);
  return async () => ({ router, services: {} as Core['services'], dispose: async () => {} });
}

async function run(args: string[], opts: { stdin?: string | Buffer; routingDomain?: string | null } = {}) {
  return runHmc(args, { env: {}, stdin: opts.stdin, core: core(opts.routingDomain ?? null) });
}

describe('hmc plan inspect', () => {
  it('--json prints one object with the documented shape and no secret', async () => {
    const r = await run([
      'plan', 'inspect', join(FIX, 'account-request-joiner-create.xml'),
      '--result', join(FIX, 'service-result-created-on-server.xml'),
      '--application', join(FIX, 'application-ad-exchhost-fragment.xml'),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as Record<string, unknown>;
    expect(doc).toMatchObject({ kind: 'AccountRequest', exchangeHosts: ['exch01.corp.example.org', 'exch02.corp.example.org'] });
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['kind', 'accountRequests', 'result', 'exchangeHosts', 'decisions', 'findings']));
    expect(doc).not.toHaveProperty('raw');
    const reqs = doc.accountRequests as Array<{ attributeRequests: Array<{ name: string; op: string; value: unknown }> }>;
    expect(reqs[0]!.attributeRequests.find((a) => a.name === '*password*')!.value).toBe('********');
    expect(reqs[0]!.attributeRequests.find((a) => a.name === 'memberOf')!.value).toHaveLength(2);
    expect(reqs[0]!.attributeRequests.find((a) => a.name === 'pwdLastSet')!.value).toBe(true);
    for (const s of ['q0Zk3pR9xW1vTnL8sY4bAg', 'Zm9vYmFyRmFrZUVuY3J5cHRlZA', 'YmF6cXV4RmFrZUVuY3J5cHRlZA']) {
      expect(r.out).not.toContain(s);
      expect(r.err).not.toContain(s);
    }
    const d = (doc.decisions as Array<Record<string, unknown>>)[0]!;
    expect(d).toMatchObject({ request: 0, rule: 'ConnectorAfterCreate', action: 'none', identity: 'aobrien' });
  });

  it('human output: summary, decisions with checks, findings', async () => {
    const r = await run(['plan', 'inspect', join(FIX, 'provisioning-plan-joiner.xml'), '--application', join(FIX, 'env-application-map.xml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ProvisioningPlan/);
    expect(r.out).toContain("Account request 1: Create CN=Ana O'Brien");
    expect(r.out).toContain('ConnectorAfterCreate: none');
    expect(r.out).toContain('[FAIL] flow is Joiner');
    expect(r.out).toContain('[warning] FLOW_MISSING');
    expect(r.out).toContain('*password* = ********');
    expect(r.out).toContain('Exchange hosts: exch01.corp.example.org, exch02.corp.example.org');
    expect(r.out).not.toContain('q0Zk3pR9xW1vTnL8sY4bAg');
  });

  it('reads stdin for "-", decodes UTF-16LE with BOM, and takes the routing domain from the settings or the flag', async () => {
    const xml = '<AccountRequest application="AD" nativeIdentity="CN=x" op="Create"><Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes><AttributeRequest name="ObjectType" value="User"/><AttributeRequest name="sAMAccountName" value="jdoe"/></AccountRequest>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const fromSettings = await run(['plan', 'inspect', '-', '--json'], { stdin: bytes, routingDomain: 'contoso.mail.onmicrosoft.com' });
    expect(fromSettings.code).toBe(0);
    const a = JSON.parse(fromSettings.out) as { documents: Array<{ encoding: string }>; decisions: Array<{ action: string; remoteRoutingAddress: string }>; routingDomain: unknown };
    expect(a.documents[0]!.encoding).toBe('utf-16le');
    expect(a.decisions[0]).toMatchObject({ action: 'enable-remote-mailbox', remoteRoutingAddress: 'jdoe@contoso.mail.onmicrosoft.com' });
    expect(a.routingDomain).toEqual({ value: 'contoso.mail.onmicrosoft.com', source: 'settings' });
    const fromFlag = await run(['plan', 'inspect', '-', '--routing-domain', 'fabrikam.mail.onmicrosoft.com', '--json'], { stdin: bytes, routingDomain: 'contoso.mail.onmicrosoft.com' });
    expect((JSON.parse(fromFlag.out) as typeof a).decisions[0]!.remoteRoutingAddress).toBe('jdoe@fabrikam.mail.onmicrosoft.com');
  });

  it('secrets never reach stdout or stderr, with or without --json', async () => {
    const secret = 'Pl41nT3xt-Secret!';
    const file = join(tmp, 'cred.xml');
    writeFileSync(file, `<ProvisioningPlan><AccountRequest application="AD" op="Create"><Attributes><Map><entry key="username" value="admin"/><entry key="pwdText" value="${secret}"/></Map></Attributes><AttributeRequest name="password" value="${secret}"/></AccountRequest></ProvisioningPlan>`);
    for (const extra of [[], ['--json']]) {
      const r = await run(['plan', 'inspect', file, ...extra]);
      expect(r.code).toBe(0);
      expect(r.out + r.err).not.toContain(secret);
      expect(r.out).toContain('PLAINTEXT_CREDENTIAL');
    }
  });

  it.each([
    ['malformed', '<AccountRequest>\n<AttributeRequest name="a">\n</AccountRequest>', 'XML_MALFORMED', /line 3, column \d+/],
    ['entities', '<!DOCTYPE Map [<!ENTITY a "b">]><Map/>', 'XML_ENTITIES_REFUSED', /entit/],
    ['unknown root', '<Foo/>', 'XML_UNKNOWN_ROOT', /<Foo>/],
    ['empty', '', 'INVALID_INPUT', /empty/],
  ])('%s input exits 2 with a sentence', async (_name, content, code, message) => {
    const file = join(tmp, `${code}.xml`);
    writeFileSync(file, content);
    const human = await run(['plan', 'inspect', file]);
    expect(human.code).toBe(2);
    expect(human.err).toMatch(message);
    expect(human.err).toMatch(/^hmc: .+[.]\n$/s);
    const json = await run(['plan', 'inspect', file, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, error: { code } });
  });

  it('an oversized file (over 20 MB) exits 2', async () => {
    const file = join(tmp, 'big.xml');
    writeFileSync(file, Buffer.alloc(20 * 1024 * 1024 + 10, 0x20));
    const r = await run(['plan', 'inspect', file, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'INPUT_TOO_LARGE' } });
  });

  it('a missing file exits 2, as does a missing argument', async () => {
    expect((await run(['plan', 'inspect', join(tmp, 'nope.xml')])).code).toBe(2);
    expect((await run(['plan', 'inspect'])).code).toBe(2);
  });
});
