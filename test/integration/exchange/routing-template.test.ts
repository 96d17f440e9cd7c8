/**
 * The routing address an enable proposes when the admin gives none comes from
 * exchange.routingAddressTemplate, on the real sandbox Exchange (a preview, so nothing changes).
 */
import { afterEach, expect, test } from 'vitest';
import { sandboxCore, type SandboxCore } from './helpers';

const ctx = { door: 'test' as const };
let s: SandboxCore | null = null;

afterEach(async () => {
  await s?.dispose();
  s = null;
});

test('an enable without a routing address uses the template', async () => {
  s = await sandboxCore({ exchange: { routingDomain: 'contoso.mail.onmicrosoft.com', routingAddressTemplate: 'hmc-{sam}@{routingDomain}' } });
  const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance', whatIf: true }, ctx);
  expect(r.command).toContain("-RemoteRoutingAddress 'hmc-adele.vance@contoso.mail.onmicrosoft.com'");
});

test('the default template is {sam}@{routingDomain}', async () => {
  s = await sandboxCore({ exchange: { routingDomain: 'contoso.mail.onmicrosoft.com' } });
  const r = await s.core.router.invoke('mailbox.enableRemote', { identity: 'adele.vance', whatIf: true }, ctx);
  expect(r.command).toContain("-RemoteRoutingAddress 'adele.vance@contoso.mail.onmicrosoft.com'");
});
