/** The plan inspector: secrets never leave it, and inputs it refuses. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectPlan } from '../../../shared/plans';
import { FIX, inspect, refused, attrs, request } from './inspect-support';

describe('secrets', () => {
  const SECRET = 'Pl41nT3xt-Secret!';
  const SHORT = 'x9Q';
  const doc = `<ProvisioningPlan>
  <AccountRequest application="AD" nativeIdentity="CN=a" op="Create">
    <Attributes><Map>
      <entry key="flow" value="Joiner"/>
      <entry key="username" value="CORP\\admin"/>
      <entry key="pwdText" value="${SECRET}"/>
    </Map></Attributes>
    <AttributeRequest name="password" op="Set" value="${SECRET}-2"/>
    <AttributeRequest name="unicodePwd" op="Set"><Value><String>${SECRET}-3</String></Value></AttributeRequest>
    <AttributeRequest name="oldPassword" op="Set"><Value><List><String>${SECRET}-4</String><String>${SHORT}</String></List></Value></AttributeRequest>
    <AttributeRequest name="pin" op="Set" value="${SECRET}-5"><Attributes><Map><entry key="secret" value="true"/></Map></Attributes></AttributeRequest>
    <AttributeRequest name="pwdLastSet" op="Set"><Value><Boolean>true</Boolean></Value></AttributeRequest>
    <AttributeRequest name="description" op="Set" value="3:QUJDREVGR0hJSktMTU5PUA==&#xA;cXJzdA=="/>
  </AccountRequest>
  <Attributes><Map><entry key="pwd" value="${SECRET}-6"/><entry key="secret" value="${SECRET}-7"/><entry key="apiToken" value="tok"/></Map></Attributes>
</ProvisioningPlan>`;

  it('masks every secret form and reports the plaintext credential', () => {
    const r = inspect({ document: doc, includeRaw: true });
    const v = attrs(r);
    expect(v.password).toBe('********');
    expect(v.oldPassword).toBe('********');
    expect(v.pin).toBe('********');
    expect(v.description).toBe('********');
    expect(v.pwdLastSet).toBe(true);
    expect(v.unicodePwd).toBe('********');
    expect(r.accountRequests[0]!.arguments).toMatchObject({ username: 'CORP\\admin', pwdText: '********', flow: 'Joiner' });
    expect(r.plan!.arguments).toMatchObject({ pwd: '********', secret: '********' });
    const cred = r.findings.filter((f) => f.code === 'PLAINTEXT_CREDENTIAL');
    expect(cred).toHaveLength(2);
    expect(cred[0]).toMatchObject({ severity: 'error', request: 0 });
    expect(cred[0]!.message).toMatch(/Kerberos/);
    const json = JSON.stringify(r);
    for (const s of [SECRET, 'QUJDREVGR0hJSktMTU5PUA', 'cXJzdA']) expect(json).not.toContain(s);
    expect(r.raw!.document).not.toContain(SHORT);
    expect(r.raw!.document).toContain('name="pwdLastSet"');
  });

  it('unicodePwd (AD\'s password attribute) is masked', () => {
    // "unicodePwd" is AD's password attribute: it must not leak either.
    const r = inspect({ document: doc });
    expect(JSON.stringify(r)).not.toContain(`${SECRET}-3`);
  });

  it('an encrypted pwdText is not a plaintext finding', () => {
    const r = inspect({ document: request({ op: 'Create', flow: 'Joiner', args: '<entry key="username" value="u"/><entry key="pwdText" value="2:QUJDREVGR0hJSktM"/>' }) });
    expect(r.findings.map((f) => f.code)).not.toContain('PLAINTEXT_CREDENTIAL');
    expect(r.accountRequests[0]!.arguments.pwdText).toBe('********');
  });

  it('with many secrets (more than the substring-scrub limit) exact copies and free text are still scrubbed', () => {
    const pw = (i: number) => `Secret-number-${i}-xyz`;
    const rows = Array.from({ length: 40 }, (_, i) => `<AttributeRequest name="password${i}" value="${pw(i)}"/>`).join('');
    const r = inspect({
      document: request({ op: 'Create', flow: 'Joiner', extra: `${rows}<AttributeRequest name="copy" value="${pw(7)}"/>` }),
      result: `<ServiceResult><Errors><String>failed with ${pw(3)} inside</String></Errors></ServiceResult>`,
      includeRaw: true,
    });
    expect(attrs(r).copy).toBe('********');
    expect(r.result!.errors[0]).toBe('failed with ******** inside');
    const json = JSON.stringify(r);
    for (let i = 0; i < 40; i++) expect(json).not.toContain(pw(i));
  });

  it('secrets quoted back in result errors are scrubbed', () => {
    const r = inspect({
      document: request({ op: 'Create', flow: 'Joiner', extra: `<AttributeRequest name="password" value="${SECRET}"/>` }),
      result: `<ServiceResult><Errors><List><String>Set-ADAccountPassword failed for ${SECRET}</String><String>password=hunter2 rejected</String></List></Errors></ServiceResult>`,
      includeRaw: true,
    });
    const json = JSON.stringify(r);
    expect(json).not.toContain(SECRET);
    expect(json).not.toContain('hunter2');
  });
});

describe('inputs', () => {
  const text = readFileSync(join(FIX, 'account-request-joiner-create.xml'), 'utf8');

  it('UTF-16LE with BOM (Windows PowerShell Out-File), UTF-8 with BOM, UTF-16LE without BOM', () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const r = inspect({ document: le });
    expect(r.documents[0]!.encoding).toBe('utf-16le');
    expect(attrs(r).displayName).toBe('Ana O’Brien');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]);
    expect(inspect({ document: bom }).documents[0]!.encoding).toBe('utf-8-bom');
    expect(attrs(inspect({ document: bom })).description).toBe('Joiner – created by IdentityIQ on 2025-03-03');
    expect(inspect({ document: new Uint8Array(Buffer.from(text, 'utf16le')) }).documents[0]!.encoding).toBe('utf-16le');
    expect(inspect({ document: `\uFEFF${text}` }).kind).toBe('AccountRequest');
  });

  it('a log entry with text before (and after) the XML', () => {
    const xml = request({ op: 'Create', flow: 'Joiner' });
    const line = `2025-03-03 09:14:07,123 INFO [ConnectorAfterCreate] Request Object :: ${xml} -- end of request`;
    const r = inspect({ document: line });
    expect(r.kind).toBe('AccountRequest');
    expect(r.documents[0]!.prefixLength).toBe(line.indexOf('<AccountRequest'));
    expect(r.decisions[0]!.identity).toBe('blee');
    const withDecl = inspect({ document: `Result Object :: <?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE ServiceResult PUBLIC "sailpoint.dtd" "sailpoint.dtd">\n<ServiceResult/>` });
    expect(withDecl.kind).toBe('ServiceResult');
  });

  it('refuses empty, whitespace-only and non-XML input', () => {
    expect(refused(() => inspectPlan({ document: '' })).code).toBe('INVALID_INPUT');
    expect(refused(() => inspectPlan({ document: new Uint8Array(0) })).code).toBe('INVALID_INPUT');
    expect(refused(() => inspectPlan({ document: '  \n\t ' })).message).toMatch(/empty/);
    expect(refused(() => inspectPlan({ document: 'just a log line' })).code).toBe('XML_MALFORMED');
  });

  it('malformed XML names line and column (counted in the original text, log prefix included)', () => {
    const e = refused(() => inspectPlan({ document: '<AccountRequest op="Create">\n  <AttributeRequest name="a">\n</AccountRequest>' }));
    expect(e.code).toBe('XML_MALFORMED');
    expect(e.message).toMatch(/line 3, column \d+/);
    const p = refused(() => inspectPlan({ document: 'log line one\nRequest Object :: <AccountRequest op="Create"><x></AccountRequest>' }));
    expect(p.message).toMatch(/line 2, column \d+/);
    expect(p.details).toMatchObject({ line: 2 });
  });

  it('refuses unknown roots, and result/application documents of the wrong kind', () => {
    const e = refused(() => inspectPlan({ document: '<html><body/></html>' }));
    expect(e.code).toBe('XML_UNKNOWN_ROOT');
    expect(e.message).toMatch(/<html>/);
    expect(refused(() => inspectPlan({ document: '<Map/>', result: '<Map/>' })).code).toBe('XML_UNKNOWN_ROOT');
    expect(refused(() => inspectPlan({ document: '<Map/>', application: '<ServiceResult/>' })).code).toBe('XML_UNKNOWN_ROOT');
  });

  it('accepts the sailpoint.dtd DOCTYPE without resolving it', () => {
    expect(inspect({ document: '<!DOCTYPE Map SYSTEM "file:///etc/passwd">\n<Map><entry key="a" value="b"/></Map>' }).application!.attributes).toEqual({ a: 'b' });
  });

  it('refuses entity expansion (billion laughs) and external entities', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE Map [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Map><entry key="a" value="&lol3;"/></Map>`;
    const e = refused(() => inspectPlan({ document: laughs }));
    expect(e.code).toBe('XML_ENTITIES_REFUSED');
    expect(e.message).toMatch(/entit/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE AccountRequest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><AccountRequest application="&xxe;"/>`;
    expect(refused(() => inspectPlan({ document: xxe })).code).toBe('XML_ENTITIES_REFUSED');
    const param = `<!DOCTYPE Map [<!ENTITY % p SYSTEM "http://127.0.0.1:1/x.dtd"> %p;]><Map/>`;
    expect(refused(() => inspectPlan({ document: param })).code).toBe('XML_ENTITIES_REFUSED');
    // An undeclared reference is left as literal text, never resolved.
    expect(inspect({ document: '<Map><entry key="a" value="&xxe;"/></Map>' }).application!.attributes.a).toBe('&xxe;');
  });

  it('10,000 levels of nesting are refused cleanly, not a crash', () => {
    const deep = `<ProvisioningPlan>${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</ProvisioningPlan>`;
    const e = refused(() => inspectPlan({ document: deep }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toMatch(/levels deep/);
    const deepValue = `<Map><entry key="k"><value>${'<List>'.repeat(10_000)}${'</List>'.repeat(10_000)}</value></entry></Map>`;
    expect(refused(() => inspectPlan({ document: deepValue })).code).toBe('INVALID_INPUT');
  });

  it('a document just under 20 MB is inspected; one over 20 MB is refused', () => {
    const head = '<ProvisioningPlan><AccountRequest application="AD" nativeIdentity="x" op="Modify">';
    const tail = '</AccountRequest></ProvisioningPlan>';
    const row = (i: number) => `<AttributeRequest name="a${i}" op="Add" value="${'v'.repeat(60)}"/>\n`;
    const parts: string[] = [head];
    let size = head.length + tail.length;
    let i = 0;
    while (size + 120 < 20 * 1024 * 1024 - 1024) {
      const r = row(i++);
      parts.push(r);
      size += r.length;
    }
    parts.push(tail);
    const big = parts.join('');
    expect(big.length).toBeLessThanOrEqual(20 * 1024 * 1024);
    const r = inspectPlan({ document: new Uint8Array(Buffer.from(big)) });
    expect(r.accountRequests[0]!.attributeRequests).toHaveLength(i);
    const over = new Uint8Array(20 * 1024 * 1024 + 1).fill(0x20);
    over[0] = 0x3c;
    const e = refused(() => inspectPlan({ document: over }));
    expect(e.code).toBe('INPUT_TOO_LARGE');
    expect(e.message).toMatch(/20 MB/);
    expect(refused(() => inspectPlan({ document: ' '.repeat(20 * 1024 * 1024 + 1) })).code).toBe('INPUT_TOO_LARGE');
  }, 60_000);
});
