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
];
