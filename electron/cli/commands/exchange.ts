/**
 * hmc recipient search | mailbox get/enable/hide/unhide/set-routing/disable | session test | sandbox reset/add-user.
 * Changes ask for confirmation on a terminal unless --yes; --what-if previews without changing anything.
 */
import { HmcError } from '../../../shared/errors';
import { actionLabel, describeName } from '../../../shared/exchange/preflight';
import { DETAIL_PROPERTIES, type ChangeResult, type ExpectedState, type PreflightAction, type PreflightOutput, type Recipient } from '../../../shared/exchange/schemas';
import { propertyText } from '../../../shared/exchange/display';
import type { CliContext, Command } from '../framework';
import { exchangeSecretKey } from '../../services/secrets/store';

/**
 * Remote mode with Negotiate or Basic: the CLI keeps passwords in memory only, so it asks once
 * per run on a terminal (never from an argument or the environment) and opens the session with it.
 * Returns the password it was given, or undefined when none is needed.
 */
export async function signIn(ctx: CliContext): Promise<string | undefined> {
  const core = await ctx.core();
  const ex = (await core.router.invoke('settings.get', {}, { door: 'cli' })).exchange;
  if (ex.mode !== 'remote' || ex.authentication === 'Kerberos' || !ex.credentialUser) return undefined;
  if ((await core.services.secrets.get(exchangeSecretKey(ex.credentialUser))) !== null) return undefined;
  const password = await ctx.askSecret(`Password for ${ex.credentialUser} (${ex.authentication}): `);
  if (password === null) {
    throw new HmcError(
      'SESSION_AUTH_FAILED',
      `Remote mode with ${ex.authentication} needs the password of ${ex.credentialUser}: run hmc on a terminal to be asked for it, or use Kerberos.`,
    );
  }
  return password;
}

/** Opens the session with a prompted password when one is needed; otherwise the service connects on first use. */
async function ensureSession(ctx: CliContext): Promise<void> {
  const password = await signIn(ctx);
  if (password === undefined) return;
  const core = await ctx.core();
  await core.router.invoke('session.connect', { password, remember: false }, { door: 'cli' });
}

/** Every detail property of the recipient that has a value, in the schema's order, then its sync state. */
export function formatRecipient(r: Recipient): string {
  const rows: Array<[string, string | null]> = DETAIL_PROPERTIES.map((k) => [k, propertyText(r, k)]);
  rows.push(['syncState', r.syncState === null ? null : r.syncState === 'pending' ? 'pending (directory sync has not linked the cloud mailbox yet)' : r.syncState]);
  return rows
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k.padEnd(30)} ${v}`)
    .join('\n');
}

function formatChange(c: ChangeResult): string {
  const lines = [c.whatIf ? `What if: ${c.command}` : `Ran: ${c.command}`];
  for (const w of c.warnings) lines.push(`WARNING: ${w}`);
  if (c.whatIf) lines.push('Nothing was changed (what-if).');
  if (c.recipient) lines.push('', formatRecipient(c.recipient));
  return lines.join('\n');
}

/** The checklist as the admin reads it: one line per item, its status first. */
export function formatChecklist(p: PreflightOutput): string {
  const head = p.recipient ? `Preflight: ${actionLabel(p.action, p.recipient)} (${describeName(p.recipient)}, GUID ${p.recipient.guid ?? 'unknown'})` : `Preflight: ${p.action}`;
  const lines = [head, ...p.checks.map((c) => `  [${c.status.toUpperCase()}] ${c.title}: ${c.evidence}`)];
  if (p.command) lines.push(`  Command: ${p.command}`);
  return lines.join('\n');
}

async function confirmed(ctx: CliContext, question: string): Promise<void> {
  if (!(await ctx.confirm(question))) throw new HmcError('CANCELLED', 'Cancelled; nothing was changed.');
}

function str(ctx: CliContext, name: string): string | undefined {
  const v = ctx.args.values[name];
  return typeof v === 'string' ? v : undefined;
}

function change(
  path: string[],
  usage: string,
  summary: string,
  positionals: { min: number; max: number },
  options: Command['options'],
  run: (
    ctx: CliContext,
    whatIf: boolean,
  ) => Promise<{
    preflight: { identity: string; action: PreflightAction; routingAddress?: string; allowForeignRoutingDomain?: boolean };
    invoke: (expected: ExpectedState | undefined) => Promise<ChangeResult>;
  }>,
): Command {
  return {
    path,
    usage,
    summary,
    positionals,
    options: { 'what-if': { type: 'boolean', default: false }, ...options },
    async run(ctx) {
      await ensureSession(ctx);
      const whatIf = Boolean(ctx.args.values['what-if']);
      const { preflight, invoke } = await run(ctx, whatIf);
      const core = await ctx.core();
      const p = await core.router.invoke('mailbox.preflight', preflight, { door: 'cli' });
      ctx.say(formatChecklist(p));
      if (p.blocked) {
        // A failed item blocks the change: the core (or Exchange) refuses it with its own code and
        // message, and the refusal is audited. Nothing is asked: there is nothing to confirm.
        const result = await invoke(undefined);
        return { value: result, human: formatChange(result) };
      }
      if (!whatIf) {
        const warned = p.checks.filter((c) => c.status === 'warn').length;
        await confirmed(ctx, `${actionLabel(p.action, p.recipient)}${warned ? ` despite ${warned} warning${warned === 1 ? '' : 's'} above` : ''}?`);
      }
      // The change refuses with STATE_CHANGED when the recipient changed since the checklist ran.
      const result = await invoke(p.expected ?? undefined);
      return { value: result, human: formatChange(result) };
    },
  };
}

export const exchangeCommands: Command[] = [
  {
    path: ['recipient', 'search'],
    usage: 'hmc recipient search TEXT [--by anr|address] [--limit N]',
    summary: 'Find recipients by name fragment (ANR) or exact e-mail address.',
    positionals: { min: 1, max: 1 },
    options: { by: { type: 'string' }, limit: { type: 'string' } },
    async run(ctx) {
      await ensureSession(ctx);
      const core = await ctx.core();
      const by = str(ctx, 'by') ?? 'auto';
      if (!['auto', 'anr', 'address'].includes(by)) throw new HmcError('INVALID_INPUT', '--by must be anr or address.');
      const limitText = str(ctx, 'limit');
      const limit = limitText === undefined ? 50 : Number(limitText);
      if (!Number.isInteger(limit)) throw new HmcError('INVALID_INPUT', '--limit must be a whole number.');
      const r = await core.router.invoke(
        'recipient.search',
        { text: ctx.args.positionals[0]!, by: by as 'auto' | 'anr' | 'address', limit },
        { door: 'cli' },
      );
      const lines = r.results.map(
        (x) => `${(x.RecipientTypeDetails ?? '').padEnd(20)} ${(x.SamAccountName ?? '').padEnd(22)} ${x.DisplayName ?? x.Name ?? ''}${x.PrimarySmtpAddress ? `  <${x.PrimarySmtpAddress}>` : ''}`,
      );
      const human = lines.length ? lines.join('\n') : `No recipient matches (${r.by}).`;
      return { value: r, human: r.truncated ? `${human}\n... more results: narrow the search or raise --limit.` : human };
    },
  },
  {
    path: ['mailbox', 'get'],
    usage: 'hmc mailbox get IDENTITY',
    summary: 'Show one identity: plain AD user, remote mailbox (with syncState) or another recipient type.',
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      await ensureSession(ctx);
      const core = await ctx.core();
      const r = await core.router.invoke('mailbox.get', { identity: ctx.args.positionals[0]! }, { door: 'cli' });
      return { value: r, human: formatRecipient(r) };
    },
  },
  change(
    ['mailbox', 'enable'],
    'hmc mailbox enable IDENTITY [--routing-address ADDR] [--primary-smtp ADDR] [--alias A] [--display-name N] [--domain-controller DC] [--allow-foreign-routing] [--what-if]',
    'Enable-RemoteMailbox for a plain AD user (the cloud mailbox appears after directory sync).',
    { min: 1, max: 1 },
    {
      'routing-address': { type: 'string' },
      'primary-smtp': { type: 'string' },
      alias: { type: 'string' },
      'display-name': { type: 'string' },
      'domain-controller': { type: 'string' },
      'allow-foreign-routing': { type: 'boolean', default: false },
    },
    async (ctx, whatIf) => {
      const core = await ctx.core();
      const identity = ctx.args.positionals[0]!;
      const input = {
        identity,
        routingAddress: str(ctx, 'routing-address'),
        primarySmtpAddress: str(ctx, 'primary-smtp'),
        alias: str(ctx, 'alias'),
        displayName: str(ctx, 'display-name'),
        domainController: str(ctx, 'domain-controller'),
        allowForeignRoutingDomain: Boolean(ctx.args.values['allow-foreign-routing']),
        whatIf,
      };
      return {
        preflight: { identity, action: 'enable', routingAddress: input.routingAddress, allowForeignRoutingDomain: input.allowForeignRoutingDomain },
        invoke: (expected) => core.router.invoke('mailbox.enableRemote', { ...input, expected }, { door: 'cli' }),
      };
    },
  ),
  ...(['hide', 'unhide'] as const).map((verb) =>
    change(
      ['mailbox', verb],
      `hmc mailbox ${verb} IDENTITY [--what-if]`,
      verb === 'hide' ? 'Hide a remote mailbox from address lists.' : 'Show a remote mailbox in address lists again.',
      { min: 1, max: 1 },
      {},
      async (ctx, whatIf) => {
        const core = await ctx.core();
        const identity = ctx.args.positionals[0]!;
        return {
          preflight: { identity, action: verb },
          invoke: (expected) => core.router.invoke('mailbox.setHidden', { identity, hidden: verb === 'hide', whatIf, expected }, { door: 'cli' }),
        };
      },
    ),
  ),
  change(
    ['mailbox', 'set-routing'],
    'hmc mailbox set-routing IDENTITY ADDRESS [--allow-foreign-routing] [--what-if]',
    'Repair the RemoteRoutingAddress of a remote mailbox.',
    { min: 2, max: 2 },
    { 'allow-foreign-routing': { type: 'boolean', default: false } },
    async (ctx, whatIf) => {
      const core = await ctx.core();
      const [identity, routingAddress] = ctx.args.positionals as [string, string];
      const allowForeignRoutingDomain = Boolean(ctx.args.values['allow-foreign-routing']);
      return {
        preflight: { identity, action: 'set-routing', routingAddress, allowForeignRoutingDomain },
        invoke: (expected) =>
          core.router.invoke('mailbox.setRoutingAddress', { identity, routingAddress, allowForeignRoutingDomain, whatIf, expected }, { door: 'cli' }),
      };
    },
  ),
  change(
    ['mailbox', 'disable'],
    'hmc mailbox disable IDENTITY [--what-if]',
    'Disable-RemoteMailbox (offboarding; the AD user stays). Remove the cloud licence first.',
    { min: 1, max: 1 },
    {},
    async (ctx, whatIf) => {
      const core = await ctx.core();
      const identity = ctx.args.positionals[0]!;
      return {
        preflight: { identity, action: 'disable' },
        invoke: (expected) => core.router.invoke('mailbox.disableRemote', { identity, whatIf, expected }, { door: 'cli' }),
      };
    },
  ),
  {
    path: ['session', 'test'],
    usage: 'hmc session test',
    summary: 'Open the Exchange session for the configured mode and report its state.',
    async run(ctx) {
      const password = await signIn(ctx);
      const core = await ctx.core();
      const r = await core.router.invoke(
        'session.connect',
        { force: true, remember: false, ...(password === undefined ? {} : { password }) },
        { door: 'cli' },
      );
      const s = r.state;
      const human = [
        `Session: ${s.state} (${s.mode}${s.mode === 'sandbox' ? ': SANDBOX, no real Exchange is touched' : ''})${s.host ? ` on ${s.host}` : ''}`,
        ...r.warnings.map((w) => `WARNING: ${w}`),
      ].join('\n');
      return { value: r, human, failed: s.state === 'connected' ? undefined : { message: s.error ?? 'The session did not open.' } };
    },
  },
  {
    path: ['sandbox', 'reset'],
    usage: 'hmc sandbox reset',
    summary: 'Reset the sandbox Exchange directory to its seed users.',
    async run(ctx) {
      const core = await ctx.core();
      await confirmed(ctx, 'Reset the sandbox directory to its seed users? Changes made in the sandbox are lost.');
      const r = await core.router.invoke('sandbox.reset', {}, { door: 'cli' });
      return { value: r, human: `Sandbox directory ${r.directoryPath} reset: ${r.users} users.` };
    },
  },
  {
    path: ['sandbox', 'add-user'],
    usage: 'hmc sandbox add-user SAM [--upn UPN] [--display-name NAME] [--name CN] [--type User|RemoteUserMailbox|UserMailbox|MailUser]',
    summary: 'Add a user to the sandbox Exchange directory (demos and tests).',
    positionals: { min: 1, max: 1 },
    options: { upn: { type: 'string' }, 'display-name': { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } },
    async run(ctx) {
      const core = await ctx.core();
      const type = str(ctx, 'type') ?? 'User';
      if (!['User', 'RemoteUserMailbox', 'UserMailbox', 'MailUser'].includes(type)) {
        throw new HmcError('INVALID_INPUT', '--type must be User, RemoteUserMailbox, UserMailbox or MailUser.');
      }
      const sam = ctx.args.positionals[0]!;
      await confirmed(ctx, `Add ${sam} to the sandbox directory?`);
      const r = await core.router.invoke(
        'sandbox.addUser',
        {
          samAccountName: sam,
          userPrincipalName: str(ctx, 'upn'),
          displayName: str(ctx, 'display-name'),
          name: str(ctx, 'name'),
          type: type as 'User' | 'RemoteUserMailbox' | 'UserMailbox' | 'MailUser',
        },
        { door: 'cli' },
      );
      return { value: r, human: formatRecipient(r) };
    },
  },
];
