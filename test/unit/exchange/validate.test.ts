import { describe, expect, test } from 'vitest';
import {
  aliasFrom,
  checkAlias,
  checkDisplayName,
  checkIdentity,
  checkRoutingAddress,
  checkSmtpAddress,
  domainMatchesPattern,
  formatCommand,
  psQuote,
} from '../../../shared/exchange/validate';

describe('identities', () => {
  test.each(['jdoe', 'jdoe@corp.example', 'CORP\\jdoe', 'CN=O\'Brien\\, Sean,OU=Users,DC=corp,DC=example', '0b7c3a62-6d3c-4bb8-9c43-7c6e6d4f7d10', "Seán O’Brien", 'مستخدم', '😀 emoji', "$(calc)';|`"])(
    'accepts %s',
    (id) => expect(checkIdentity(id)).toBeNull(),
  );
  test.each([
    ['', /empty/],
    ['a'.repeat(1025), /longer than 1024/],
    ['a\nb', /control/],
    ['a\u0000b', /control/],
    ['a\tb', /control/],
    ['a\u0085b', /control/],
    [' jdoe', /space/],
    ['jdoe ', /space/],
    ['a\uD800b', /incomplete/],
    ['ab\u202Ecd', /invisible/],
  ])('refuses %j', (id, re) => expect(checkIdentity(id)).toMatch(re));
});

describe('SMTP and routing addresses', () => {
  test.each(["o'brien@contoso.mail.onmicrosoft.com", 'a.b+c@x.example', "{x}|`$~^@x.example", 'SMTP:a@x.example'])('accepts %s', (a) =>
    expect(checkSmtpAddress(a)).toBeNull(),
  );
  test.each(['plain', '@x.example', 'a@', 'a..b@x.example', '.a@x.example', 'a b@x.example', 'a(b)@x.example', 'ü@x.example', 'a@x', 'a@-x.example', `${'a'.repeat(65)}@x.example`, 'a"b@x.example', 'a\u2019b@x.example'])(
    'refuses %s',
    (a) => expect(checkSmtpAddress(a)).not.toBeNull(),
  );
  test('routing domain pattern', () => {
    expect(domainMatchesPattern('contoso.mail.onmicrosoft.com', '*.mail.onmicrosoft.com')).toBe(true);
    expect(domainMatchesPattern('a.b.mail.onmicrosoft.com', '*.mail.onmicrosoft.com')).toBe(true);
    expect(domainMatchesPattern('mail.onmicrosoft.com', '*.mail.onmicrosoft.com')).toBe(false);
    expect(domainMatchesPattern('contoso.onmicrosoft.com', '*.mail.onmicrosoft.com')).toBe(false);
    expect(domainMatchesPattern('contosoXmailXonmicrosoftXcom', '*.mail.onmicrosoft.com')).toBe(false);
  });
  test('routing address policy', () => {
    const pattern = { routingDomain: null, pattern: '*.mail.onmicrosoft.com' };
    expect(checkRoutingAddress('a@contoso.mail.onmicrosoft.com', pattern)).toBeNull();
    expect(checkRoutingAddress('a@contoso.example', pattern)).toMatch(/does not match/);
    const exact = { routingDomain: 'contoso.mail.onmicrosoft.com', pattern: '*.mail.onmicrosoft.com' };
    expect(checkRoutingAddress('a@fabrikam.mail.onmicrosoft.com', exact)).toMatch(/must be in the tenant routing domain/);
    expect(checkRoutingAddress('SMTP:a@Contoso.Mail.OnMicrosoft.com', exact)).toBeNull();
  });
});

describe('aliases and display names', () => {
  test('alias rules', () => {
    expect(checkAlias("o'brien")).toBeNull();
    expect(checkAlias('zoë')).toBeNull();
    expect(checkAlias('łukasz')).not.toBeNull();
    expect(checkAlias('a..b')).not.toBeNull();
    expect(checkAlias('a b')).not.toBeNull();
    expect(checkAlias('a'.repeat(65))).not.toBeNull();
    expect(aliasFrom("Seán.O'Brien (ext)")).toBe("Sen.O'Brienext");
  });
  test('display names accept far more than identities', () => {
    expect(checkDisplayName(' Leading space, (parens) "quotes" ‘smart’ \u202E RTL')).toBeNull();
    expect(checkDisplayName('a\nb')).not.toBeNull();
    expect(checkDisplayName('   ')).not.toBeNull();
  });
});

describe('display-only command text', () => {
  test('doubles all five single quotes', () => {
    expect(psQuote("a'b‘c’d‚e‛f")).toBe("'a''b‘‘c’’d‚‚e‛‛f'");
    expect(psQuote('$(x) `n "y"')).toBe("'$(x) `n \"y\"'");
  });
  test('formats parameters and switches', () => {
    expect(formatCommand('Enable-RemoteMailbox', { Identity: "o'b", RemoteRoutingAddress: 'a@b.c', Alias: undefined, WhatIf: true }, ['WhatIf'])).toBe(
      "Enable-RemoteMailbox -Identity 'o''b' -RemoteRoutingAddress 'a@b.c' -WhatIf",
    );
    expect(formatCommand('Set-RemoteMailbox', { Identity: 'x', HiddenFromAddressListsEnabled: true })).toBe(
      "Set-RemoteMailbox -Identity 'x' -HiddenFromAddressListsEnabled $true",
    );
  });
});
