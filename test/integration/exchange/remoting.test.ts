/**
 * Implicit remoting, as with Exchange: the sandbox module runs behind a real remote PowerShell
 * session over SSH to 127.0.0.1 (Debian's sshd started here, pwsh as the SSH subsystem, key
 * authentication) and is brought in with Import-PSSession; the console's operations then run
 * through the generated proxies, so objects arrive deserialised and errors arrive as
 * RemoteException records (classified from CategoryInfo.Reason and the FQID). The session comes
 * from test/support/HmcSshLab.psm1, loaded into the console's PowerShell as an extra host module.
 * Skipped where sshd is missing or cannot be started (it needs root here for /run/sshd).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, chmodSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HmcError } from '../../../shared/errors';
import { ExchangeService } from '../../../electron/services/exchange/service';
import { sandboxCore, type SandboxCore } from './helpers';

const SSHD = '/usr/sbin/sshd';
const canRun = existsSync(SSHD) && typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/ssh');
const ctx = { door: 'test' };

let s: SandboxCore;
let ex: ExchangeService;
let sshd: ChildProcess | null = null;

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function fails(p: Promise<unknown>): Promise<HmcError> {
  let value: unknown;
  try {
    value = await p;
  } catch (e) {
    if (e instanceof HmcError) return e;
    throw e;
  }
  throw new Error(`expected the call to fail, got ${JSON.stringify(value).slice(0, 600)}`);
}

describe.skipIf(!canRun)('the sandbox behind implicit remoting over SSH', () => {
  beforeAll(async () => {
    s = await sandboxCore({ syncDelaySeconds: 0 });
    const dir = join(s.home, 'ssh');
    mkdirSync(dir);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-f', join(dir, 'hostkey'), '-N', '']);
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-f', join(dir, 'client'), '-N', '']);
    writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client.pub')));
    chmodSync(join(dir, 'authorized_keys'), 0o600);
    const ps = (await s.core.services.powershell.get(null)) as { found: true; path: string };
    const port = await freePort();
    writeFileSync(
      join(dir, 'sshd_config'),
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${join(dir, 'hostkey')}`,
        `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        `PidFile ${join(dir, 'sshd.pid')}`,
        `Subsystem powershell ${ps.path} -sshs -NoLogo -NoProfile`,
        '',
      ].join('\n'),
    );
    mkdirSync('/run/sshd', { recursive: true });
    sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((res, rej) => {
      let text = '';
      const timer = setTimeout(() => rej(new Error(`sshd did not start: ${text}`)), 15_000);
      sshd!.stderr!.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('Server listening')) {
          clearTimeout(timer);
          res();
        }
      });
      sshd!.once('exit', (code) => rej(new Error(`sshd exited (${code}): ${text}`)));
    });
    const sv = s.core.services;
    ex = new ExchangeService({
      paths: sv.paths,
      settings: sv.settings,
      events: sv.events,
      powershell: sv.powershell,
      secrets: sv.secrets,
      audit: sv.audit,
      diagnostics: sv.diagnostics,
      env: s.env,
      hostModules: [join(__dirname, '..', '..', 'support', 'HmcSshLab.psm1')],
      connectOverride: (scriptsDir) => ({
        request: {
          command: 'Connect-HmcSshLab',
          params: {
            HostName: '127.0.0.1',
            Port: port,
            UserName: 'root',
            KeyFilePath: join(dir, 'client'),
            ModulePath: join(scriptsDir, 'SandboxExchange', 'SandboxExchange.psd1'),
            DirectoryPath: s.directory,
            SyncDelaySeconds: 0,
          },
        },
        warnings: [],
        hostLabel: 'ssh',
      }),
    });
  });

  afterAll(async () => {
    await ex?.dispose();
    sshd?.kill('SIGTERM');
    await s?.dispose();
  });

  test('connects through Import-PSSession over SSH', async () => {
    const r = await ex.connect();
    expect(r.state).toMatchObject({ state: 'connected', host: expect.stringMatching(/^ssh:\/\/127\.0\.0\.1:\d+$/) });
  });

  test('reads arrive deserialised with the same shape', async () => {
    const r = await ex.get('remote.synced');
    expect(r).toMatchObject({ kind: 'remoteMailbox', syncState: 'synced', RemoteRoutingAddress: 'SMTP:remote.synced@contoso.mail.onmicrosoft.com' });
    expect(r.EmailAddresses).toContain('SMTP:remote.synced@contoso.example');
    expect(r.Guid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await ex.get('siobhan.odonnell')).Name).toBe('Siobhán O’Donnell');
    expect((await ex.get('EMEA\\emea.user')).Name).toBe('Elise Emea');
    expect((await ex.search({ text: "O'", by: 'auto', limit: 50 })).results.map((x) => x.SamAccountName)).toEqual(expect.arrayContaining(['sean.obrien', 'remote.oneill']));
  });

  test('errors raised through remoting are classified from the remote type, not the text', async () => {
    const nf = await fails(ex.get("ghost'user"));
    expect(nf.code).toBe('RECIPIENT_NOT_FOUND');
    const first = (nf.details as { errors: Array<{ type: string; fqid: string }> }).errors[0]!;
    expect(first.type).toBe('Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
    expect(first.fqid).toContain('[FailureCategory=Cmdlet-ManagementObjectNotFoundException]');
    const amb = await ex.get('Chris Duplicate').then((v) => JSON.stringify(v), (e: HmcError) => e.code);
    expect(amb).toBe('RECIPIENT_AMBIGUOUS');
    const wt = await fails(ex.enableRemote({ identity: 'onprem.mailbox', routingAddress: 'x@contoso.mail.onmicrosoft.com', allowForeignRoutingDomain: false, whatIf: false }, ctx));
    expect(wt.code).toBe('WRONG_RECIPIENT_TYPE');
    expect(wt.message).toContain('is of type UserMailbox');
  });

  test('changes through the proxies, with read-back', async () => {
    const w = await ex.enableRemote({ identity: 'joni.sherman', routingAddress: "joni.o'sherman@contoso.mail.onmicrosoft.com", allowForeignRoutingDomain: false, whatIf: true }, ctx);
    expect(w.recipient?.kind).toBe('user');
    const r = await ex.enableRemote({ identity: 'joni.sherman', routingAddress: "joni.o'sherman@contoso.mail.onmicrosoft.com", displayName: 'Joni “$(x)” ‘Sherman’', allowForeignRoutingDomain: false, whatIf: false }, ctx);
    expect(r.recipient).toMatchObject({ kind: 'remoteMailbox', RemoteRoutingAddress: "SMTP:joni.o'sherman@contoso.mail.onmicrosoft.com", DisplayName: 'Joni “$(x)” ‘Sherman’', syncState: 'synced' });
    expect((await ex.setHidden({ identity: 'joni.sherman', hidden: true, whatIf: false }, ctx)).recipient?.HiddenFromAddressListsEnabled).toBe(true);
    expect((await ex.disableRemote({ identity: 'joni.sherman', whatIf: false }, ctx)).recipient?.kind).toBe('user');
  });

  test('nasty identities survive remoting serialisation byte for byte', async () => {
    const names = ["q'1 ‘’‚‛", 'q2 "“”„ $(New-Item x)', 'q3 `;|&{}', 'q4 😀 مرحبا שלום', 'q5 <#>]]>&amp;', 'q6 \u202E rtl'];
    for (const name of names) {
      const sam = `rq${names.indexOf(name)}`;
      await ex.sandboxAddUser({ samAccountName: sam, name, displayName: name, type: 'User' }, ctx);
      const got = await ex.get(name);
      expect(got.Name).toBe(name);
      expect(got.DisplayName).toBe(name);
    }
  });
});
