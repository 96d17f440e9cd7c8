/**
 * What an admin imports into IdentityIQ beside a generated script: the Rule XML (its type, the
 * connector's own spelling ObjectOrientedScript, extension, program, a timeout above the script's
 * budget, the script in CDATA) and the application-side nativeRules entry.
 */
import type { RuleConfig } from './config';
import type { RuleKind, RuleName } from './decision';

export interface RuleFile {
  name: string;
  mimeType: string;
  content: string;
}

/** Attribute/text escaping for the few values we write into XML ourselves. */
export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A CDATA section holding any text: every "]]>" is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

export function ruleXml(config: RuleConfig, script: string, description: string): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<!DOCTYPE Rule PUBLIC "sailpoint.dtd" "sailpoint.dtd">',
    `<Rule language="beanshell" name="${xmlEscape(config.ruleName)}" type="${config.rule}">`,
    `  <Description>${xmlEscape(description)}</Description>`,
    '  <Attributes>',
    '    <Map>',
    // The connector reads "ObjectOrientedScript" with a capital O; the documented lower-case spelling is ignored.
    '      <entry key="ObjectOrientedScript" value="true"/>',
    '      <entry key="disabled" value="false"/>',
    '      <entry key="extension" value=".ps1"/>',
    '      <entry key="program" value="powershell.exe"/>',
    `      <entry key="timeout" value="${config.timeoutSeconds}"/>`,
    '    </Map>',
    '  </Attributes>',
    `  <Source>${cdata(script)}</Source>`,
    '</Rule>',
    '',
  ].join('\n');
}

export function applicationSnippet(config: RuleConfig, otherRuleName: string | null): string {
  const names = [config.ruleName, ...(otherRuleName ? [otherRuleName] : [])];
  return [
    `Attach "${config.ruleName}" (${config.rule}) to the Active Directory application in IdentityIQ:`,
    'open the application on the debug page (Application object), find its <Attributes><Map>, and add this',
    'entry. If the application already has a nativeRules entry, add the <String> line to its <List> instead.',
    ...(otherRuleName ? [`The list below also names "${otherRuleName}", the other rule the console generates; keep only the rules you import.`] : []),
    '',
    '<entry key="nativeRules">',
    '  <value>',
    '    <List>',
    ...names.map((n) => `      <String>${xmlEscape(n)}</String>`),
    '    </List>',
    '  </value>',
    '</entry>',
    '',
    `The rule writes its log to ${config.logFolder}\\${config.logFile.replace('{date}', 'yyyy-MM-dd')} on the IQService host`,
    `and ends each run with a "RESULT ::" line; add that folder as a log source in the console if it is not one already.`,
    '',
  ].join('\n');
}

export function ruleFileNames(rule: RuleName): { script: string; ruleXml: string; snippet: string } {
  return { script: `${rule}.ps1`, ruleXml: `${rule}.rule.xml`, snippet: `${rule}.application-snippet.txt` };
}

export function ruleDescription(kind: RuleKind): string {
  return kind === 'after-create'
    ? 'Hybrid Mailbox Console: after IQService creates an AD joiner (flow=Joiner), enable the remote mailbox (Enable-RemoteMailbox) on the on-premises Exchange hybrid server.'
    : 'Hybrid Mailbox Console: after IQService modifies an AD account, hide a leaver (flow=Leaver or Disable) from the address lists, or show a rehire (flow=Rehire or Enable) again (Set-RemoteMailbox).';
}
