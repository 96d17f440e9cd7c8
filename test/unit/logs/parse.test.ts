import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  EntryAssembler,
  classify,
  extractUser,
  extractXml,
  parseHead,
  parseText,
  xmlKindOf,
  entryMatchesUser,
  normaliseTimeBound,
} from '../../../shared/logs/parse';
import { compileFilter } from '../../../shared/logs/filter';
import { compilePattern, fileNameFor, globToRegExp, nextDay } from '../../../shared/logs/pattern';
import { IQSERVICE_FIXTURES } from '../../support/fixtures';

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
  it('finds the sAMAccountName in XML, text forms, or a DN', () => {
    expect(extractUser('<AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>')).toBe('aobrien');
    expect(extractUser('sAMAccountName: jdoe')).toBe('jdoe');
    expect(extractUser("Enable-RemoteMailbox failed for 'aobrien': x")).toBe('aobrien');
    expect(extractUser("Enable-RemoteMailbox -Identity 'jdoe' -RemoteRoutingAddress x")).toBe('jdoe');
    expect(extractUser('Starting for CN=Ana O\'Brien,OU=Joiners,DC=corp,DC=example,DC=org now')).toBe("CN=Ana O'Brien,OU=Joiners,DC=corp,DC=example,DC=org");
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

describe('patterns', () => {
  it('fills and matches date tokens in both naming styles', () => {
    const d = { year: 2025, month: 3, day: 3 };
    expect(fileNameFor('{yyyy}-{MM}-{dd}.ConnectorAfterCreate.log', d)).toBe('2025-03-03.ConnectorAfterCreate.log');
    expect(fileNameFor('ConnectorAfterCreate_{yyyy}{MM}{dd}.log', d)).toBe('ConnectorAfterCreate_20250303.log');
    expect(compilePattern('ConnectorAfterCreate_{yyyy}{MM}{dd}.log')('ConnectorAfterCreate_20251231.log')).toEqual({ year: 2025, month: 12, day: 31 });
    expect(compilePattern('{yyyy}-{MM}-{dd}.x.log')('2025-13-01.x.log')).toBeNull();
    expect(compilePattern('IQTrace.log')('iqtrace.log')).toEqual({ year: 1970, month: 1, day: 1 });
    expect(nextDay({ year: 2024, month: 2, day: 28 })).toEqual({ year: 2024, month: 2, day: 29 });
    expect(nextDay({ year: 2025, month: 12, day: 31 })).toEqual({ year: 2026, month: 1, day: 1 });
    expect(globToRegExp('*.log').test('a.log')).toBe(true);
    expect(globToRegExp('*.log').test('a/b.log')).toBe(false);
  });
});

describe('filters', () => {
  const e = { time: '2025-03-03T09:14:07', level: 'error' as const, user: 'aobrien', message: 'Cannot create mailbox for aobrien', xml: null };
  it('combines text, regex, case, level, user and time range', () => {
    expect(compileFilter({ text: 'CANNOT' }).matches(e)).toBe(true);
    expect(compileFilter({ text: 'CANNOT', caseSensitive: true }).matches(e)).toBe(false);
    expect(compileFilter({ regex: 'mailbox\\s+for' }).matches(e)).toBe(true);
    expect(compileFilter({ level: 'warning' }).matches(e)).toBe(false);
    expect(compileFilter({ minLevel: 'warning' }).matches(e)).toBe(true);
    expect(compileFilter({ user: 'aobrien', since: '2025-03-03', until: '2025-03-03' }).matches(e)).toBe(true);
    expect(compileFilter({ since: '2025-03-03T09:15' }).matches(e)).toBe(false);
    expect(compileFilter({ until: '2025-03-02' }).matches(e)).toBe(false);
    expect(() => compileFilter({ regex: '(' })).toThrow(/regular expression/);
    expect(() => compileFilter({ since: 'yesterday' })).toThrow(/since/);
    expect(normaliseTimeBound('2025-03-03 09:00')).toBe('2025-03-03T09:00:00');
  });
});
