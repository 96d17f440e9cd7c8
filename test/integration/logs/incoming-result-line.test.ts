/**
 * The log viewer reads the generated rules' RESULT line as the run's outcome (logs.incomingPlans):
 * a log as the generated rule writes it, including a run whose free text looks like a success but
 * whose RESULT says it failed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { incomingPlans } from '../../../electron/services/logs/incoming';
import { defaultSettings } from '../../../shared/settings/schema';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-result-line-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const request = (sam: string) =>
  `<AccountRequest application="AD" nativeIdentity="CN=${sam},OU=Staff,DC=corp,DC=example,DC=org" op="Modify"><Attributes><Map><entry key="flow" value="Rehire" /></Map></Attributes><AttributeRequest name="sAMAccountName" op="Set" value="${sam}" /></AccountRequest>`;
const result = (sam: string, outcome: string, errorClass: string | null) =>
  `RESULT :: {"rule":"ConnectorAfterModify","user":"${sam}","action":"unhide-from-address-lists","host":"exch01.corp.example.org","outcome":"${outcome}","errorClass":${errorClass ? `"${errorClass}"` : 'null'},"durationMs":1200,"message":null}`;

it('the RESULT line decides the outcome and closes the run', async () => {
  const lines = [
    `2025-03-03 09:00:00:: [ConnectorAfterModify] user 'rita' INFO: Started: Modify CN=rita on AD.`,
    `2025-03-03 09:00:00:: Request Object :: ${request('rita')}`,
    `2025-03-03 09:00:01:: [ConnectorAfterModify] user 'rita' INFO: Remote mailbox shown in the address lists (HiddenFromAddressListsEnabled False, read back).`,
    `2025-03-03 09:00:01:: ${result('rita', 'changed', null)}`,
    `2025-03-03 09:01:00:: [ConnectorAfterModify] user 'bruno' INFO: Started: Modify CN=bruno on AD.`,
    `2025-03-03 09:01:00:: Request Object :: ${request('bruno')}`,
    `2025-03-03 09:01:05:: [ConnectorAfterModify] user 'bruno' INFO: Finished in 5000 ms: failed.`,
    `2025-03-03 09:01:05:: ${result('bruno', 'failed', 'budget')}`,
  ];
  const path = join(dir, '2025-03-03.ConnectorAfterModify.log');
  await writeFile(path, `${lines.join('\r\n')}\r\n`);
  const settings = defaultSettings();
  const r = await incomingPlans({ settings: async () => settings }, { path, days: 1, limit: 10, withoutXml: true });
  const by = Object.fromEntries(r.plans.map((x) => [x.user, x]));
  expect(by.rita).toMatchObject({ rule: 'ConnectorAfterModify', outcome: 'succeeded', evidence: expect.stringContaining('RESULT ::') });
  expect(by.rita!.decision).toMatchObject({ action: 'unhide-from-address-lists' });
  expect(by.bruno).toMatchObject({ outcome: 'failed', evidence: expect.stringContaining('"errorClass":"budget"') });
});
