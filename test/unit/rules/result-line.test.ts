import { describe, expect, it } from 'vitest';
import { parseResultLine, resultSucceeded } from '../../../shared/rules/result-line';

const JSON_LINE = '{"rule":"ConnectorAfterCreate","user":"o\'brien","action":"enable-remote-mailbox","host":"exch01.corp.example.org","outcome":"changed","errorClass":null,"durationMs":2140,"message":"Remote mailbox enabled."}';

describe('the RESULT line', () => {
  it('parses with or without the timestamp prefix', () => {
    const r = parseResultLine(`2025-03-03 09:14:09:: RESULT :: ${JSON_LINE}`);
    expect(r).toMatchObject({ user: "o'brien", outcome: 'changed', errorClass: null, durationMs: 2140 });
    expect(resultSucceeded(r!)).toBe(true);
    expect(parseResultLine(`RESULT :: ${JSON_LINE}`)).toEqual(r);
  });

  it('ignores free text, other prefixes and JSON that is not ours', () => {
    expect(parseResultLine('2025-03-03 09:14:09:: RESULT :: done')).toBeNull();
    expect(parseResultLine(`2025-03-03 09:14:09:: user says RESULT :: ${JSON_LINE}`)).toBeNull();
    expect(parseResultLine('RESULT :: {"rule":"Other"}')).toBeNull();
    const failed = parseResultLine(`RESULT :: ${JSON_LINE.replace('"changed"', '"failed"').replace('"errorClass":null', '"errorClass":"budget"')}`)!;
    expect(resultSucceeded(failed)).toBe(false);
  });
});
