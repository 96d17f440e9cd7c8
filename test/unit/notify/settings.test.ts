import { describe, expect, it } from 'vitest';
import { parseSettingsText, upgradeNotifyTls } from '../../../electron/services/settings/store';
import { SETTINGS_VERSION } from '../../../shared/settings/schema';

describe('notify settings', () => {
  it('version 1 requireTls: true migrates to STARTTLS required; false to none; other fields kept', () => {
    const on = parseSettingsText(JSON.stringify({ version: 1, notify: { smtpHost: 'smtp.corp', smtpPort: 587, requireTls: true, from: 'a@b', to: ['c@d'] } }));
    expect(on.ok && on.settings.notify).toMatchObject({ smtpHost: 'smtp.corp', smtpPort: 587, tls: 'starttls', from: 'a@b', to: ['c@d'], alerts: [], authUser: null });
    expect(on.ok && 'requireTls' in on.settings.notify).toBe(false);
    const off = parseSettingsText(JSON.stringify({ version: 1, notify: { requireTls: false } }));
    expect(off.ok && off.settings.notify.tls).toBe('none');
    const none = parseSettingsText(JSON.stringify({ version: 1 }));
    expect(none.ok && none.settings.notify.tls).toBe('starttls');
    expect(none.ok && none.settings.version).toBe(SETTINGS_VERSION);
    expect(upgradeNotifyTls({ version: 1, notify: { requireTls: true } })).toEqual({ version: 2, notify: { tls: 'starttls' } });
  });

  it('alert rules are validated, naming the field', () => {
    const bad = parseSettingsText(JSON.stringify({ version: SETTINGS_VERSION, notify: { alerts: [{ source: '*', quietHours: { from: '25:00', to: '06:00' } }] } }));
    expect(!bad.ok && bad.problem).toMatch(/notify\.alerts\.0\.quietHours\.from/);
    const ok = parseSettingsText(JSON.stringify({ version: SETTINGS_VERSION, notify: { alerts: [{ source: 'desk', threshold: 3 }] } }));
    expect(ok.ok && ok.settings.notify.alerts).toEqual([{ source: 'desk', threshold: 3, windowMinutes: 15, quietHours: null, coolDownMinutes: 15 }]);
  });
});
