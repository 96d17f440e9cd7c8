/**
 * The machine-wide policy (pure): settings an administrator pins for every user of the machine,
 * and desk actions the policy turns off. The file lives outside the user's data folder
 * (electron/services/settings/policy.ts says where) and the console only reads it.
 *
 * Pinned values replace the user's own wherever settings are read, `settings.update` refuses a
 * different value for them, and the desk refuses an action the policy disallows, each with a
 * sentence naming the policy file.
 */
import { z } from 'zod';
import { ExchangeSettings, LogSettings, type Settings } from './schema';
import { NotifySettings } from '../notify/schemas';

export const POLICY_VERSION = 1;

/** What a policy can pin: the Exchange hosts and routing domain, the log sources and the SMTP relay. */
// The settings schema's own field types without their defaults: a pin that is not written pins nothing.
const X = ExchangeSettings.shape;
const N = NotifySettings.shape;
export const PolicyPins = z
  .object({
    exchange: z.object({ hosts: X.hosts.unwrap().optional(), routingDomain: X.routingDomain.unwrap().optional() }).strict().optional(),
    logs: z.object({ sources: LogSettings.shape.sources.unwrap().optional() }).strict().optional(),
    notify: z
      .object({ smtpHost: N.smtpHost.unwrap().optional(), smtpPort: N.smtpPort.unwrap().optional(), tls: N.tls.unwrap().optional() })
      .strict()
      .optional(),
  })
  .strict();
export type PolicyPins = z.infer<typeof PolicyPins>;

export const PolicyDocument = z
  .object({
    version: z.literal(POLICY_VERSION).default(POLICY_VERSION),
    pinned: PolicyPins.default({}),
    disallow: z
      .object({
        /** The bulk fix (many recipients at once). */
        bulk: z.boolean().default(false),
        /** Hiding and unhiding from address lists. */
        hideUnhide: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type PolicyDocument = z.infer<typeof PolicyDocument>;

/** What the console tells every front door about the policy in force. */
export const PolicyInfo = z.object({
  /** Where the policy is read from (whether or not a file is there). */
  file: z.string(),
  present: z.boolean(),
  /** Set when the file is there but unreadable or invalid: nothing is pinned then, and this says why. */
  problem: z.string().nullable(),
  /** Dotted setting keys the policy pins, e.g. "exchange.hosts". */
  pinned: z.array(z.string()),
  disallow: z.object({ bulk: z.boolean(), hideUnhide: z.boolean() }),
});
export type PolicyInfo = z.infer<typeof PolicyInfo>;

export const NO_POLICY: PolicyDocument = PolicyDocument.parse({});

const SECTIONS = ['exchange', 'logs', 'notify'] as const;

/** "exchange.hosts", "notify.smtpHost", ...: the keys the policy pins. */
export function pinnedKeys(policy: PolicyDocument): string[] {
  const keys: string[] = [];
  for (const section of SECTIONS) {
    const pins = policy.pinned[section];
    if (!pins) continue;
    for (const [k, v] of Object.entries(pins)) if (v !== undefined) keys.push(`${section}.${k}`);
  }
  return keys;
}

/** The settings as the policy makes them: pinned values replace the user's. */
export function applyPolicy(settings: Settings, policy: PolicyDocument): Settings {
  let out = settings;
  for (const section of SECTIONS) {
    const pins = policy.pinned[section];
    if (!pins) continue;
    const defined = Object.fromEntries(Object.entries(pins).filter(([, v]) => v !== undefined));
    if (Object.keys(defined).length) out = { ...out, [section]: { ...out[section], ...defined } };
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The pinned keys `next` would change: `settings.update` refuses these. */
export function pinnedChanges(next: Settings, policy: PolicyDocument): string[] {
  return pinnedKeys(policy).filter((key) => {
    const [section, field] = key.split('.') as [(typeof SECTIONS)[number], string];
    const pinned = (policy.pinned[section] as Record<string, unknown> | undefined)?.[field];
    return !same((next[section] as Record<string, unknown>)[field], pinned);
  });
}

export function pinnedRefusal(keys: string[], file: string): string {
  return `${keys.join(', ')} ${keys.length === 1 ? 'is' : 'are'} pinned by your administrator's policy (${file}) and cannot be changed here; ask whoever manages that file.`;
}

export type PolicyAction = 'bulk' | 'hideUnhide';

const ACTION_NAME: Record<PolicyAction, string> = {
  bulk: 'The bulk fix',
  hideUnhide: 'Hiding and unhiding from address lists',
};

/** The sentence for an action the policy turns off, or null when it is allowed. */
export function policyRefusal(policy: PolicyDocument, action: PolicyAction, file: string): string | null {
  if (!policy.disallow[action]) return null;
  return `${ACTION_NAME[action]} is turned off by your administrator's policy (${file}). Ask whoever manages that file, or make the change another way your organisation allows.`;
}
