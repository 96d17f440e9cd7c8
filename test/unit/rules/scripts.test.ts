import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildRuleConfig } from '../../../shared/rules/config';
import { defaultSettings } from '../../../shared/settings/schema';
import { identifyScript, loadRuleParts, renderRuleScript } from '../../../electron/services/rules/scripts';
import { scanScript } from '../../../electron/services/rules/scan';
import { cnOf, secretValues, seedSpec } from '../../../electron/services/rules/request';
import { inspectPlan } from '../../../shared/plans';

const PS = join(__dirname, '..', '..', '..', 'electron', 'powershell');

describe('generated scripts', () => {
  it('carry no settings value as PowerShell text: hostile settings only ever appear inside the base64 configuration', async () => {
    const s = defaultSettings();
    const evil = "x'$(Remove-Item C:\\ -Recurse)`\"\n#";
    s.exchange.hosts = [`${evil}.example.org`];
    s.rules.afterCreateName = evil;
    s.rules.adApplication = evil;
    s.rules.routingTemplate = '{sAMAccountName}@{routingDomain}';
    const script = renderRuleScript(await loadRuleParts(PS), buildRuleConfig('after-create', s).config);
    expect(script).not.toContain('Remove-Item C:');
    expect(script).not.toContain('.example.org');
    expect([...script].every((c) => c.charCodeAt(0) < 0x7f)).toBe(true);
    expect(script).toMatch(/^\$HmcConfig = '\r\n[A-Za-z0-9+/=\r\n]+'\r\n/m);
  });

  it('are recognised as generated, and an edited one is not', async () => {
    const parts = await loadRuleParts(PS);
    const script = renderRuleScript(parts, buildRuleConfig('after-modify', defaultSettings()).config);
    expect(identifyScript(script, parts)).toMatchObject({ generated: true, kind: 'after-modify', rule: 'ConnectorAfterModify' });
    expect(identifyScript(script.replace(/\r\n/g, '\n'), parts).generated).toBe(true);
    expect(identifyScript(script.replace('exit 0', 'Remove-Item x; exit 0'), parts)).toMatchObject({ generated: false, kind: 'after-modify' });
    expect(identifyScript("Write-Host 'mine'", parts)).toMatchObject({ generated: false, kind: null });
  });
});

describe('reading a script before it runs', () => {
  it('names the .NET file and network calls the harness cannot map, and Invoke-Expression over the request', () => {
    const codes = scanScript([
      "[System.IO.File]::AppendAllText('C:\\Logs\\x.log', 'a')",
      '# [IO.File]::WriteAllText() in a comment is fine',
      '$c = [System.Net.Sockets.TcpClient]::new()',
      'Invoke-RestMethod https://example.org',
      'Start-Job { 1 }',
      'Invoke-Expression "$command -requestString \'$env:Request\'"',
      "Add-Content -LiteralPath 'C:\\Logs\\x.log' -Value 'ok'",
    ].join('\n')).map((f) => f.code);
    expect(codes).toEqual(['UNMAPPED_FILE_IO', 'UNMAPPED_NETWORK', 'UNMAPPED_NETWORK', 'OUTSIDE_SESSION', 'INVOKE_EXPRESSION']);
  });
});

describe('the request, for findings and --seed', () => {
  it('secret values: secret-named attributes and entries, encrypted values and what they decode to; never "true"', () => {
    const xml = `<AccountRequest><Attributes><Map><entry key="pwdText" value="Plain-Passw0rd!"/><entry key="secret" value="true"/></Map></Attributes>
      <AttributeRequest name="*password*" value="2:${Buffer.from('decoded-secret').toString('base64')}"/><AttributeRequest name="sn" value="O'Brien"/></AccountRequest>`;
    const v = secretValues(xml);
    expect(v).toEqual(expect.arrayContaining(['Plain-Passw0rd!', `2:${Buffer.from('decoded-secret').toString('base64')}`, 'decoded-secret']));
    expect(v).not.toContain('true');
    expect(v).not.toContain("O'Brien");
  });

  it('seed: DN from nativeIdentity, name from its CN, sAMAccountName from the request or the CN', () => {
    expect(cnOf('CN=Doe\\, John,OU=Staff,DC=x')).toBe('Doe, John');
    const req = (xml: string) => inspectPlan({ document: xml }).accountRequests[0]!;
    expect(seedSpec(req('<AccountRequest nativeIdentity="CN=Bo Lee,OU=Staff,DC=x" op="Modify"/>'), 'after-modify', true)).toEqual({
      samAccountName: 'BoLee',
      name: 'Bo Lee',
      distinguishedName: 'CN=Bo Lee,OU=Staff,DC=x',
      userPrincipalName: null,
      type: 'RemoteUserMailbox',
      hidden: true,
    });
    expect(seedSpec(req('<AccountRequest nativeIdentity="CN=Bo Lee,OU=Staff,DC=x" op="Create"><AttributeRequest name="sAMAccountName" value="blee"/></AccountRequest>'), 'after-create', true)).toMatchObject({ samAccountName: 'blee', type: 'User', hidden: false });
    expect(seedSpec(req('<AccountRequest op="Create"/>'), 'after-create', false)).toBeNull();
  });
});
