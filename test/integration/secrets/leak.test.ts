/**
 * No secret leaks: 25 secrets of every shape (plain passwords under secret names, `*credential*` keys,
 * IdentityIQ-encrypted `1:ACP:<base64>` and `N:<base64>` values, free text such as `password=...` and
 * `pwd: ...`, logged XML, JSON members, PowerShell literals, bearer tokens, a display name holding a
 * password) go in through plans, results, applications, log files, a followed log, a mailbox change and the
 * diagnostics log; then every place they could come out is read (the web host's answers and its event
 * stream, the CLI's `--json`, the audit trail, the diagnostics log) and none of them may be found.
 */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';
import { runHmc } from '../../support/cli';

const word = (i: number) => `Hm${i}q${randomBytes(5).toString('hex')}!%`;
const b64 = () => randomBytes(24).toString('base64');

/** The secrets, by where they are planted; each value is what must never be seen again. */
const S = Object.fromEntries(Array.from({ length: 25 }, (_, i) => [i + 1, [3, 4, 9, 10, 13, 17].includes(i + 1) ? b64() : word(i + 1)])) as Record<number, string>;

const requestXml = `<?xml version="1.0" encoding="UTF-8"?>
<ProvisioningPlan nativeIdentity="lee.gu" trackingId="t-1">
  <Attributes><Map>
    <entry key="pwdText" value="${S[2]}"/>
    <entry key="sessionBlob" value="1:ACP:${S[3]}"/>
    <entry key="notes"><value><String>reset password=${S[8]}</String></value></entry>
  </Map></Attributes>
  <AccountRequest application="Active Directory" nativeIdentity="CN=Lee Gu,OU=Users,DC=corp,DC=example,DC=org" op="Create">
    <AttributeRequest name="sAMAccountName" op="Set" value="lee.gu"/>
    <AttributeRequest name="password" op="Set" value="${S[1]}"/>
    <AttributeRequest name="extensionAttribute1" op="Set" value="1:ACP:${S[4]}"/>
    <AttributeRequest name="unicodePwd" op="Set"><Value>${S[5]}</Value></AttributeRequest>
    <AttributeRequest name="description" op="Set" value="temp password=${S[6]} given by phone"/>
    <AttributeRequest name="info" op="Set" value="pwd: ${S[7]}"/>
  </AccountRequest>
</ProvisioningPlan>`;

const resultXml = `<ServiceResult><Attributes><Map>
  <entry key="encryptedPwd" value="2:${S[9]}"/>
  <entry key="serviceToken" value="1:ACP:${S[10]}"/>
</Map></Attributes><Errors><List><String>Bind failed for lee.gu with password=${S[11]}</String></List></Errors></ServiceResult>`;

const applicationXml = `<Application name="Active Directory" type="Active Directory - Direct" connector="sailpoint.connector.ADLDAPConnector">
  <Attributes><Map>
    <entry key="exchangeCredential" value="${S[12]}"/>
    <entry key="password" value="1:ACP:${S[13]}"/>
    <entry key="IQServicePassword" value="${S[14]}"/>
    <entry key="exchangeSettings"><value><List><Map><entry key="ExchHost" value="exch01.corp.example.org"/></Map></List></value></entry>
  </Map></Attributes>
</Application>`;

const logLines = [
  `2025-03-03 09:14:05::Start ConnectorAfterCreate for lee.gu`,
  `2025-03-03 09:14:05::Request Object :: <AccountRequest application="Active Directory" op="Create" nativeIdentity="CN=Lee Gu">`,
  `  <AttributeRequest name="sAMAccountName" op="Set" value="lee.gu"/>`,
  `  <AttributeRequest name="password" op="Set" value="${S[15]}"/>`,
  `  <AttributeRequest name="unicodePwd" op="Set"><Value>${S[16]}</Value></AttributeRequest>`,
  `</AccountRequest>`,
  `2025-03-03 09:14:06::Result Object :: <ServiceResult><Attributes><Map><entry key="pwdText"><value><String>${S[22]}</String></value></entry></Map></Attributes></ServiceResult>`,
  `2025-03-03 09:14:06::Connecting to exch01 for lee.gu with 1:ACP:${S[17]}`,
  `2025-03-03 09:14:07::ERROR Get-Credential failed for lee.gu: {"clientSecret": "${S[18]}"}`,
  `2025-03-03 09:14:07::ERROR $p = ConvertTo-SecureString '${S[19]}' -AsPlainText -Force`,
  `2025-03-03 09:14:08::ERROR New-PSSession -Credential '${S[20]}' failed for lee.gu`,
  `2025-03-03 09:14:08::ERROR Authorization: Bearer ${S[21]}`,
  `2025-03-03 09:14:09::Finished ConnectorAfterCreate for lee.gu`,
];

let home: string;
let logDir: string;
let logFile: string;
let core: Core;
let host: WebHost;
const caller = `leak-${randomBytes(8).toString('hex')}`;

function post(path: string, body: unknown): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path,
        headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', 'X-Hmc-Caller': caller },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve(text));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function call(name: string, input: unknown): Promise<{ text: string; value: Record<string, unknown> }> {
  const text = await post(`/api/${name}`, input);
  const env = JSON.parse(text) as { ok: boolean; value: Record<string, unknown>; error?: unknown };
  if (!env.ok) throw new Error(`${name} failed: ${JSON.stringify(env.error)}`);
  return { text, value: env.value };
}

/** The event stream of this page: every NDJSON line it receives, until `close`. */
function subscribe(events: string[]): { lines: string[]; ready: Promise<void>; close: () => void } {
  const lines: string[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const req = request(
    {
      host: '127.0.0.1',
      port: host.port,
      method: 'POST',
      path: '/api/events',
      headers: { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json', 'X-Hmc-Caller': caller },
    },
    (res) => {
      res.setEncoding('utf8');
      let buf = '';
      res.on('data', (c: string) => {
        buf += c;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim()) lines.push(line);
          if (line.includes('"ready"')) onReady();
        }
      });
    },
  );
  req.on('error', () => undefined); // destroyed by close(): the stream ending is expected
  req.end(JSON.stringify({ events }));
  return { lines, ready, close: () => req.destroy() };
}

/** Every secret found in `text`, with where it was found. */
const leaks: string[] = [];
function scan(where: string, text: string): void {
  for (const [i, s] of Object.entries(S)) if (text.includes(s)) leaks.push(`secret ${i} in ${where}`);
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-leak-'));
  logDir = join(home, 'rule-logs');
  await mkdir(logDir, { recursive: true });
  logFile = join(logDir, 'ConnectorAfterCreate.log');
  await writeFile(logFile, logLines.join('\r\n') + '\r\n');
  await writeFile(join(home, 'request.xml'), requestXml);
  await writeFile(join(home, 'result.xml'), resultXml);
  await writeFile(join(home, 'application.xml'), applicationXml);
  await writeFile(
    join(home, 'settings.json'),
    JSON.stringify({
      version: 2,
      exchange: { mode: 'sandbox' },
      logs: { sources: [{ name: 'After-create', folder: logDir, pattern: 'ConnectorAfterCreate.log', enabled: true }], pollMs: 100 },
    }),
  );
  const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') };
  core = await createCore({ env, forceSandbox: true });
  host = await startWebHost({ core, port: 0, rendererDir: home });
}, 60_000);

afterAll(async () => {
  await host?.close();
  await core?.dispose();
  await rm(home, { recursive: true, force: true });
});

describe('secrets never come out', () => {
  it('finds none of the 25 secrets in answers, events, the CLI, the audit trail or the diagnostics log', async () => {
    const env = { ...process.env, HMC_HOME: home, HMC_SANDBOX_DIRECTORY: join(home, 'directory.json') };
    const events = subscribe(['logs.entries', 'logs.alerts']);
    await events.ready;

    // Plans: the model, the decisions and the raw XML.
    const plan = await call('plan.inspect', { document: { text: requestXml }, result: { text: resultXml }, application: { text: applicationXml }, includeRaw: true });
    expect(plan.value.accountRequests).toHaveLength(1);
    scan('plan.inspect', plan.text);

    // Logs: parse, search, open and read, incoming plans.
    const parsed = await call('logs.parse', { path: logFile });
    expect((parsed.value.entries as unknown[]).length).toBeGreaterThan(5);
    scan('logs.parse', parsed.text);
    scan('logs.search', (await call('logs.search', { source: 'After-create', limit: 100 })).text);
    const opened = await call('logs.open', { source: 'After-create', tail: 100 });
    scan('logs.open', opened.text);
    scan('logs.read', (await call('logs.read', { id: opened.value.id, from: 0, count: 100 })).text);
    const incoming = await call('logs.incomingPlans', { path: logFile, days: 1, limit: 10, withoutXml: false });
    expect((incoming.value.plans as unknown[]).length).toBe(1);
    scan('logs.incomingPlans', incoming.text);

    // The event stream: a followed log gets two more lines.
    const follow = await call('logs.follow', { id: opened.value.id });
    await appendFile(logFile, `2025-03-03 09:15:01::ERROR Retrying lee.gu with token: ${S[23]}\r\n2025-03-03 09:15:02::ERROR Set-ADAccountPassword -NewPassword (ConvertTo-SecureString -String "${S[24]}" -AsPlainText -Force) failed\r\n`);
    const deadline = Date.now() + 20_000;
    while (!events.lines.some((l) => l.includes('Retrying lee.gu')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(events.lines.some((l) => l.includes('Retrying lee.gu'))).toBe(true);
    await call('logs.unfollow', { followId: follow.value.followId, action: 'stop' });

    // A mailbox change whose display name holds a password: the result, the audit trail, the read-back.
    const change = await call('mailbox.enableRemote', { identity: 'lee.gu', routingAddress: 'lee.gu@contoso.mail.onmicrosoft.com', displayName: `Lee password=${S[25]}` });
    scan('mailbox.enableRemote', change.text);
    scan('audit.list', (await call('audit.list', {})).text);
    scan('mailbox.get', (await call('mailbox.get', { identity: 'lee.gu' })).text);

    // The CLI's --json.
    for (const argv of [
      ['plan', 'inspect', join(home, 'request.xml'), '--result', join(home, 'result.xml'), '--application', join(home, 'application.xml'), '--json'],
      ['logs', 'parse', logFile, '--json'],
      ['logs', 'search', '--source', 'After-create', '--json'],
      ['mailbox', 'get', 'lee.gu', '--json', '--sandbox'],
    ]) {
      const r = await runHmc(argv, { env });
      expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
      scan(`hmc ${argv.slice(0, 2).join(' ')} --json`, r.out + r.err);
    }

    // What a service writes to the diagnostics log when a call fails with the secret in its text.
    core.services.diagnostics.warn('Logs: a follower failed', { message: `Bind failed: password=${S[2]} key 1:ACP:${S[3]}` });
    core.services.diagnostics.error('A PowerShell call failed', new Error(`Set-User -DisplayName 'Lee password=${S[25]}' -Pwd ${S[7]}`));
    await core.services.diagnostics.flush();
    events.close();

    scan('the event stream', events.lines.join('\n'));
    scan('the audit trail', await readFile(join(home, 'audit', 'audit.jsonl'), 'utf8'));
    scan('the diagnostics log', await readFile(core.services.diagnostics.path, 'utf8'));
    expect(leaks).toEqual([]);
    // The redaction keeps the command readable: the closing quote stays.
    expect(String(change.value.command)).toContain("-DisplayName 'Lee password=********'");
  }, 120_000);
});
