import { useEffect, useState } from 'react';
import type { PolicyInfo } from '../../shared/settings/policy';
import { hmc } from '../client';

/**
 * The machine policy (settings.policy), read when a page mounts: what it pins and what it turns off.
 * Null until it is known; the core refuses pinned changes and disallowed actions whatever the page shows.
 */
export function usePolicy(): PolicyInfo | null {
  const [policy, setPolicy] = useState<PolicyInfo | null>(null);
  useEffect(() => {
    let live = true;
    hmc.call('settings.policy', {}).then(
      (p) => live && setPolicy(p),
      // Unknown policy: the page offers everything and the core's refusal (with its sentence) still holds.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return policy;
}

/** The sentence the page shows next to an action the policy turns off. */
export function policyOffSentence(policy: PolicyInfo, what: string): string {
  return `${what} is turned off by your administrator's policy (${policy.file}).`;
}
