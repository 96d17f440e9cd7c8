/**
 * What a failure mail carries, as the SMTP server received it (parsed with mailparser, and the raw
 * bytes): the user and the operation, the error as a sentence and raw, the host, what to do next,
 * the run's log entries, the masked request XML and the last connectivity result. A user named
 * `<img src=x onerror=alert(1)>` and an error with HTML in it arrive escaped in the HTML part, and no
 * secret (free-text shapes, the request's password, what the secret store holds) appears anywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMailServer, type MailServer, type Received } from '../../support/mail-server';
import type { Core } from '../../../electron/app/core';
import { FROM, TO, notifyCore, tempHome } from './helpers';

const EVIL_USER = '<img src=x onerror=alert(1)>';
const EVIL_ERROR = 'Enable-RemoteMailbox failed: <script>alert("pwned")</script> & <b>not bold</b> for user';
const SECRETS = {
  pwdText: 'PwdText-Secret-91',
  passwordEq: 'EqPassw0rd-77',
  credential: 'CORP\\svc-iiq:Cred-Secret-55',
  bearer: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpaXEtc3ZjIn0.c2lnbmF0dXJlLXNlY3JldA',
  bearer2: 'opaqueBearerToken-0042abcdef',
  xmlPassword: 'Xml-Plain-Passw0rd',
  stored: 'Store-Held-Secret-31',
};

let home: string;
let core: Core;
let smtp: MailServer;
let got: Received;
let logFile: string;

function line(time: string, text: string): string {
  return `2025-03-03 ${time}::${text}\r\n`;
}

beforeAll(async () => {
  home = tempHome();
  smtp = await startMailServer({ tls: 'none' });
  logFile = join(home, 'ConnectorAfterCreate.log');
  const request = [
    '<AccountRequest application="AD - corp.example.org" nativeIdentity="CN=Ana Silva,OU=Joiners,DC=corp,DC=example,DC=org" op="Create">',
    '  <AttributeRequest name="sAMAccountName" op="Set" value="asilva"/>',
    `  <AttributeRequest name="*password*" op="Set" value="${SECRETS.xmlPassword}"/>`,
    '  <AttributeRequest name="remoteRoutingAddress" op="Set" value="asilva@corpexample.mail.onmicrosoft.com"/>',
    '</AccountRequest>',
  ].join('\r\n');
  const before =
    line('09:14:00', 'Finished ConnectorAfterCreate for someone-else') +
    line('09:14:01', 'Starting ConnectorAfterCreate for CN=Ana Silva (sAMAccountName=asilva)') +
    line('09:14:01', `Request Object :: ${request}`) +
    line('09:14:02', `Connecting as svc-iiq with pwdText=${SECRETS.pwdText} and password=${SECRETS.passwordEq}`) +
    line('09:14:02', `New-PSSession -ConnectionUri http://exch01.corp.example.org/PowerShell/ -Credential '${SECRETS.credential}' -Authentication Kerberos`) +
    line('09:14:02', `Token for asilva: Authorization: Bearer ${SECRETS.bearer} then Bearer ${SECRETS.bearer2}`) +
    line('09:14:03', `Session key for asilva is ${SECRETS.stored}`);
  const failing = line('09:14:04', `Cannot create mailbox for asilva: ${EVIL_ERROR} (ManagementObjectNotFoundException)`);
  writeFileSync(logFile, before + failing + line('09:14:05', 'Finished ConnectorAfterCreate for asilva'));
  const offset = Buffer.byteLength(before);
  writeFileSync(
    join(home, 'connectivity-history.json'),
    JSON.stringify({
      version: 1,
      runs: [
        {
          id: 'r1', startedAt: '2025-03-03T09:00:00.000Z', finishedAt: '2025-03-03T09:00:01.000Z', durationMs: 1000, timeoutMs: 5000, deadlineMs: 20000, deadlineHit: false, source: 'settings', notes: [],
          hosts: [{
            host: 'exch01.corp.example.org', verdict: 'failed', firstFailure: { layer: 'session', hint: 'Kerberos <ticket> expired' }, role: 'exchange', durationMs: 900,
            target: { role: 'exchange', name: 'exch01.corp.example.org', port: 80, tlsPort: 443 },
            layers: [{ layer: 'dns', status: 'pass', latencyMs: 1, detail: '10.0.0.5', steps: [] }, { layer: 'session', status: 'fail', latencyMs: 50, detail: 'access <denied>', steps: [] }],
          }],
        },
      ],
    }),
  );
  core = await notifyCore(home, {
    exchange: { mode: 'remote', hosts: ['exch01.corp.example.org'] },
    logs: { sources: [{ name: 'After-create', folder: home, pattern: 'ConnectorAfterCreate.log' }] },
    notify: { smtpHost: '127.0.0.1', smtpPort: smtp.port, tls: 'none', from: FROM, to: [TO], subjectPrefix: '[IAM]' },
  });
  await core.services.secrets.set('exchange:svc-iiq', SECRETS.stored);
  const r = await core.router.invoke(
    'notify.mailFailure',
    {
      failure: {
        kind: 'log', source: 'After-create', time: '2025-03-03T09:14:04', user: EVIL_USER, operation: 'ConnectorAfterCreate',
        error: `Cannot create mailbox for asilva: ${EVIL_ERROR} (ManagementObjectNotFoundException)`, code: null, host: null, command: null,
        link: { file: logFile, offset, source: 'After-create' },
      },
    },
    { door: 'test' },
  );
  expect(r.queued).toBe(true);
  got = (await smtp.waitFor(1))[0]!;
});

afterAll(async () => {
  await core?.dispose();
  await smtp?.close();
});

describe('a failure mail as received', () => {
  it('names the user, the operation, the error as a sentence and raw, the host, the time and what to do next', () => {
    const text = got.parsed.text ?? '';
    expect(got.parsed.subject).toBe(`[IAM] ConnectorAfterCreate failed for ${EVIL_USER}`);
    expect(text).toContain(`User: ${EVIL_USER}`);
    expect(text).toContain('Operation: ConnectorAfterCreate');
    expect(text).toContain(`Exchange could not find the user ${EVIL_USER} in Active Directory when the rule ran.`);
    expect(text).toContain('Exchange host: exch01.corp.example.org');
    expect(text).toContain('When: 2025-03-03T09:14:04');
    expect(text).toContain('What to do next:');
    expect(text).toContain(EVIL_ERROR);
    expect(text).toContain('Last connectivity check of exch01.corp.example.org (2025-03-03T09:00:00.000Z): failed');
    expect(got.parsed.messageId).toMatch(/@hmc\./);
  });

  it("carries the user's story verdict, in both parts", () => {
    // Remote mode cannot read the recipient on this machine, so the story says why it cannot judge.
    expect(got.parsed.text ?? '').toMatch(/User's story:\s+unknown: .*recipient could not be read/);
    expect(String(got.parsed.html)).toContain("<h3>User's story</h3>");
  });

  it('escapes every value in the HTML part', () => {
    const html = String(got.parsed.html);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>not bold</b>');
    expect(html).not.toContain('<ticket>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;');
    expect(html).toContain('Kerberos &lt;ticket&gt; expired');
  });

  it("attaches the run's log entries and the request XML masked by the plan inspector", () => {
    const names = got.parsed.attachments.map((a) => a.filename).sort();
    expect(names).toEqual(['log-excerpt.txt', 'request.xml']);
    const excerpt = got.parsed.attachments.find((a) => a.filename === 'log-excerpt.txt')!.content.toString('utf8');
    expect(excerpt).toContain('Starting ConnectorAfterCreate for CN=Ana Silva');
    expect(excerpt).toContain('Cannot create mailbox for asilva');
    expect(excerpt).not.toContain('someone-else');
    expect(excerpt).not.toContain('Finished ConnectorAfterCreate for asilva');
    const xml = got.parsed.attachments.find((a) => a.filename === 'request.xml')!.content.toString('utf8');
    expect(xml).toContain('name="sAMAccountName" op="Set" value="asilva"');
    expect(xml).toContain('name="*password*" op="Set" value="********"');
  });

  it('holds no secret anywhere: not in the raw bytes, the parts, the headers or the attachments', () => {
    const raw = got.raw.toString('latin1');
    const decoded = [
      got.parsed.subject ?? '',
      got.parsed.text ?? '',
      String(got.parsed.html),
      ...got.parsed.attachments.map((a) => a.content.toString('utf8')),
      ...[...got.parsed.headers.values()].map((v) => JSON.stringify(v)),
    ].join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(raw.includes(secret), `${name} in the raw message`).toBe(false);
      expect(decoded.includes(secret), `${name} in a decoded part`).toBe(false);
      for (const piece of secret.split(/[\\:]/).filter((p) => p.length >= 8)) expect(decoded.includes(piece), `${name} (${piece})`).toBe(false);
    }
    expect(decoded).toContain('pwdText=********');
    expect(decoded).toContain("-Credential ********");
  });

  it('reads no file outside the configured log sources, whatever the caller names', async () => {
    const elsewhere = join(tempHome('hmc-elsewhere-'), 'ConnectorAfterCreate.log');
    writeFileSync(elsewhere, line('09:00:00', 'Cannot create mailbox for x: private-content-42'));
    await core.router.invoke('notify.mailFailure', { failure: { kind: 'log', source: 'x', time: null, user: 'x', operation: 'ConnectorAfterCreate', error: 'boom', code: null, host: null, command: null, link: { file: elsewhere, offset: 0, source: null } } }, { door: 'test' });
    const second = (await smtp.waitFor(2))[1]!;
    expect(second.parsed.attachments).toHaveLength(0);
    expect(second.raw.toString('latin1')).not.toContain('private-content-42');
    expect(second.parsed.text).not.toContain('Log file:');
  });

  it('the outbox lists them as sent', async () => {
    await core.services.notify.settle();
    const box = await core.router.invoke('notify.outbox', {}, { door: 'test' });
    expect(box.items).toHaveLength(2);
    for (const i of box.items) expect(i).toMatchObject({ state: 'sent', reason: 'failure', attempts: 1, problem: null, to: [TO] });
  });
});
