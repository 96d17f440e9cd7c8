/**
 * shared/secrets.ts: the shapes of a secret, and maskLogText, the one function every log output uses.
 */
import { describe, expect, test } from 'vitest';
import { MASK, isEncrypted, isSecretName, maskLogText, redactText } from '../../../shared/secrets';

describe('secret shapes', () => {
  test('IdentityIQ-encrypted values: keyId:base64 and keyId:ACP:base64, never a time of day', () => {
    expect(isEncrypted('2:QUJDREVGR0hJSktMTU5PUA==')).toBe(true);
    expect(isEncrypted('1:ACP:QUJDREVGR0hJSktMTU5PUA==')).toBe(true);
    expect(isEncrypted('09:14:07')).toBe(false);
    expect(redactText('key 1:ACP:QUJDREVGR0hJSktMTU5PUA== sent at 09:14:07')).toBe(`key ${MASK} sent at 09:14:07`);
  });

  test('names holding credential are secret, in names and in text', () => {
    expect(isSecretName('exchangeCredential')).toBe(true);
    expect(redactText('exchangeCredential=Zx9!q client_secret: abc123')).toBe(`exchangeCredential=${MASK} client_secret: ${MASK}`);
  });

  test('an unquoted secret stops before the quote or tag that closes it', () => {
    expect(redactText("-DisplayName 'Lee password=Zx9!q' -Alias lee")).toBe(`-DisplayName 'Lee password=${MASK}' -Alias lee`);
    expect(redactText('<Value>pwd=Zx9!q</Value>')).toBe(`<Value>pwd=${MASK}</Value>`);
    expect(redactText('password=it\'s-mine next')).toBe(`password=${MASK} next`);
  });

  test('the masked literals are told to the caller', () => {
    const seen: string[] = [];
    redactText('password="a b c" pwd: Zx9!q', (s) => seen.push(s));
    expect(seen).toEqual(['a b c', 'Zx9!q']);
  });
});

describe('maskLogText', () => {
  test('logged XML: value attributes and element content of secret attribute requests and entries', () => {
    const xml = [
      '<AttributeRequest name="password" op="Set" value="Zx9!a"/>',
      '<AttributeRequest name="unicodePwd" op="Set"><Value>Zx9!b</Value></AttributeRequest>',
      '<entry key="pwdText"><value><String>Zx9!c</String></value></entry>',
      '<entry key="secret" value="true"/>',
      '<entry key="secret"><value><Boolean>true</Boolean></value></entry>',
    ].join('\n');
    const out = maskLogText(xml);
    for (const s of ['Zx9!a', 'Zx9!b', 'Zx9!c']) expect(out).not.toContain(s);
    expect(out).toContain(`<Value>${MASK}</Value>`);
    expect(out).toContain('<entry key="secret" value="true"/>');
    expect(out).toContain('<Boolean>true</Boolean>');
  });

  test('text without a secret is returned as it was', () => {
    const line = '2025-03-03 09:14:07::Enable-RemoteMailbox lee.gu -RemoteRoutingAddress lee.gu@contoso.mail.onmicrosoft.com';
    expect(maskLogText(line)).toBe(line);
  });
});
