import { describe, expect, it } from 'vitest';
import { HmcError } from '../../../shared/errors';
import { base64ToUtf8, buildRuleConfig, utf8ToBase64 } from '../../../shared/rules/config';
import { applyRoutingTemplate, checkRoutingTemplate, DECISION_TABLE } from '../../../shared/rules/decision';
import { defaultSettings } from '../../../shared/settings/schema';

function refused(fn: () => unknown): HmcError {
  try {
    fn();
  } catch (e) {
    if (e instanceof HmcError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the rule configuration from the settings', () => {
  it('carries the hosts, routing, log file, limits and the decision table', () => {
    const s = defaultSettings();
    s.exchange.hosts = ['exch01.corp.example.org', 'exch02.corp.example.org'];
    s.exchange.routingDomain = 'corpexample.mail.onmicrosoft.com';
    s.exchange.useHttps = true;
    const { config, warnings } = buildRuleConfig('after-modify', s);
    expect(config).toMatchObject({
      kind: 'after-modify',
      rule: 'ConnectorAfterModify',
      hosts: ['exch01.corp.example.org', 'exch02.corp.example.org'],
      scheme: 'https',
      port: 443,
      logFolder: 'C:\\ExchangeLogs\\AfterModifyLogs',
      logFile: '{date}.ConnectorAfterModify.log',
      timeoutSeconds: 300,
      budgetSeconds: 240,
      credential: { mode: 'kerberos', path: null },
      mail: { mode: 'watcher' },
    });
    expect(config.decision).toEqual(DECISION_TABLE.ConnectorAfterModify);
    expect(warnings).toEqual([]);
  });

  it('warns without hosts or routing domain, but still generates', () => {
    const { warnings } = buildRuleConfig('after-create', defaultSettings());
    expect(warnings.join(' ')).toMatch(/No Exchange host is configured.*No tenant routing domain/);
  });

  it('refuses limits that would let IQService kill the script first, and says what to change', () => {
    const s = defaultSettings();
    s.rules.budgetSeconds = 298;
    expect(refused(() => buildRuleConfig('after-create', s)).message).toMatch(/must exceed its budget .* raise rules\.timeoutSeconds or lower rules\.budgetSeconds/);
    const t = defaultSettings();
    t.rules.openTimeoutSeconds = 250;
    expect(refused(() => buildRuleConfig('after-create', t)).message).toMatch(/must fit in the budget/);
    const m = defaultSettings();
    m.rules.mail = 'smtp';
    expect(refused(() => buildRuleConfig('after-create', m)).message).toMatch(/fill in notify\.smtpHost, notify\.from and notify\.to, or set rules\.mail to watcher/);
    const l = defaultSettings();
    l.rules.logFolder = 'logs';
    expect(refused(() => buildRuleConfig('after-create', l)).code).toBe('INVALID_INPUT');
  });

  it('checks the routing template and applies it literally', () => {
    expect(checkRoutingTemplate('{sAMAccountName}@{routingDomain}')).toBeNull();
    expect(checkRoutingTemplate('{givenName}@{routingDomain}')).toMatch(/only \{sAMAccountName\} and \{routingDomain\}/);
    expect(checkRoutingTemplate('{routingDomain}')).toMatch(/must contain \{sAMAccountName\}/);
    expect(checkRoutingTemplate('{sAMAccountName}.x')).toMatch(/@/);
    expect(applyRoutingTemplate('x-{SAMACCOUNTNAME}@{routingDomain}', { sAMAccountName: "a$1'b", routingDomain: 'd.mail.onmicrosoft.com' })).toBe("x-a$1'b@d.mail.onmicrosoft.com");
  });

  it('base64 of UTF-8 round-trips every character (the script decodes it with FromBase64String)', () => {
    for (const s of ['', 'a', 'ab', 'abc', "quote ' \u2019 \" `$() \n\r\t", 'Zo\u00eb \u7531\u7d00 \u{1F600}']) {
      expect(base64ToUtf8(utf8ToBase64(s))).toBe(s);
      expect(utf8ToBase64(s)).toBe(Buffer.from(s, 'utf8').toString('base64'));
    }
  });
});
