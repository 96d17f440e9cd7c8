/**
 * Administration of the sandbox Exchange (not Exchange cmdlets): reset the directory to its seed,
 * add a user. Only in sandbox mode; audited like every change.
 */
import type { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import type { Recipient, SandboxAddUserInput, SandboxResetOutput } from '../../../shared/exchange/schemas';
import type { Settings } from '../../../shared/settings/schema';
import { toHmcError } from '../powershell/classify';
import type { WireInput } from '../powershell/protocol';
import type { Recipients } from './recipients';
import { commandForms, type CallerInfo, type ChangeRunner } from './runner';
import type { ExchangeSession } from './session';
import { obj, str } from './values';

export class SandboxAdmin {
  constructor(
    private readonly session: ExchangeSession,
    private readonly recipients: Recipients,
    private readonly runner: ChangeRunner,
  ) {}

  private async requireSandbox(): Promise<Settings> {
    const settings = await this.session.settings();
    if (settings.exchange.mode !== 'sandbox') {
      throw new HmcError('INVALID_INPUT', 'This works only with the sandbox Exchange; use --sandbox or set exchange.mode to sandbox.');
    }
    return settings;
  }

  async reset(caller: CallerInfo): Promise<z.output<typeof SandboxResetOutput>> {
    const settings = await this.requireSandbox();
    const command = 'Reset-SandboxDirectory';
    const { value } = await this.runner.audited({ op: 'sandbox.reset', input: {}, command }, caller, async () => {
      const env = await this.session.send({ command, params: {} });
      if (!env.ok) return { outcome: 'error', error: toHmcError(env.errors, command) };
      const v = obj(env.value?.[0]);
      return { outcome: 'ok', value: { directoryPath: str(v.DirectoryPath) ?? this.session.sandboxDirectoryPath(settings), users: Number(v.Users ?? 0) } };
    });
    return value;
  }

  async addUser(input: z.output<typeof SandboxAddUserInput>, caller: CallerInfo): Promise<Recipient> {
    await this.requireSandbox();
    const command = 'Add-SandboxUser';
    const params: Record<string, WireInput> = {
      SamAccountName: input.samAccountName,
      UserPrincipalName: input.userPrincipalName,
      Name: input.name,
      DisplayName: input.displayName,
      FirstName: input.firstName,
      LastName: input.lastName,
      RecipientTypeDetails: input.type,
    };
    const readBack = { identity: input.samAccountName, change: { kind: 'addUser' as const } };
    const { value: guid } = await this.runner.audited({ op: 'sandbox.addUser', input, command: commandForms(command, params).change, extra: { readBack } }, caller, async () => {
      const env = await this.session.send({ command, params });
      if (!env.ok) return { outcome: 'error', error: toHmcError(env.errors, command) };
      return { outcome: 'ok', value: str(obj(env.value?.[0]).Guid) };
    });
    return this.recipients.get(guid ?? input.samAccountName);
  }
}
