import { describe, expect, it } from 'vitest';
import { decodeWords, parseMail } from '../../../electron/services/rules/mime';

describe('captured mail', () => {
  it('a .NET SmtpClient HTML mail: encoded subject, base64 UTF-8 body', () => {
    const html = '<p>Zo\u00eb &lt;b&gt;</p>';
    const raw = [
      'MIME-Version: 1.0',
      'From: iqservice@corp.example.org',
      'To: iam-team@corp.example.org, second@corp.example.org',
      'Date: 4 Dec 2026 03:01:02 +0000',
      `Subject: =?utf-8?B?${Buffer.from('[HMC] failed for Zo\u00eb', 'utf8').toString('base64')}?=`,
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from(html, 'utf8').toString('base64'),
      '',
    ].join('\r\n');
    expect(parseMail(Buffer.from(raw).toString('latin1'))).toEqual({
      from: 'iqservice@corp.example.org',
      to: ['iam-team@corp.example.org', 'second@corp.example.org'],
      subject: '[HMC] failed for Zo\u00eb',
      date: '4 Dec 2026 03:01:02 +0000',
      text: null,
      html,
    });
  });

  it('multipart/alternative with quoted-printable parts, folded headers and Q words', () => {
    const raw = [
      'From: a@x',
      'Subject: =?iso-8859-1?Q?caf=E9_?=',
      ' =?utf-8?Q?ok?=',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'caf=C3=A9 long=',
      ' line',
      '--b1',
      'Content-Type: text/html',
      '',
      '<b>hi</b>',
      '--b1--',
    ].join('\r\n');
    const m = parseMail(raw);
    expect(m.subject).toBe('caf\u00e9 ok');
    expect(m.text).toBe('caf\u00e9 long line');
    expect(m.html).toBe('<b>hi</b>');
    expect(decodeWords('plain')).toBe('plain');
  });
});
