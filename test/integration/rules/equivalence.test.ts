/**
 * One definition of the decision: for every fixture request (and a few more ops and flows), with or
 * without a ServiceResult, with several Applications and settings, the generated rules' PowerShell
 * (HmcRule.Decision.ps1 over the sailpoint.Utils stand-in, in one pwsh process) decides exactly what the
 * plan inspector's explainer decides: the action, the identity and the routing address.
 * The replays in replay.test.ts check the same agreement end to end for each fixture.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectPlan } from '../../../shared/plans';
import { buildRuleConfig, utf8ToBase64 } from '../../../shared/rules/config';
import { RULE_NAME, type RuleKind } from '../../../shared/rules/decision';
import { defaultSettings, type Settings } from '../../../shared/settings/schema';
import { PowerShellLocator } from '../../../electron/services/powershell/locate';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

const run = promisify(execFile);
const PS = join(__dirname, '..', '..', '..', 'electron', 'powershell');

const EXTRA: Record<string, string> = {
  'enable-op': `<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=Eve Enable,OU=Staff,DC=corp,DC=example,DC=org" op="Enable"/>`,
  'delete-leaver': `<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=Del Leaver,OU=Staff,DC=corp,DC=example,DC=org" op="Delete"><Attributes><Map><entry key="flow" value="Leaver"/></Map></Attributes></AccountRequest>`,
  'disable-rehire': `<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=Dis Rehire,OU=Staff,DC=corp,DC=example,DC=org" op="Disable"><Attributes><Map><entry key="flow" value="Rehire"/></Map></Attributes><AttributeRequest name="sAMAccountName" op="Set" value="drehire"/></AccountRequest>`,
  'no-op-leaver': `<AccountRequest application="Other AD" nativeIdentity="CN=Odd Leaver,OU=Staff,DC=corp,DC=example,DC=org"><Attributes><Map><entry key="Flow" value=" leaver "/></Map></Attributes></AccountRequest>`,
  'create-no-objecttype': `<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=No Type,OU=Staff,DC=corp,DC=example,DC=org" op="Create"><Attributes><Map><entry key="flow" value="joiner"/></Map></Attributes><AttributeRequest name="sAMAccountName" op="Set" value="notype"/><AttributeRequest name="remoteRoutingAddress" op="Set" value="notype@other.mail.onmicrosoft.com"/></AccountRequest>`,
  'create-list-objecttype': `<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=List Type,OU=Staff,DC=corp,DC=example,DC=org" op="Create"><Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes><AttributeRequest name="ObjectType" op="Set"><Value><List><String>User</String></List></Value></AttributeRequest><AttributeRequest name="sAMAccountName" op="Set" value=""/></AccountRequest>`,
};

const RESULTS: Record<string, string | null> = { none: null, clean: 'service-result-created-on-server.xml', errors: 'service-result-errors.xml' };
const APPLICATIONS: Record<string, string | null> = { none: null, two: 'env-application-map.xml', empty: '<Map/>' };

function variants(): Array<{ name: string; settings: Settings }> {
  const base = defaultSettings();
  const full = structuredClone(base);
  full.exchange.hosts = ['exch01.corp.example.org'];
  full.exchange.routingDomain = 'corpexample.mail.onmicrosoft.com';
  const templated = structuredClone(full);
  templated.rules.routingTemplate = 'mbx-{sAMAccountName}@{routingDomain}';
  templated.rules.adApplication = 'AD - corp.example.org';
  return [
    { name: 'defaults', settings: base },
    { name: 'hosts+domain', settings: full },
    { name: 'template+application', settings: templated },
  ];
}

let dir: string;
let pwsh: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-equiv-'));
  const ps = await new PowerShellLocator(join(__dirname, '..', '..', '..', '.tools')).get(null);
  if (!ps.found) throw new Error(ps.reason);
  pwsh = ps.path;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function text(nameOrXml: string): Promise<string> {
  return nameOrXml.startsWith('<') ? nameOrXml : readFile(join(IQSERVICE_FIXTURES, nameOrXml), 'utf8');
}

const HARNESS = `param([string]$Cases, [string]$Out, [string]$Rules, [string]$StandIn)
$ErrorActionPreference = 'Stop'
Add-Type -TypeDefinition ([System.IO.File]::ReadAllText($StandIn))
$answers = New-Object System.Collections.Generic.List[object]
$all = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($Cases))
$HmcConfig = [string]$all[0].config
. (Join-Path $Rules 'HmcRule.Core.ps1')
. (Join-Path $Rules 'HmcRule.Decision.ps1')
. (Join-Path $Rules 'HmcRule.Exchange.ps1')
$configs = @{}
foreach ($c in $all) {
    $key = [string]$c.config
    if (-not $configs.ContainsKey($key)) { $configs[$key] = ConvertFrom-Json -InputObject ([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($key))) }
    $script:Config = $configs[$key]
    $env:Application = [string]$c.application
    $request = New-Object sailpoint.Utils.objects.AccountRequest([sailpoint.Utils.xml.XmlUtil]::getReader((New-Object System.IO.StringReader([string]$c.request))))
    $hasResult = [bool]$c.result
    $result = New-Object sailpoint.Utils.objects.ServiceResult
    if ($hasResult) { $result = New-Object sailpoint.Utils.objects.ServiceResult([sailpoint.Utils.xml.XmlUtil]::getReader((New-Object System.IO.StringReader([string]$c.result)))) }
    $facts = Get-HmcFacts $request $result $hasResult (Get-HmcApplicationHosts)
    $d = Get-HmcDecision $facts
    $routing = $null
    if ($script:Config.decision.routing) { $routing = Get-HmcRoutingAddress $facts }
    $answers.Add([ordered]@{ id = [string]$c.id; action = $d.Action; identity = $facts.Identity; routing = $routing })
}
[System.IO.File]::WriteAllText($Out, (ConvertTo-Json -InputObject $answers.ToArray() -Depth 3))
`;

it('the generated PowerShell and the explainer decide the same for every fixture, result, application and setting', async () => {
  const requests: Record<string, string> = { ...EXTRA };
  requests['account-request-joiner-create.xml'] = await text('account-request-joiner-create.xml');
  for (const f of (await readdir(join(IQSERVICE_FIXTURES, 'rules'))).filter((n) => n.endsWith('.xml') && !n.startsWith('application'))) {
    requests[`rules/${f}`] = await text(`rules/${f}`);
  }
  const cases: Array<{ id: string; config: string; request: string; result: string | null; application: string | null; expected: { action: string; identity: string | null; routing: string | null } }> = [];
  for (const [rname, request] of Object.entries(requests)) {
    for (const [resName, res] of Object.entries(RESULTS)) {
      const result = res ? await text(res) : null;
      for (const [appName, app] of Object.entries(APPLICATIONS)) {
        const application = app ? await text(app) : null;
        for (const v of variants()) {
          for (const kind of ['after-create', 'after-modify'] as RuleKind[]) {
            const { config } = buildRuleConfig(kind, v.settings);
            const inspection = inspectPlan({
              document: request,
              result,
              application,
              routingDomain: config.routingDomain,
              routingDomainSource: 'settings',
              routingTemplate: config.routingTemplate,
              configuredHosts: config.hosts,
              adApplication: config.adApplication,
            });
            const d = inspection.decisions.find((x) => x.rule === RULE_NAME[kind])!;
            cases.push({
              id: `${rname} | result ${resName} | application ${appName} | ${v.name} | ${kind}`,
              config: utf8ToBase64(JSON.stringify(config)),
              request,
              result,
              application,
              expected: { action: d.action, identity: d.identity, routing: kind === 'after-create' ? d.remoteRoutingAddress : null },
            });
          }
        }
      }
    }
  }
  expect(cases.length).toBeGreaterThan(700);
  await writeFile(join(dir, 'cases.json'), JSON.stringify(cases));
  await writeFile(join(dir, 'harness.ps1'), HARNESS);
  await run(pwsh, ['-NoProfile', '-NonInteractive', '-File', join(dir, 'harness.ps1'), '-Cases', join(dir, 'cases.json'), '-Out', join(dir, 'out.json'), '-Rules', join(PS, 'Rules'), '-StandIn', join(PS, 'Replay', 'SailPointUtils.cs')], { timeout: 240_000, maxBuffer: 16 * 1024 * 1024 });
  const answers = JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as Array<{ id: string; action: string; identity: string | null; routing: string | null }>;
  expect(answers).toHaveLength(cases.length);
  const byId = new Map(answers.map((a) => [a.id, a]));
  const differ = cases
    .map((c) => ({ id: c.id, expected: c.expected, powershell: byId.get(c.id) }))
    .filter((x) => !x.powershell || x.powershell.action !== x.expected.action || x.powershell.identity !== x.expected.identity || x.powershell.routing !== x.expected.routing);
  expect(differ.slice(0, 5)).toEqual([]);
  // The table acts: every action occurs among the cases.
  expect(new Set(cases.map((c) => c.expected.action))).toEqual(new Set(['enable-remote-mailbox', 'hide-from-address-lists', 'unhide-from-address-lists', 'none']));
}, 300_000);
