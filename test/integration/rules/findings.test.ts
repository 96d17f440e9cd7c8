/**
 * An admin's script that does what a rule must not: changes a recipient the request does not name,
 * writes a file through .NET (which the replay cannot map), logs the request with its password, and
 * writes no result file. Each shows as a finding; the .NET write lands beside the script, not on C:.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { doc, rulesCore, type RulesCore } from './helpers';

let c: RulesCore;
beforeAll(async () => {
  c = await rulesCore();
});
afterAll(async () => {
  await c.dispose();
});

const SCRIPT = [
  '$s = New-PSSession -ConfigurationName Microsoft.Exchange -ConnectionUri "http://exch01.corp.example.org/PowerShell/" -Authentication Kerberos',
  'Import-PSSession $s -DisableNameChecking | Out-Null',
  "Set-RemoteMailbox -Identity 'remote.synced' -HiddenFromAddressListsEnabled $true",
  "[System.IO.File]::WriteAllText('C:\\Logs\\dotnet.log', 'written by .NET')",
  "New-Item -ItemType Directory -Path 'C:\\Logs' -Force | Out-Null",
  "Add-Content -Path 'C:\\Logs\\careless.log' -Value (\"Request Object :: \" + $env:Request)",
  'Remove-PSSession $s',
].join('\r\n');

it('a careless script: foreign recipient, unmapped .NET file write, secret in its log, no result file', async () => {
  const inspected = await c.core.router.invoke('rule.inspectScript', { script: { text: SCRIPT } }, { door: 'test' });
  expect(inspected.findings.map((f) => f.code)).toEqual(['UNMAPPED_FILE_IO']);
  const r = await c.replay({ script: { text: SCRIPT }, trustScript: true, request: await doc('rules/leaver-modify.xml'), timeoutSeconds: 60 });
  expect(r.ranToEnd).toBe(true);
  const codes = r.findings.map((f) => f.code);
  expect(codes).toEqual(expect.arrayContaining(['FOREIGN_RECIPIENT', 'UNMAPPED_FILE_IO', 'NO_RESULT_FILE', 'NO_SESSION_TIMEOUT']));
  expect(codes).not.toContain('SESSION_NOT_REMOVED');
  // It "hid a leaver", as the console's rules decide, but the wrong one: the decision agrees, the finding says why it is wrong.
  expect(r.decision.agrees).toBe(true);
  expect(r.findings.find((f) => f.code === 'FOREIGN_RECIPIENT')!.message).toMatch(/changed remote\.synced \(Set-RemoteMailbox\), a recipient the request does not name/);
  // The static scan and the stray file both say it: on Linux .NET wrote a file named after the Windows path.
  expect(r.findings.filter((f) => f.code === 'UNMAPPED_FILE_IO').map((f) => f.message).join(' ')).toMatch(/wrote "C:\\Logs\\dotnet\.log"/);
  expect(r.changes).toEqual([expect.objectContaining({ named: false, after: expect.objectContaining({ SamAccountName: 'remote.synced', HiddenFromAddressListsEnabled: true }) })]);
  expect(r.logs.map((l) => l.windowsPath)).toEqual(expect.arrayContaining(['C:\\Logs\\careless.log']));
  // The leaver fixture carries no secret, so the careless log leaks nothing here; the joiner's would:
  const leaky = await c.replay({ script: { text: SCRIPT.split('\r\n').slice(4).join('\r\n') }, trustScript: true, request: await doc('rules/joiner-create.xml'), timeoutSeconds: 60 });
  expect(leaky.findings.map((f) => f.code)).toContain('SECRET_IN_LOG');
});
