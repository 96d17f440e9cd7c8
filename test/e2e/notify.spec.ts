import { test, expect, screenshot } from './fixtures';
import { startMailServer } from '../support/mail-server';
import { defaultSettings } from '../../shared/settings/schema';

test('alerts: set the mail server, send a test mail, see the outbox and preview the rules; a clicked alert opens the Logs page', async ({ appPage: page, app }) => {
  const smtp = await startMailServer({ tls: 'none', refuse: ['nobody@corp.example.org'] });
  try {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Alerts', exact: true }).click();
    const section = page.getByTestId('mail-section');
    await expect(section).toBeVisible();
    await expect(section.getByText(/No SMTP server is configured/)).toBeVisible();
    await section.getByLabel('SMTP server').fill('127.0.0.1');
    await section.getByLabel('Port').fill(String(smtp.port));
    await section.getByLabel('TLS').click();
    await page.getByRole('option', { name: 'None' }).click();
    await section.getByLabel('From').fill('hmc@corp.example.org');
    await section.getByLabel(/^To/).fill('iam-team@corp.example.org');
    await page.getByTestId('notify-test').click();
    await expect(page.getByTestId('notify-message')).toContainText(`The server 127.0.0.1:${smtp.port} accepted the test mail for iam-team@corp.example.org`);
    await smtp.waitFor(1);

    // A failure mail the relay refuses: failed in the outbox with the reason, resend and discard offered.
    await section.getByLabel(/^To/).fill('nobody@corp.example.org');
    await section.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByTestId('notify-message')).toContainText('Mail settings saved.');
    await app.core.router.invoke('notify.mailFailure', { failure: { kind: 'desk', source: 'desk', time: new Date().toISOString(), user: 'aobrien', operation: 'mailbox.enable', error: 'Exchange could not be reached.', code: 'SESSION_UNREACHABLE', host: null, command: null, link: null } }, { door: 'test' });
    const item = page.getByTestId('outbox-item').first();
    await expect(item).toContainText('failed');
    await expect(item).toContainText('mailbox.enable failed for aobrien');
    await expect(item).toContainText('refused the recipient(s) nobody@corp.example.org');
    await expect(item.getByRole('button', { name: 'Resend' })).toBeVisible();

    await section.getByRole('button', { name: 'Add rule' }).click();
    await expect(page.getByTestId('alert-rule')).toHaveCount(1);
    await page.getByTestId('alert-preview').click();
    await expect(page.getByTestId('alert-preview-result')).toContainText('failure(s) in the last 24 hours');
    await screenshot(page, 'alerts');

    await item.getByRole('button', { name: 'Discard' }).click();
    await expect(page.getByTestId('outbox-item')).toHaveCount(0);

    app.core.services.events.emit('notify.open', { kind: 'log', link: { file: '/var/log/ConnectorAfterCreate.log', offset: 0, source: 'After-create' } });
    await expect(page.getByTestId('page-logs')).toBeVisible();
  } finally {
    await smtp.close();
    const s = await app.core.services.settings.get();
    await app.core.services.settings.save({ ...s, notify: defaultSettings().notify });
  }
});
