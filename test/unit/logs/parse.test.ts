import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EntryAssembler,
  classify,
  extractDn,
  extractUser,
  extractXml,
  parseHead,
  parseText,
  xmlKindOf,
  entryMatchesUser,
  ERROR_PATTERN_SOURCE,
  LEVEL_TRIGGERS,
  WARNING_PATTERN_SOURCE,
} from '../../../shared/logs/parse';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';
import { rng } from '../../support/logs-gen';
import { pick } from '../../support/random-logs';

const FIX = IQSERVICE_FIXTURES;

describe('line heads', () => {
  it('recognises the reference rule prefix and keeps the message after ::', () => {
    expect(parseHead('2025-03-03 09:14:07::Request Object :: <AccountRequest')).toEqual({
      kind: 'rule',
      time: '2025-03-03T09:14:07',
      body: 'Request Object :: <AccountRequest',
    });
    expect(parseHead('2025-03-03 09:14:07 ::x')?.body).toBe('x');
  });
  it('recognises trace lines in ISO and US forms', () => {
    expect(parseHead('2025-03-03 09:14:07,123 ERROR RpcHandler failed')).toMatchObject({ kind: 'trace', time: '2025-03-03T09:14:07.123', body: 'ERROR RpcHandler failed' });
    expect(parseHead('[2025-03-03T09:14:07] started')).toMatchObject({ kind: 'trace', time: '2025-03-03T09:14:07' });
    expect(parseHead('3/3/2025 9:14:07 PM : Listening on port 5050')).toMatchObject({ kind: 'trace', time: '2025-03-03T21:14:07' });
    expect(parseHead('03/03/2025 12:01:00 AM x')?.time).toBe('2025-03-03T00:01:00');
  });
  it('recognises CMTrace lines with their time and type', () => {
    const line = '<![LOG[Cannot connect to EXCH01]LOG]!><time="09:14:07.123+060" date="03-03-2025" component="Rule" context="" type="3" thread="12" file="">';
    expect(parseHead(line)?.kind).toBe('cmtrace');
    const [e] = parseText(line);
    expect(e).toMatchObject({ kind: 'cmtrace', time: '2025-03-03T09:14:07.123', level: 'error', message: 'Cannot connect to EXCH01' });
    const warn = parseText('<![LOG[disk low]LOG]!><time="09:14:07.123+060" date="03-03-2025" component="R" context="" type="2" thread="1" file="">')[0];
    expect(warn?.level).toBe('warning');
  });
  it('does not take XML or prose for a head', () => {
    expect(parseHead('  <AttributeRequest name="sn"/>')).toBeNull();
    expect(parseHead('</AccountRequest>')).toBeNull();
    expect(parseHead('Some text 2025-03-03 09:14:07::')).toBeNull();
    expect(parseHead('2025-03-03 09:14:0::x')).toBeNull();
  });
});

describe('entries', () => {
  it('groups continuation lines (a logged XML document) with their entry and counts lines', () => {
    const xml = readFileSync(join(FIX, 'account-request-joiner-create.xml'), 'utf8').replace(/\r?\n$/, '');
    const text = `2025-03-03 09:14:05::Starting ConnectorAfterCreate\r\n2025-03-03 09:14:05::Request Object :: ${xml.replace(/\n/g, '\r\n')}\r\n2025-03-03 09:14:09::Cannot create mailbox for aobrien: object couldn't be found\r\n`;
    const entries = parseText(text);
    expect(entries).toHaveLength(3);
    expect(entries[1]!.lines).toBe(xml.split('\n').length);
    expect(entries[1]!.xml).toBe('request');
    expect(entries[1]!.user).toBe('aobrien');
    expect(entries[1]!.message.startsWith('Request Object :: <?xml')).toBe(true);
    expect(entries[1]!.message.endsWith('</AccountRequest>')).toBe(true);
    expect(entries[2]).toMatchObject({ level: 'error', user: 'aobrien', lines: 1 });
    expect(entries[0]!.level).toBe('info');
  });
  it('makes plain lines one-line entries when no head precedes them', () => {
    const entries = parseText('hello\nworld\n2025-03-03 09:00:00::x\n  y\n');
    expect(entries.map((e) => [e.kind, e.lines])).toEqual([
      ['plain', 1],
      ['plain', 1],
      ['rule', 2],
    ]);
  });
  it('assembles incrementally the same as in one go', () => {
    const asm = new EntryAssembler();
    const out = asm.push({ offset: 0, text: '2025-03-03 09:00:00::a' });
    expect(out).toEqual([]);
    asm.push({ offset: 23, text: ' b' }, out);
    expect(asm.peek()).toMatchObject({ lines: 2, message: 'a\n b' });
    asm.push({ offset: 26, text: '2025-03-03 09:00:01::c' }, out);
    expect(out).toHaveLength(1);
    expect(asm.flush()).toHaveLength(1);
  });
});

describe('level', () => {
  it.each([
    ['Cannot create mailbox for x', 'error'],
    ['Cannot connect to EXCH01.corp.example.org', 'error'],
    ['Errors from Service Result: 1', 'error'],
    ['Enable-RemoteMailbox failed for aobrien', 'error'],
    ['System.Management.Automation.RemoteException: boom', 'error'],
    ['ManagementObjectNotFoundException', 'error'],
    ['IQService returned non-zero exit code 255', 'error'],
    ['WARNING: directory replication pending', 'warning'],
    ['Remote mailbox enabled for aobrien', 'info'],
    ['-ErrorAction Stop used', 'info'],
    ['failedLoginCount=0', 'info'],
  ])('%s -> %s', (text, level) => {
    expect(classify(text)).toBe(level);
  });
});

describe('users', () => {
  it('finds the sAMAccountName in XML or text forms, and never takes a DN for one', () => {
    expect(extractUser('<AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>')).toBe('aobrien');
    expect(extractUser('sAMAccountName: jdoe')).toBe('jdoe');
    expect(extractUser("Enable-RemoteMailbox failed for 'aobrien': x")).toBe('aobrien');
    expect(extractUser("Enable-RemoteMailbox -Identity 'jdoe' -RemoteRoutingAddress x")).toBe('jdoe');
    expect(extractUser('Starting for CN=Ana O\'Brien,OU=Joiners,DC=corp,DC=example,DC=org now')).toBeNull();
    expect(extractDn('Starting for CN=Ana O\'Brien,OU=Joiners,DC=corp,DC=example,DC=org now')).toBe("CN=Ana O'Brien,OU=Joiners,DC=corp,DC=example,DC=org");
    expect(extractUser('nothing here')).toBeNull();
  });
  it('matches a user as a whole word only', () => {
    expect(entryMatchesUser(null, 'Cannot create mailbox for aobrien: x', 'AOBRIEN')).toBe(true);
    expect(entryMatchesUser(null, 'Cannot create mailbox for aobrien1: x', 'aobrien')).toBe(false);
    expect(entryMatchesUser(null, 'mail aobrien@corp.example.org', 'aobrien')).toBe(true);
    expect(entryMatchesUser('aobrien', 'x', 'aobrien')).toBe(true);
  });
});

describe('xml', () => {
  it('detects request/result documents and extracts them', () => {
    expect(xmlKindOf('Request Object :: <AccountRequest/>')).toBe('request');
    expect(xmlKindOf('Result Object :: <ServiceResult/>')).toBe('result');
    expect(xmlKindOf('plain')).toBeNull();
    expect(extractXml("Request Object :: <?xml version='1.0'?>\n<AccountRequest/>")).toBe("<?xml version='1.0'?>\n<AccountRequest/>");
    expect(extractXml('no document')).toBeNull();
  });
});

describe('level triggers', () => {
  const err = new RegExp(ERROR_PATTERN_SOURCE, 'i');
  const warn = new RegExp(WARNING_PATTERN_SOURCE, 'i');
  const hasTrigger = (s: string) => LEVEL_TRIGGERS.some((t) => s.toLowerCase().includes(t));

  it('are in every match of each alternative of the level patterns', () => {
    const examples = [
      'Cannot create mailbox for x', 'CANNOT CONNECT to EXCH01', 'Errors from Service Result:', 'it failed', 'FAIL',
      'Failure', 'fails', 'ManagementObjectNotFoundException', 'exception', 'an error occurred', 'FATAL', 'FullyQualifiedErrorId',
      'non-zero exit code 1', 'type="3"', 'a warning', 'WARN', 'warns', 'type="2"',
    ];
    for (const e of examples) {
      expect(err.test(e) || warn.test(e), e).toBe(true);
      expect(hasTrigger(e), e).toBe(true);
    }
    // Each (top-level) alternative of the sources is covered by an example above.
    const alternatives = (src: string) => {
      const out = [''];
      let depth = 0;
      for (let i = 0; i < src.length; i++) {
        const c = src[i]!;
        if (c === '\\') {
          out[out.length - 1] += c + src[++i];
          continue;
        }
        if (c === '(') depth++;
        if (c === ')') depth--;
        if (c === '|' && depth === 0) out.push('');
        else out[out.length - 1] += c;
      }
      return out;
    };
    expect(alternatives(ERROR_PATTERN_SOURCE).length).toBeGreaterThan(10);
    for (const alt of [...alternatives(ERROR_PATTERN_SOURCE), ...alternatives(WARNING_PATTERN_SOURCE)]) {
      const re = new RegExp(alt, 'i');
      expect(examples.some((e) => re.test(e)), alt).toBe(true);
    }
  });

  it('are in every match on random text made of the patterns\' pieces', () => {
    const r = rng(17);
    const bits = ['can', 'not', ' ', 'cre', 'ate', 'mail', 'box', 'con', 'nect', 'err', 'or', 's', 'fa', 'il', 'ed', 'ure', 'tal', 'ex', 'cep', 'tion', 'war', 'n', 'ing', 'type="', '3', '2', '"', 'non-', 'zero', ' exit code', 'fully', 'qualified', 'id', 'from', 'service', 'result', 'x', '_', 'É'];
    for (let i = 0; i < 20000; i++) {
      let s = '';
      for (let k = Math.floor(r() * 8); k >= 0; k--) {
        const b = pick(r, bits);
        s += r() < 0.3 ? b.toUpperCase() : b;
      }
      if (err.test(s) || warn.test(s)) expect(hasTrigger(s), s).toBe(true);
    }
  });
});
