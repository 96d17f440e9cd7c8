/**
 * The generated rule under other settings: the failure mail sent by the rule itself (values HTML-escaped,
 * the relay reached as the service account, never with a password from the plan), a log folder that does
 * not exist yet (the rule creates it), and a DPAPI credential file on the IQService host.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doc, HOSTS, logLines, rulesCore, type RulesCore } from './helpers';

let c: RulesCore;
beforeAll(async () => {
  c = await rulesCore({
    rules: { mail: 'smtp', logFolder: 'C:\\HMC\\RuleLogs', credential: 'dpapi', credentialPath: 'C:\\SailPoint\\IQService\\hmc-exchange.xml' },
    notify: { smtpHost: 'smtp.corp.example.org', smtpPort: 25, from: 'iqservice@corp.example.org', to: ['iam-team@corp.example.org'], requireTls: true },
  });
});
afterAll(async () => {
  await c.dispose();
});

it('a failed enable mails the team with every value HTML-escaped, logs to a folder it creates, and uses the stored credential', async () => {
  const r = await c.replay({
    kind: 'after-create',
    request: await doc('rules/hostile-sam.xml'),
    result: await doc('service-result-created-on-server.xml'),
    seed: true,
    faults: { hosts: { [HOSTS[0]!]: 'kerberos', [HOSTS[1]!]: 'kerberos' } },
  });
  expect(r).toMatchObject({ exitCode: 1, ranToEnd: true });
  expect(r.resultLine).toMatchObject({ outcome: 'failed', errorClass: 'auth' });
  // The credential the harness stored where the settings say (DPAPI on Windows), used for each session.
  expect(r.sessions.map((s) => [s.outcome, s.credentialUser])).toEqual([
    ['kerberos', 'HMC-REPLAY\\svc-exchange'],
    ['kerberos', 'HMC-REPLAY\\svc-exchange'],
  ]);
  // The log folder did not exist: the rule created it.
  expect(r.logs.map((l) => l.windowsPath)).toEqual([expect.stringMatching(/^C:\\HMC\\RuleLogs\\AfterCreateLogs\\\d{4}-\d{2}-\d{2}\.ConnectorAfterCreate\.log$/)]);
  expect(logLines(r).join('\n')).toContain('Failure mail sent to iam-team@corp.example.org.');
  expect(r.mails).toHaveLength(1);
  const mail = r.mails[0]!;
  expect(mail.subject).toMatch(/^\[HMC\] ConnectorAfterCreate failed for o'b/);
  expect(mail.requested).toMatchObject({ host: 'smtp.corp.example.org', port: 25, tls: true, user: null });
  // Escaped: the quotes of the name and the markup of nothing else come through as text.
  expect(mail.html).toContain('o&#39;b');
  expect(mail.html).toContain('&quot;q');
  expect(mail.html).not.toMatch(/<td>[^<]*o'b/);
  expect(r.findings.map((f) => f.code)).not.toEqual(expect.arrayContaining(['MAIL_HTML_UNESCAPED']));
  expect(r.findings.filter((f) => f.severity === 'error')).toEqual([]);
});
