import { describe, expect, it } from 'vitest';
import { inspectPlan } from '../../../shared/plans';
import { buildRuleConfig } from '../../../shared/rules/config';
import { applicationSnippet, cdata, ruleFileNames, ruleXml, xmlEscape } from '../../../shared/rules/rulexml';
import { defaultSettings } from '../../../shared/settings/schema';
import { ruleSource } from '../../../electron/services/rules/service';

describe('the Rule XML', () => {
  it('keeps any script intact in CDATA, "]]>" included', () => {
    const script = "$a = 'x]]>y'\n# ]]> again ]]]]>\n";
    expect(cdata(script)).toBe("<![CDATA[$a = 'x]]]]><![CDATA[>y'\n# ]]]]><![CDATA[> again ]]]]]]><![CDATA[>\n]]>");
    const { config } = buildRuleConfig('after-create', defaultSettings());
    const xml = ruleXml(config, script, 'desc & <more>');
    expect(ruleSource(xml)).toBe(script);
    const r = inspectPlan({ document: xml });
    expect(r.rule).toMatchObject({ name: 'HMC - AfterCreate - Enable RemoteMailbox', type: 'ConnectorAfterCreate', objectOrientedScript: true, timeout: 300, extension: '.ps1', program: 'powershell.exe', disabled: false });
    expect(r.rule!.source).toBe(script);
    expect(r.findings).toEqual([]);
  });

  it('spells ObjectOrientedScript as the connector reads it and escapes the rule name', () => {
    const s = defaultSettings();
    s.rules.afterModifyName = `Leavers "GAL" & <co>`;
    const { config } = buildRuleConfig('after-modify', s);
    const xml = ruleXml(config, 'x', 'd');
    expect(xml).toContain('<entry key="ObjectOrientedScript" value="true"/>');
    expect(xml).not.toContain('objectOrientedScript');
    expect(xml).toContain(`name="${xmlEscape(s.rules.afterModifyName)}"`);
    expect(inspectPlan({ document: xml }).rule!.name).toBe(s.rules.afterModifyName);
  });

  it('the snippet is the nativeRules entry with both rule names', () => {
    const s = defaultSettings();
    const { config } = buildRuleConfig('after-create', s);
    const snippet = applicationSnippet(config, s.rules.afterModifyName);
    const entry = snippet.slice(snippet.indexOf('<entry'), snippet.indexOf('</entry>') + 8);
    const app = inspectPlan({ document: `<Map>${entry}</Map>` }).application!;
    expect(app.nativeRules).toEqual([s.rules.afterCreateName, s.rules.afterModifyName]);
    expect(snippet).toContain('C:\\ExchangeLogs\\AfterCreateLogs\\yyyy-MM-dd.ConnectorAfterCreate.log');
    expect(ruleFileNames('ConnectorAfterModify')).toEqual({ script: 'ConnectorAfterModify.ps1', ruleXml: 'ConnectorAfterModify.rule.xml', snippet: 'ConnectorAfterModify.application-snippet.txt' });
  });
});
