import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HmcError } from '../../../shared/errors';
import type { SystemStatus } from '../../../shared/system/schemas';
import type { Command } from '../framework';

export function formatStatus(s: SystemStatus): string {
  const ps = s.powershell.found
    ? `${s.powershell.edition} ${s.powershell.version} at ${s.powershell.path}`
    : `not found: ${s.powershell.reason}`;
  return [
    `Hybrid Mailbox Console ${s.appVersion}`,
    `Exchange mode: ${s.exchangeMode}${s.sandbox ? ' (SANDBOX: no real Exchange is touched)' : ''}`,
    `PowerShell:    ${ps}`,
    `Session:       ${s.session.state}${s.session.host ? ` (${s.session.host})` : ''}`,
    `Settings:      ${s.settings.path}${s.settings.problem ? `\n  problem: ${s.settings.problem}` : ''}`,
    `Data folder:   ${s.dataDir}`,
    `Diagnostics:   ${s.diagnosticsLog}`,
    `Policy:        ${s.policy.present ? s.policy.file : `none (${s.policy.file})`}${s.policy.pinned.length ? `; pins ${s.policy.pinned.join(', ')}` : ''}${s.policy.problem ? `\n  problem: ${s.policy.problem}` : ''}`,
  ].join('\n');
}

export const systemCommands: Command[] = [
  {
    path: ['status'],
    usage: 'hmc status [--json]',
    summary: 'Version, Exchange mode, the PowerShell found, session and settings file.',
    async run(ctx) {
      const core = await ctx.core();
      const status = await core.router.invoke('system.status', {}, { door: 'cli' });
      return {
        value: status,
        human: formatStatus(status),
        failed: status.powershell.found
          ? undefined
          : { message: `${status.powershell.reason} ${status.powershell.hint}` },
      };
    },
  },
  {
    path: ['diagnostics'],
    usage: 'hmc diagnostics [--out FILE] [--json]',
    summary: 'A redacted diagnostics report for a support ticket (versions, status, settings without secrets, the last 200 diagnostics lines, the last connectivity run), on stdout or into FILE.',
    options: { out: { type: 'string' } },
    async run(ctx) {
      const core = await ctx.core();
      const report = await core.router.invoke('system.diagnostics', {}, { door: 'cli' });
      const out = ctx.args.values.out;
      if (typeof out === 'string') {
        const file = resolve(out);
        try {
          await writeFile(file, report.text, { encoding: 'utf8', mode: 0o600 });
        } catch (e) {
          throw new HmcError('INVALID_INPUT', `The report could not be written to ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); give --out a file in a folder you can write to.`);
        }
        return { value: { ...report, written: file }, human: `Wrote the diagnostics report to ${file}; secrets are redacted, read it before you attach it.` };
      }
      return { value: report, human: report.text.trimEnd() };
    },
  },
];
