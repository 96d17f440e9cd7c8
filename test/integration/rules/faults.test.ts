/**
 * The generated after-create rule against a failing Exchange: the first host down, both down, Kerberos
 * refused, a session slower than the budget, a transport failure mid-session, a recipient already
 * enabled; and a script that outlives its timeout is killed as IQService would kill it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doc, HOSTS, logLines, rulesCore, ROUTING_DOMAIN, type RulesCore } from './helpers';

let c: RulesCore;
beforeAll(async () => {
  c = await rulesCore();
});
afterAll(async () => {
  await c.dispose();
});

const joiner = async (user: string) => {
  const xml = (await doc('rules/joiner-create.xml')).base64;
  const text = Buffer.from(xml, 'base64').toString('utf8').replaceAll('aobrien', user).replaceAll('ana.obrien', user).replaceAll('Ana O', `${user} O`);
  return { text, name: `${user}.xml` };
};
const result = () => doc('service-result-created-on-server.xml');

describe('the after-create rule against failing Exchange hosts', () => {
  it('first host down: logs it, fails over to the second, enables once', async () => {
    const r = await c.replay({ kind: 'after-create', request: await joiner('jdown1'), result: await result(), seed: true, faults: { hosts: { [HOSTS[0]!]: 'down' } } });
    expect(r.exitCode).toBe(0);
    expect(r.resultLine).toMatchObject({ host: HOSTS[1], outcome: 'changed' });
    expect(logLines(r).join('\n')).toContain(`Exchange host ${HOSTS[0]}: TCP port 80 does not answer; trying the next host.`);
    expect(r.calls.filter((x) => x.cmdlet === 'Enable-RemoteMailbox')).toHaveLength(1);
    expect(r.sessions.map((s) => s.host)).toEqual([HOSTS[1]]);
  });

  it('both hosts down: fails with the unreachable class, mails nobody (watcher mode), exits 1 within its timeout', async () => {
    const r = await c.replay({ kind: 'after-create', request: await joiner('jdown2'), result: await result(), seed: true, faults: { hosts: { [HOSTS[0]!]: 'down', [HOSTS[1]!]: 'down' } } });
    expect(r).toMatchObject({ exitCode: 1, killed: false, ranToEnd: true });
    expect(r.resultLine).toMatchObject({ action: 'enable-remote-mailbox', outcome: 'failed', errorClass: 'unreachable' });
    expect(r.result!.errors.join(' ')).toMatch(/No Exchange host could do the work/);
    expect(r.changes).toEqual([]);
    expect(r.mails).toEqual([]);
  });

  it('Kerberos refused on both hosts: the auth class, from the real PSRemotingTransportException shape', async () => {
    const r = await c.replay({ kind: 'after-create', request: await joiner('jkerb'), result: await result(), seed: true, faults: { hosts: { [HOSTS[0]!]: 'kerberos', [HOSTS[1]!]: 'kerberos' } } });
    expect(r.exitCode).toBe(1);
    expect(r.resultLine).toMatchObject({ outcome: 'failed', errorClass: 'auth' });
    expect(r.sessions.map((s) => s.outcome)).toEqual(['kerberos', 'kerberos']);
    expect(logLines(r).join('\n')).toMatch(/occurred while using Kerberos authentication[^\n]*AuthenticationFailed,PSSessionOpenFailed/);
  });

  it("a transport failure mid-session (the sandbox's WinRM timeout): the next host reads the recipient again and finishes the work", async () => {
    const r = await c.replay({ kind: 'after-create', request: await joiner('jlost'), result: await result(), seed: true, faults: { transportFailures: 1 } });
    expect(r.exitCode).toBe(0);
    expect(r.resultLine).toMatchObject({ host: HOSTS[1], outcome: 'changed' });
    expect(logLines(r).join('\n')).toMatch(new RegExp(`Exchange host ${HOSTS[0]!.replace(/\./g, '\\.')} failed \\(timeout\\): Processing data from remote server`));
  });

  it('the recipient is already a remote mailbox: reads it, logs it and succeeds without a second enable', async () => {
    await c.core.router.invoke('sandbox.addUser', { samAccountName: 'jalready', name: 'Jo Already', type: 'RemoteUserMailbox' }, { door: 'test' });
    const r = await c.replay({ kind: 'after-create', request: await joiner('jalready'), result: await result(), seed: true });
    expect(r.exitCode).toBe(0);
    expect(r.seeded).toMatchObject({ added: false });
    expect(r.resultLine).toMatchObject({ action: 'enable-remote-mailbox', outcome: 'unchanged' });
    expect(r.calls.map((x) => x.cmdlet)).not.toContain('Enable-RemoteMailbox');
    expect(logLines(r).join('\n')).toContain('Already a remote mailbox');
    expect(logLines(r).join('\n')).toContain(`differs from jalready@${ROUTING_DOMAIN} (the template)`);
  });
});

describe('the budget and the timeout', () => {
  it('a session slower than the budget: logs "budget exhausted" and exits before IQService would kill it', async () => {
    const slow = await rulesCore({ rules: { timeoutSeconds: 30, budgetSeconds: 8, openTimeoutSeconds: 8, operationTimeoutSeconds: 8 } });
    try {
      const r = await slow.replay({ kind: 'after-create', request: await joiner('jslow'), result: await result(), seed: true, faults: { hosts: { [HOSTS[0]!]: 'slow', [HOSTS[1]!]: 'slow' } } });
      expect(r).toMatchObject({ exitCode: 1, killed: false });
      expect(r.resultLine).toMatchObject({ outcome: 'failed', errorClass: 'budget' });
      expect(logLines(r).join('\n')).toContain('budget exhausted');
      expect(r.durationMs).toBeLessThan(30_000);
      expect(r.durationMs).toBeGreaterThanOrEqual(7_000);
      expect(r.findings.map((f) => f.code)).not.toContain('TIMEOUT_KILLED');
    } finally {
      await slow.dispose();
    }
  });

  it('a script that outlives its timeout is killed, and the replay says so', async () => {
    const script = `Start-Sleep -Seconds 60\r\n'done' | Out-File -LiteralPath $args[0]\r\n`;
    const r = await c.replay({ script: { text: script }, trustScript: true, timeoutSeconds: 3, request: await joiner('jkill') });
    expect(r).toMatchObject({ killed: true, exitCode: null, ranToEnd: false, script: 'given', timeoutSeconds: 3 });
    expect(r.durationMs).toBeLessThan(20_000);
    expect(r.findings.find((f) => f.code === 'TIMEOUT_KILLED')!.message).toMatch(/ran past the rule's timeout \(3 s\) and was killed/);
  });
});
