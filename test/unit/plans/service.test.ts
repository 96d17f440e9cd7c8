import { describe, expect, it } from 'vitest';
import { PlanService } from '../../../electron/services/plans/service';
import { defaultSettings } from '../../../shared/settings/schema';

const XML = '<AccountRequest application="AD" nativeIdentity="CN=x" op="Create"><Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes><AttributeRequest name="ObjectType" value="User"/><AttributeRequest name="sAMAccountName" value="jdoe"/></AccountRequest>';

function service(routingDomain: string | null): PlanService {
  const settings = defaultSettings();
  settings.exchange.routingDomain = routingDomain;
  return new PlanService({ settings: async () => settings });
}

describe('plan service', () => {
  it('takes the routing domain from the input, else from the settings, and says which', async () => {
    const fromSettings = await service('contoso.mail.onmicrosoft.com').inspect({ document: { text: XML }, includeRaw: false });
    expect(fromSettings.routingDomain).toEqual({ value: 'contoso.mail.onmicrosoft.com', source: 'settings' });
    const fromInput = await service('contoso.mail.onmicrosoft.com').inspect({ document: { text: XML }, routingDomain: 'fabrikam.mail.onmicrosoft.com', includeRaw: false });
    expect(fromInput.routingDomain).toEqual({ value: 'fabrikam.mail.onmicrosoft.com', source: 'input' });
  });

  it('decodes base64 bytes (UTF-16LE with BOM) before inspecting', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XML, 'utf16le')]);
    const r = await service(null).inspect({ document: { base64: bytes.toString('base64') }, includeRaw: true });
    expect(r.documents[0]!.encoding).toBe('utf-16le');
    expect(r.raw?.document).toContain('sAMAccountName');
  });
});
