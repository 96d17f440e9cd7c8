/**
 * The diagnostics report (pure): versions, the status, the settings without secrets, the last
 * diagnostics lines and the last connectivity run, as one plain text an admin can paste into a
 * ticket. Everything passes through the one secret redaction (shared/secrets.ts) on the way out,
 * and values stored under a secret name are replaced whatever their shape.
 */
import type { CheckRun } from '../connectivity/schemas';
import { MASK, isSecretName, redactKnown } from '../secrets';
import type { SystemStatus } from './schemas';

/** How many diagnostics lines the report carries. */
export const REPORT_DIAGNOSTICS_LINES = 200;

export interface ReportInputs {
  generatedAt: string;
  status: SystemStatus;
  versions: Record<string, string>;
  settings: unknown;
  /** The diagnostics log's lines, oldest first (the report keeps the last 200). */
  diagnosticsLines: string[];
  lastRun: CheckRun | null;
  /** Values the secret store holds: removed wherever they appear. */
  knownSecrets: string[];
}

/** A copy of `value` with every member under a secret name masked and every string redacted. */
export function withoutSecrets(value: unknown, known: string[] = []): unknown {
  if (typeof value === 'string') return redactKnown(value, known);
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, known));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = isSecretName(k) && v !== null && v !== '' && typeof v !== 'boolean' ? MASK : withoutSecrets(v, known);
    }
    return out;
  }
  return value;
}

function runSummary(run: CheckRun): string[] {
  const lines = [`Run ${run.id}, ${run.startedAt} (${run.durationMs} ms${run.deadlineHit ? ', deadline hit' : ''})`];
  for (const h of run.hosts) {
    lines.push(`  ${JSON.stringify(h)}`);
  }
  return lines;
}

export function diagnosticsReport(i: ReportInputs): string {
  const s = i.status;
  const ps = s.powershell.found ? `${s.powershell.edition} ${s.powershell.version} at ${s.powershell.path}` : `not found: ${s.powershell.reason}`;
  const section = (title: string) => ['', `== ${title} ==`];
  const lines: string[] = [
    `Hybrid Mailbox Console diagnostics report, generated ${i.generatedAt}`,
    'Secrets are redacted: values under secret names, IdentityIQ-encrypted values, passwords in text and the secret store\'s values.',
    ...section('Versions'),
    ...Object.entries(i.versions).map(([k, v]) => `${k}: ${v}`),
    ...section('Status'),
    `Exchange mode: ${s.exchangeMode}${s.sandbox ? ' (sandbox)' : ''}`,
    `PowerShell: ${ps}`,
    `Session: ${s.session.state}${s.session.host ? ` (${s.session.host})` : ''}${s.session.error ? `: ${s.session.error}` : ''}`,
    `Settings file: ${s.settings.path}${s.settings.problem ? ` (problem: ${s.settings.problem})` : ''}`,
    `Data folder: ${s.dataDir}`,
    `Diagnostics log: ${s.diagnosticsLog}`,
    `Platform: ${s.platform}`,
    `Policy: ${s.policy.present ? `${s.policy.file}; pins ${s.policy.pinned.join(', ') || 'nothing'}; turns off ${Object.entries(s.policy.disallow).filter(([, v]) => v).map(([k]) => k).join(', ') || 'nothing'}` : `none (${s.policy.file})`}${s.policy.problem ? ` (problem: ${s.policy.problem})` : ''}`,
    ...section('Settings (secrets removed)'),
    ...JSON.stringify(withoutSecrets(i.settings, i.knownSecrets), null, 2).split('\n'),
    ...section(`Last ${REPORT_DIAGNOSTICS_LINES} diagnostics lines`),
    ...(i.diagnosticsLines.length ? i.diagnosticsLines.slice(-REPORT_DIAGNOSTICS_LINES) : ['(the diagnostics log is empty)']),
    ...section('Last connectivity run'),
    ...(i.lastRun ? runSummary(i.lastRun) : ['(no connectivity run yet)']),
  ];
  return `${lines.map((l) => redactKnown(l, i.knownSecrets)).join('\n')}\n`;
}

/** hmc-diagnostics-2026-12-04T19-58-00Z.txt */
export function reportFileName(generatedAt: string): string {
  return `hmc-diagnostics-${generatedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-')}.txt`;
}
