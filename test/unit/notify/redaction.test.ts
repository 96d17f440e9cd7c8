import { describe, expect, it } from 'vitest';
import { redactKnown, redactText } from '../../../shared/secrets';

describe('free-text redaction for mail and logs', () => {
  it('masks pwdText, password=, -Credential literals and bearer tokens', () => {
    expect(redactText('pwdText=abc123 and password: "x y"')).toBe('pwdText=******** and password: ********');
    expect(redactText(`<entry key="pwdText" value="S3cret"/> <AttributeRequest name="*password*" op="Set" value='P4ss'/>`)).toBe(
      `<entry key="pwdText" value="********"/> <AttributeRequest name="*password*" op="Set" value='********'/>`,
    );
    expect(redactText('{"password":"p\\"w","user":"svc"}')).toBe('{"password":"********","user":"svc"}');
    expect(redactText("New-PSSession -Credential 'CORP\\svc:pw' -Credential $cred -Credential (Get-Credential)")).toBe(
      'New-PSSession -Credential ******** -Credential $cred -Credential (Get-Credential)',
    );
    expect(redactText('got Bearer abcdefghijklmnop and eyJhbGciOiJI.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe('got Bearer ******** and ********');
    expect(redactText('<entry key="secret" value="true"/>')).toBe('<entry key="secret" value="true"/>');
  });

  it('removes known values wherever they are, but not values too short to be told from text', () => {
    expect(redactKnown('the key is Xy7-Secret, said Xy7-Secret', ['Xy7-Secret', 'abc'])).toBe('the key is ********, said ********');
    expect(redactKnown('abc', ['abc'])).toBe('abc');
  });
});
