import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures';
import { IQSERVICE_FIXTURES } from '../support/fixtures';

const FIX = IQSERVICE_FIXTURES;
const SECRET = 'Pl41nT3xt-S3cret!';

const PLAN = `<?xml version='1.0' encoding='UTF-8'?>
<!DOCTYPE ProvisioningPlan PUBLIC "sailpoint.dtd" "sailpoint.dtd">
<ProvisioningPlan nativeIdentity="Bo.Lee">
  <AccountRequest application="AD - corp.example.org" nativeIdentity="CN=Bo Lee,OU=Joiners,DC=corp,DC=example,DC=org" op="Create">
    <Attributes><Map><entry key="flow" value="Joiner"/></Map></Attributes>
    <AttributeRequest name="ObjectType" op="Set" value="User"/>
    <AttributeRequest name="sAMAccountName" op="Set" value="blee"/>
    <AttributeRequest name="password" op="Set" value="${SECRET}"/>
    <AttributeRequest name="memberOf" op="Add"><Value><List><String>CN=GG-All-Staff,OU=Groups,DC=corp,DC=example,DC=org</String><String>CN=GG-Sales,OU=Groups,DC=corp,DC=example,DC=org</String></List></Value></AttributeRequest>
    <AttributeRequest name="remoteRoutingAddress" op="Set" value="blee@corpexample.mail.onmicrosoft.com"/>
  </AccountRequest>
</ProvisioningPlan>`;

test('paste a plan: the decision, its checks and the masked password', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Plans', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Plan inspector' })).toBeVisible();

  await page.getByTestId('plan-input-document').fill(PLAN);
  await page.getByRole('button', { name: 'Add $env:Result, $env:Application or a routing domain…' }).click();
  await page.getByTestId('plan-input-application').fill(readFileSync(join(FIX, 'env-application-map.xml'), 'utf8'));
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();

  const create = page.getByTestId('decision').filter({ hasText: 'ConnectorAfterCreate' });
  await expect(create).toContainText('enable-remote-mailbox');
  await expect(create).toContainText('blee@corpexample.mail.onmicrosoft.com');
  await expect(create).toContainText('exch01.corp.example.org');
  await expect(create.locator('[data-status="pass"]')).toHaveCount(6);
  await expect(create.locator('[data-status="unknown"]')).toHaveCount(1); // no ServiceResult given
  const modify = page.getByTestId('decision').filter({ hasText: 'ConnectorAfterModify' });
  await expect(modify.locator('[data-status="fail"]').first()).toBeVisible();

  const table = page.getByRole('table', { name: 'Attribute requests' });
  const pwdRow = table.getByRole('row').filter({ hasText: 'password' });
  await expect(pwdRow).toContainText('********');
  await expect(table.getByRole('row').filter({ hasText: 'memberOf' }).locator('.MuiChip-root')).toHaveCount(2);
  await expect(page.getByText('exch02.corp.example.org', { exact: true })).toBeVisible();

  const raw = page.getByTestId('raw-xml');
  await expect(raw).toContainText('********');
  await expect(raw).toContainText('sAMAccountName');

  // The secret appears nowhere on the page except in the paste box the admin typed it into.
  const results = await page.locator('main, body').first().evaluate((el) => {
    const clone = el.cloneNode(true) as HTMLElement;
    clone.querySelectorAll('textarea').forEach((t) => t.remove());
    return clone.textContent ?? '';
  });
  expect(results).not.toContain(SECRET);

  // Folding: the AccountRequest element folds and unfolds.
  await raw.getByRole('button', { name: 'Fold AccountRequest' }).click();
  await expect(raw).not.toContainText('sAMAccountName');
  await raw.getByRole('button', { name: 'Unfold AccountRequest' }).click();
  await expect(raw).toContainText('sAMAccountName');

  await page.getByRole('heading', { name: /^Account request 1/ }).scrollIntoViewIfNeeded();
  await page.getByRole('heading', { name: /^Account request 1/ }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'plans');
});

test('malformed XML shows the line and column; a markup-laden value is shown as text', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Plans', exact: true }).click();
  await page.getByTestId('plan-input-document').fill('<AccountRequest op="Create">\n  <AttributeRequest name="a">\n</AccountRequest>');
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByTestId('plan-error')).toContainText('line 3, column');

  await page.getByTestId('plan-input-document').fill('<AccountRequest op="Create"><AttributeRequest name="sAMAccountName" value="&lt;img src=x onerror=alert(1)&gt;"/></AccountRequest>');
  await page.getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Attribute requests' })).toContainText('<img src=x onerror=alert(1)>');
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});
