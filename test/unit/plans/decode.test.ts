/**
 * The plan inspector's decoding (shared/plans/decode.ts over shared/encoding.ts): UTF-16BE without a BOM is
 * read, and invalid UTF-8 is inspected with a warning that names the byte offset.
 */
import { describe, expect, test } from 'vitest';
import { inspectPlan } from '../../../shared/plans';

const plan = '<AccountRequest application="AD" nativeIdentity="CN=Zoë Ó Sé" op="Create"><AttributeRequest name="sAMAccountName" op="Set" value="zose"/><AttributeRequest name="displayName" op="Set" value="Zoë"/></AccountRequest>';

describe('plan document bytes', () => {
  test('UTF-16BE without a BOM', () => {
    const bytes = new Uint8Array(Buffer.from(plan, 'utf16le').swap16());
    const r = inspectPlan({ document: bytes });
    expect(r.documents[0]!.encoding).toBe('utf-16be');
    expect(r.accountRequests[0]!.nativeIdentity).toBe('CN=Zoë Ó Sé');
    expect(r.findings.some((f) => f.code === 'INVALID_UTF8')).toBe(false);
  });

  test('invalid UTF-8: inspected, with a warning naming the first invalid byte offset', () => {
    // "Zoë" as windows-1252 (0xEB), pasted into an otherwise UTF-8 file.
    const [head, tail] = plan.split('Zoë"/>') as [string, string];
    const bytes = new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from([0x5a, 0x6f, 0xeb]), Buffer.from(`"/>${tail}`)]));
    const r = inspectPlan({ document: bytes });
    const offset = Buffer.byteLength(head) + 2;
    expect(r.accountRequests[0]!.attributeRequests[1]!.value).toBe('Zo\uFFFD');
    const f = r.findings.find((x) => x.code === 'INVALID_UTF8');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toContain(`byte offset ${offset}`);
  });

  test('valid UTF-8 gives no encoding warning', () => {
    const r = inspectPlan({ document: new Uint8Array(Buffer.from(plan)) });
    expect(r.findings.some((f) => f.code === 'INVALID_UTF8')).toBe(false);
  });
});
