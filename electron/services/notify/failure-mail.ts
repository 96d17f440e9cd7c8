/**
 * Gathers what a failure mail carries (the run's log entries and request XML, the last connectivity
 * result for the host, the secrets to scrub) and composes it with the pure composer.
 */
import type { CheckRun } from '../../../shared/connectivity/schemas';
import { composeFailureMail, type ConnectivitySummary, type StoryVerdict } from '../../../shared/notify/compose';
import type { AlertRule, ComposedMail, Failure } from '../../../shared/notify/schemas';
import type { Settings } from '../../../shared/settings/schema';
import type { Diagnostics } from '../../core/diagnostics';
import { readRun } from './excerpt';

export interface MailSubject {
  failure: Failure;
  related: Failure[];
  suppressedBefore: number;
  reason: 'failure' | 'alert' | 'quiet-hours';
  rule?: AlertRule | null;
}

export interface GatherDeps {
  settings: Settings;
  diagnostics: Diagnostics;
  connectivityRuns: () => Promise<CheckRun[]>;
  knownSecrets: string[];
  machine: string;
  app: string;
  now: Date;
}

export async function lastConnectivity(host: string | null, runs: () => Promise<CheckRun[]>, diagnostics: Diagnostics): Promise<ConnectivitySummary | null> {
  if (!host) return null;
  try {
    for (const run of await runs()) {
      const h = run.hosts.find((x) => x.host.toLowerCase() === host.toLowerCase());
      if (h) {
        return {
          host: h.host,
          verdict: h.verdict,
          checkedAt: run.startedAt,
          firstFailure: h.firstFailure ? { layer: h.firstFailure.layer, hint: h.firstFailure.hint } : null,
          layers: h.layers.map((l) => ({ layer: l.layer, status: l.status, detail: l.detail })),
        };
      }
    }
  } catch (e) {
    diagnostics.warn(`Notify: the connectivity history could not be read for ${host}: ${(e as Error).message}`);
  }
  return null;
}

export async function buildFailureMail(s: MailSubject, story: StoryVerdict | null, d: GatherDeps): Promise<ComposedMail> {
  const f = s.failure;
  const run = f.link ? await readRun(f.link.file, f.link.offset, f.user) : null;
  for (const note of run?.notes ?? []) d.diagnostics.info(`Notify: ${note}`, { failure: f.id });
  // A single failure reads as a failure mail; an alert over several (or after a cool-down) says so.
  const reason = s.reason === 'alert' && s.related.length === 0 && s.suppressedBefore === 0 ? 'failure' : s.reason;
  return composeFailureMail({
    failure: f,
    reason,
    related: s.related,
    suppressedBefore: s.suppressedBefore,
    rule: s.rule ?? null,
    story,
    excerpt: run?.entries ?? null,
    requestXml: run?.requestXml ?? null,
    connectivity: await lastConnectivity(f.host, d.connectivityRuns, d.diagnostics),
    reporter: { machine: d.machine, app: d.app },
    subjectPrefix: d.settings.notify.subjectPrefix,
    knownSecrets: d.knownSecrets,
    now: d.now,
  });
}
