import { describe, expect, it } from 'vitest';
import { composeFailureMail, escapeHtml } from '../../../shared/notify/compose';
import { explainFailure } from '../../../shared/notify/explain';
import type { Failure } from '../../../shared/notify/schemas';

const base: Failure = {
  id: 'f1', kind: 'log', source: 'After-create', time: '2025-03-03T09:14:04', user: 'asilva', operation: 'ConnectorAfterCreate',
  error: 'Cannot create mailbox for asilva: timed out', code: null, host: 'exch01', command: null, link: null,
};

function compose(f: Partial<Failure>, extra: Partial<Parameters<typeof composeFailureMail>[0]> = {}) {
  return composeFailureMail({ failure: { ...base, ...f }, reason: 'failure', reporter: { machine: 'jump01', app: 'HMC 0.1.0' }, subjectPrefix: '[HMC]', now: new Date('2025-03-03T09:15:00Z'), ...extra });
}

describe('the failure mail composer', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('puts no markup from any input into the HTML part', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const mail = compose(
      { user: evil, operation: `<b>${evil}</b>`, source: evil, error: `</pre><script>x()</script>`, command: evil, host: evil, link: { file: `C:\\${evil}.log`, offset: 3, source: evil } },
      {
        excerpt: [{ time: evil, level: 'error', message: evil }],
        story: { verdict: evil, details: evil },
        related: [{ ...base, id: 'f2', user: evil, error: evil }],
        suppressedBefore: 1,
        reason: 'alert',
        connectivity: { host: evil, verdict: evil, checkedAt: evil, firstFailure: { layer: evil, hint: evil }, layers: [{ layer: evil, status: evil, detail: evil }] },
        requestXml: `<AccountRequest>${evil}</AccountRequest>`,
        reporter: { machine: evil, app: evil },
      },
    );
    expect(mail.html).not.toMatch(/<img|<script|<b><|<\/pre><script/);
    expect(mail.html.match(/&lt;img src=x onerror=alert\(1\)&gt;/g)!.length).toBeGreaterThan(10);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('removes every known secret and the free-text shapes from every part and attachment', () => {
    const known = ['Store-Secret-123', 'Smtp-Pa55word'];
    const mail = compose(
      { error: 'login with password=Hunter2-Secret failed; Store-Secret-123 rejected', command: "Connect -Credential 'CORP\\svc:Cred-99' -Password Smtp-Pa55word" },
      {
        knownSecrets: known,
        excerpt: [{ time: null, level: 'info', message: 'Authorization: Bearer abcdefgh.ijklmnop.qrstuvwx and <entry key="pwdText" value="Xml-Pwd-7"/>' }],
        requestXml: '<AccountRequest><AttributeRequest name="password" value="Store-Secret-123"/></AccountRequest>',
      },
    );
    const all = [mail.subject, mail.text, mail.html, ...mail.attachments.map((a) => a.content)].join('\n');
    for (const s of [...known, 'Hunter2-Secret', 'Cred-99', 'abcdefgh.ijklmnop.qrstuvwx', 'Xml-Pwd-7']) expect(all).not.toContain(s);
    expect(all).toContain('password=********');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['log-excerpt.txt', 'request.xml']);
  });

  it('says what the failure means and what to do next', () => {
    expect(explainFailure({ ...base, error: "object 'asilva' couldn't be found on 'dc01'" }).sentence).toBe('Exchange could not find the user asilva in Active Directory when the rule ran.');
    expect(explainFailure({ ...base, error: 'Connecting to remote server exch01 failed: WinRM cannot complete the operation' }).sentence).toBe('The rule could not open its remote PowerShell session to Exchange.');
    expect(explainFailure({ ...base, error: 'something odd' }).sentence).toBe('The rule ConnectorAfterCreate logged an error for asilva.');
    const desk = explainFailure({ ...base, kind: 'desk', error: 'The change may or may not have been made', code: 'OUTCOME_UNKNOWN' });
    expect(desk.sentence).toBe('The change may or may not have been made.');
    expect(desk.nextSteps[0]).toMatch(/Look the user up in the mailbox desk before retrying/);
    const mail = compose({});
    expect(mail.text).toContain("The rule's call to Exchange timed out.");
    expect(mail.text).toMatch(/What to do next:\n {2}- Run the connectivity checks/);
  });
});
