import { describe, expect, it } from 'vitest';
import { HmcError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { redactText, MASK } from '../../../shared/secrets';

describe('envelope', () => {
  it('unwraps a value', () => {
    expect(unwrap({ ok: true, value: 5 })).toBe(5);
  });
  it('rebuilds an error into HmcError with its code and details', () => {
    try {
      unwrap({ ok: false, error: { code: 'RECIPIENT_NOT_FOUND', message: 'gone', details: { id: 'x' } } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HmcError);
      expect((e as HmcError).code).toBe('RECIPIENT_NOT_FOUND');
      expect((e as HmcError).details).toEqual({ id: 'x' });
    }
  });
  it('refuses something that is not an envelope, and an unknown code', () => {
    expect(() => unwrap({ value: 1 })).toThrow(HmcError);
    expect(() => unwrap({ ok: false, error: { code: 'MADE_UP', message: 'x' } })).toThrow(/not a result envelope/);
  });
});

describe('redactText', () => {
  it.each([
    ['password=S3cret!', 'S3cret!'],
    ['pwdText: "abc def"', 'abc def'],
    ["-Password 'p@ss'", 'p@ss'],
    ['Authorization: Bearer abc.def.ghi', 'abc.def.ghi'],
    ['value 2:q0Zk3pR9xW1vTnL8sY4bAg== here', 'q0Zk3pR9xW1vTnL8sY4bAg=='],
  ])('hides the secret in %s', (text, secret) => {
    const out = redactText(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(MASK);
  });
  it('leaves ordinary text alone', () => {
    expect(redactText('Enable-RemoteMailbox aobrien at 10:15')).toBe('Enable-RemoteMailbox aobrien at 10:15');
  });
});
