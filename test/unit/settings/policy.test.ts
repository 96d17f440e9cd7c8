import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicyFile } from '../../../electron/services/settings/policy';
import { PolicyDocument, applyPolicy, pinnedChanges, pinnedKeys, policyRefusal } from '../../../shared/settings/policy';
import { defaultSettings } from '../../../shared/settings/schema';

describe('policy (pure)', () => {
  const policy = PolicyDocument.parse({ pinned: { notify: { smtpHost: 'relay.corp.example', smtpPort: 587 }, logs: { sources: [] } } });

  it('lists the keys it pins and lays the pinned values over the user\'s', () => {
    expect(pinnedKeys(policy)).toEqual(['logs.sources', 'notify.smtpHost', 'notify.smtpPort']);
    const s = defaultSettings();
    const out = applyPolicy(s, policy);
    expect(out.notify.smtpHost).toBe('relay.corp.example');
    expect(out.notify.smtpPort).toBe(587);
    expect(out.notify.tls).toBe(s.notify.tls);
    expect(out.logs.sources).toEqual([]);
    expect(s.notify.smtpHost).toBeNull();
  });

  it('names only the pinned keys a save would change', () => {
    const shown = applyPolicy(defaultSettings(), policy);
    expect(pinnedChanges(shown, policy)).toEqual([]);
    expect(pinnedChanges({ ...shown, notify: { ...shown.notify, smtpPort: 25, from: 'x@corp.example' } }, policy)).toEqual(['notify.smtpPort']);
  });

  it('refuses unknown keys, so a typo in a policy is a problem and not a silent no-op', () => {
    expect(PolicyDocument.safeParse({ pinned: { exchange: { host: ['x'] } } }).success).toBe(false);
    expect(PolicyDocument.safeParse({ disallow: { hide: true } }).success).toBe(false);
  });

  it('says which action is off and where the policy is', () => {
    const off = PolicyDocument.parse({ disallow: { bulk: true } });
    expect(policyRefusal(off, 'bulk', '/etc/p.json')).toMatch(/^The bulk fix is turned off by your administrator's policy \(\/etc\/p\.json\)/);
    expect(policyRefusal(off, 'hideUnhide', '/etc/p.json')).toBeNull();
  });

  it('lives under ProgramData on Windows, /etc elsewhere, and HMC_POLICY_FILE overrides', () => {
    expect(defaultPolicyFile({ ProgramData: 'D:\\PD' }, 'win32')).toBe('D:\\PD/Hybrid Mailbox Console/policy.json'.replace(/\//g, sep));
    expect(defaultPolicyFile({}, 'linux')).toBe('/etc/hybrid-mailbox-console/policy.json');
    expect(defaultPolicyFile({ HMC_POLICY_FILE: '/tmp/p.json' }, 'win32')).toBe('/tmp/p.json');
  });
});
