import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshot, test } from './fixtures';

const FIX = join(__dirname, '..', 'fixtures', 'iqservice');
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

test.describe.configure({ mode: 'serial' });

test('generate: the rule from the settings, previewed as script, Rule XML and snippet', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Rules', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Rule kit' })).toBeVisible();
  const preview = page.getByTestId('rule-preview');
  await expect(preview).toContainText('# HMC-RULE kind=after-create template=1');
  await expect(page.getByTestId('rule-summary')).toContainText("hosts: the Application's ExchHost");
  await expect(page.getByText(/No Exchange host is configured/)).toBeVisible();
  await page.getByRole('tab', { name: 'Rule XML' }).click();
  await expect(preview).toContainText('<entry key="ObjectOrientedScript" value="true"/>');
  await expect(preview).toContainText('<Source><![CDATA[');
  await screenshot(page, 'rules-generate');
  await page.getByRole('tab', { name: 'Application snippet' }).click();
  await expect(preview).toContainText('<entry key="nativeRules">');
  await page.getByRole('button', { name: 'ConnectorAfterModify' }).click();
  await expect(preview).toContainText('HMC - AfterModify - Address lists');
  await expect(page.getByRole('button', { name: 'ConnectorAfterModify.rule.xml' })).toBeVisible();
  await page.getByRole('button', { name: 'ConnectorAfterCreate' }).click();
});

test('replay the console\'s rule: decision, Exchange change, log; then open the log in the log viewer', async ({ appPage: page }) => {
  test.setTimeout(240_000);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Rules', exact: true }).click();
  await expect(page.getByTestId('rule-preview')).toBeVisible();
  await page.getByTestId('replay-input-request').fill(read('rules/joiner-create.xml'));
  await page.getByTestId('replay-input-result').fill(read('service-result-created-on-server.xml'));
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  const report = page.getByTestId('replay-report');
  await expect(report).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('replay-decision')).toHaveText('decision: enable-remote-mailbox');
  await expect(report).toContainText('RESULT: changed');
  await expect(report.getByRole('table', { name: 'Exchange changes' })).toContainText('RemoteUserMailbox');
  await expect(page.getByTestId('replay-log')).toContainText('Remote mailbox enabled');
  await expect(page.getByTestId('replay-log')).not.toContainText('q0Zk3pR9xW1vTnL8sY4bAg');
  await page.getByTestId('replay-findings').scrollIntoViewIfNeeded();
  await screenshot(page, 'rules-replay');
  await page.getByRole('button', { name: 'Open in the log viewer' }).first().click();
  await expect(page.getByRole('heading', { name: 'Logs' })).toBeVisible();
  await expect(page.getByText(/ConnectorAfterCreate\.log · /)).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'rules-log-viewer');
});

test('replay the published recipe: the console asks first, then shows the double enable, the leaks and the mail', async ({ appPage: page }) => {
  test.setTimeout(240_000);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Rules', exact: true }).click();
  await expect(page.getByTestId('rule-preview')).toBeVisible();
  await page.getByRole('radio', { name: 'My own script or Rule XML' }).check();
  await page.getByTestId('replay-input-script').fill(read('rules/published-recipe.ps1'));
  await page.getByTestId('replay-input-request').fill(read('rules/recipe-joiner-create.xml'));
  await page.getByTestId('replay-input-result').fill(read('service-result-created-on-server.xml'));
  await page.getByTestId('replay-input-application').fill(read('rules/application-one-host.xml'));
  await page.getByRole('button', { name: 'Replay', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a script the console did not generate?' });
  await expect(dialog).toContainText('not a security sandbox');
  await screenshot(page, 'rules-confirm');
  await dialog.getByRole('button', { name: 'Run it' }).click();
  const findings = page.getByTestId('replay-findings');
  await expect(findings).toBeVisible({ timeout: 180_000 });
  for (const code of ['REPEATED_CHANGE', 'PLAN_CREDENTIAL_READ', 'SECRET_IN_LOG', 'MAIL_HTML_UNESCAPED', 'SESSION_NOT_REMOVED']) {
    await expect(findings.locator(`[data-code="${code}"]`)).toBeVisible();
  }
  await findings.scrollIntoViewIfNeeded();
  await screenshot(page, 'rules-findings');
  const mail = page.getByTestId('replay-mail').first();
  await expect(mail).toContainText('Mailbox creation failed for rrecipe');
  await expect(mail).toContainText('it reached the capture on 127.0.0.1');
  await mail.scrollIntoViewIfNeeded();
  await screenshot(page, 'rules-mail');
});
