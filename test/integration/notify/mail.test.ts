/**
 * The test mail and its result, against a real SMTP server on 127.0.0.1: plain, STARTTLS, implicit
 * TLS, authentication accepted and rejected, and the failures told apart by kind (connection refused,
 * TLS failed, STARTTLS missing, authentication, recipient refused). `hmc notify test` exits 0 only when
 * the server accepted the mail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../connectivity/servers';
import { freePort, startMailServer, type MailServer } from '../../support/mail-server';
import { runHmc } from '../../support/cli';
import type { Core } from '../../../electron/app/core';
import { FROM, TO, notifyCore, tempHome } from './helpers';

let pki: Pki;
const open: Array<MailServer | Core> = [];

beforeAll(() => {
  pki = makePki();
});

afterAll(async () => {
  for (const x of open.reverse()) await ('router' in x ? x.dispose() : x.close());
});

async function server(o: Parameters<typeof startMailServer>[0]): Promise<MailServer> {
  const s = await startMailServer(o);
  open.push(s);
  return s;
}

async function core(notify: Record<string, unknown>): Promise<Core> {
  const c = await notifyCore(tempHome(), { notify: { from: FROM, to: [TO], ...notify }, connectivity: { extraCaFiles: [pki.caFile] } });
  open.push(c);
  return c;
}

describe('notify.test', () => {
  it('plain SMTP: the server accepts the test mail, with a text and an HTML part', async () => {
    const s = await server({ tls: 'none' });
    const c = await core({ smtpHost: '127.0.0.1', smtpPort: s.port, tls: 'none' });
    const r = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(r).toMatchObject({ accepted: true, problem: null, tls: 'none', to: [TO] });
    const [got] = await s.waitFor(1);
    expect(got!.secure).toBe(false);
    expect(got!.from).toBe(FROM);
    expect(got!.to).toEqual([TO]);
    expect(got!.parsed.subject).toMatch(/^\[HMC\] Test mail from /);
    expect(got!.parsed.text).toContain('This is a test mail from Hybrid Mailbox Console.');
    expect(got!.parsed.html).toContain('<p>This is a test mail from Hybrid Mailbox Console.</p>');
  });

  it('STARTTLS required: the session is upgraded and the certificate verified against the configured CA', async () => {
    const s = await server({ tls: 'starttls', pem: pki.good });
    const c = await core({ smtpHost: 'localhost', smtpPort: s.port, tls: 'starttls' });
    const r = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(r.accepted).toBe(true);
    expect((await s.waitFor(1))[0]!.secure).toBe(true);
  });

  it('STARTTLS required but not offered: said so, nothing sent in plain text', async () => {
    const s = await server({ tls: 'none' });
    const c = await core({ smtpHost: '127.0.0.1', smtpPort: s.port, tls: 'starttls' });
    const r = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(r.accepted).toBe(false);
    expect(r.problem?.kind).toBe('starttls-missing');
    expect(r.message).toMatch(/does not offer STARTTLS/);
    expect(s.received).toHaveLength(0);
  });

  it('implicit TLS: accepted over TLS from the first byte', async () => {
    const s = await server({ tls: 'implicit', pem: pki.good });
    const c = await core({ smtpHost: 'localhost', smtpPort: s.port, tls: 'implicit' });
    const r = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(r.accepted).toBe(true);
    expect((await s.waitFor(1))[0]!.secure).toBe(true);
  });

  it('an untrusted certificate is a TLS failure, never accepted', async () => {
    const s = await server({ tls: 'implicit', pem: pki.selfSigned });
    const c = await core({ smtpHost: 'localhost', smtpPort: s.port, tls: 'implicit' });
    const r = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(r.problem?.kind).toBe('tls-failed');
    expect(r.message).toMatch(/TLS handshake with localhost:\d+ failed/);
    expect(s.received).toHaveLength(0);
  });

  it('authentication: accepted with the stored password, rejected with a wrong one, required when none is set', async () => {
    const s = await server({ tls: 'starttls', pem: pki.good, auth: { user: 'relay-user', pass: 'Relay-Pa55!' } });
    const c = await core({ smtpHost: 'localhost', smtpPort: s.port, tls: 'starttls', authUser: 'relay-user' });
    const missing = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(missing.problem?.kind).toBe('auth-missing');
    expect(missing.message).toMatch(/hmc secret set smtp/);
    const stored = await c.router.invoke('notify.setPassword', { password: 'wrong-password' }, { door: 'test' });
    expect(stored).toMatchObject({ user: 'relay-user', stored: true });
    const rejected = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(rejected.problem?.kind).toBe('auth-rejected');
    expect(JSON.stringify(rejected)).not.toContain('wrong-password');
    await c.router.invoke('notify.setPassword', { password: 'Relay-Pa55!' }, { door: 'test' });
    const ok = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(ok.accepted).toBe(true);
    expect((await s.waitFor(1))[0]!.user).toBe('relay-user');

    const anonymous = await core({ smtpHost: 'localhost', smtpPort: s.port, tls: 'starttls' });
    const required = await anonymous.router.invoke('notify.test', {}, { door: 'test' });
    expect(required.problem?.kind).toBe('auth-required');
  });

  it('connection refused and recipient refused are different sentences', async () => {
    const port = await freePort();
    const c = await core({ smtpHost: '127.0.0.1', smtpPort: port, tls: 'none' });
    const refused = await c.router.invoke('notify.test', {}, { door: 'test' });
    expect(refused.problem?.kind).toBe('connection-refused');
    expect(refused.message).toMatch(/refused the connection/);

    const s = await server({ tls: 'none', refuse: [TO] });
    const c2 = await core({ smtpHost: '127.0.0.1', smtpPort: s.port, tls: 'none' });
    const rcpt = await c2.router.invoke('notify.test', {}, { door: 'test' });
    expect(rcpt.problem?.kind).toBe('recipient-refused');
    expect(rcpt.message).toContain(TO);
    expect(rcpt.message).not.toBe(refused.message);
  });
});

describe('hmc notify test', () => {
  it('options override the settings for this run; exit 0 only when accepted, one JSON document', async () => {
    const s = await server({ tls: 'none' });
    const home = tempHome();
    const env = { ...process.env, HMC_HOME: home };
    const okRun = await runHmc(['notify', 'test', '--smtp', `127.0.0.1:${s.port}`, '--tls', 'none', '--to', 'a@corp.example.org', '--to', 'b@corp.example.org', '--from', FROM, '--json'], { env });
    expect(okRun.code).toBe(0);
    const doc = JSON.parse(okRun.out) as { accepted: boolean; to: string[] };
    expect(doc).toMatchObject({ accepted: true, to: ['a@corp.example.org', 'b@corp.example.org'] });
    expect((await s.waitFor(1))[0]!.to).toEqual(['a@corp.example.org', 'b@corp.example.org']);

    const port = await freePort();
    const bad = await runHmc(['notify', 'test', '--smtp', `127.0.0.1:${port}`, '--tls', 'none', '--to', TO, '--from', FROM, '--json'], { env });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ accepted: false, problem: { kind: 'connection-refused' } });
    expect(bad.err).toMatch(/refused the connection/);

    const usage = await runHmc(['notify', 'test', '--tls', 'ssl'], { env });
    expect(usage.code).toBe(2);
    const none = await runHmc(['notify', 'test'], { env });
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/No SMTP server is configured/);
  });

  it('hmc watch refuses to start without a mail server, saying what to set', async () => {
    const r = await runHmc(['watch', '--to', TO, '--json'], { env: { ...process.env, HMC_HOME: tempHome() } });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(r.err).toMatch(/hmc watch mails what it notices, but no SMTP server is configured/);
  });
});
