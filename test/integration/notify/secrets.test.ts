/**
 * The SMTP password for headless use: `hmc secret set smtp` asks on a terminal (never without one),
 * the file is readable by its owner only, `hmc watch` / `notify test` in another process find it,
 * and on Windows the value goes through DPAPI with the project's PowerShell (the script's plumbing
 * runs here with the real PowerShell: stdin in, stdout out, nothing on the command line).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FileSecretStore, dpapiProtector } from '../../../electron/services/secrets/file-store';
import { PowerShellLocator } from '../../../electron/services/powershell/locate';
import { notifyCommands } from '../../../electron/cli/commands/notify';
import type { CliContext } from '../../../electron/cli/framework';
import { startMailServer } from '../../support/mail-server';
import { makePki } from '../connectivity/servers';
import { runHmc } from '../../support/cli';
import { FROM, TO, notifyCore, tempHome } from './helpers';

const setSmtp = notifyCommands.find((c) => c.path.join(' ') === 'secret set smtp')!;

describe('hmc secret set smtp', () => {
  it('stores the password owner-only where a later process finds it', async () => {
    const pki = makePki();
    const smtp = await startMailServer({ tls: 'starttls', pem: pki.good, auth: { user: 'relay', pass: 'Head-less-Pa55' } });
    const home = tempHome();
    const core = await notifyCore(home, { notify: { smtpHost: 'localhost', smtpPort: smtp.port, tls: 'starttls', authUser: 'relay', from: FROM, to: [TO] }, connectivity: { extraCaFiles: [pki.caFile] } });
    const asked: string[] = [];
    const ctx = { args: { values: {}, positionals: [] }, json: false, core: async () => core, askSecret: async (q: string) => (asked.push(q), 'Head-less-Pa55') } as unknown as CliContext;
    const r = await setSmtp.run(ctx);
    expect(asked).toEqual(['SMTP password for relay: ']);
    expect(r.human).toBe(`Stored the SMTP password for relay (${process.platform === 'win32' ? 'DPAPI (current user)' : 'owner-only file'}).`);
    await core.dispose();
    const file = join(home, 'headless-secrets.json');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('smtp:relay');

    const test = await runHmc(['notify', 'test', '--json'], { env: { ...process.env, HMC_HOME: home } });
    expect(test.code).toBe(0);
    expect((await smtp.waitFor(1))[0]!.user).toBe('relay');
    const status = await runHmc(['notify', 'test', '--json'], { env: { ...process.env, HMC_HOME: home } });
    expect(status.out).not.toContain('Head-less-Pa55');

    const cleared = await runHmc(['secret', 'clear', 'smtp'], { env: { ...process.env, HMC_HOME: home } });
    expect(cleared.code).toBe(0);
    expect(readFileSync(file, 'utf8')).not.toContain('smtp:relay');
    await smtp.close();
  });

  it('without a terminal it stores nothing and says what to do', async () => {
    const home = tempHome();
    const r = await runHmc(['secret', 'set', 'smtp', '--user', 'relay'], { env: { ...process.env, HMC_HOME: home } });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/asks for the password on a terminal \(without echo\)/);
    const noUser = await runHmc(['secret', 'set', 'smtp'], { env: { ...process.env, HMC_HOME: home } });
    expect(noUser.code).toBe(2);
    expect(noUser.err).toMatch(/No SMTP user is configured/);
  });
});

describe('the DPAPI protector', () => {
  it('round-trips a value through PowerShell over stdin and stdout (DPAPI itself only on Windows)', async () => {
    const ps = await new PowerShellLocator(join(__dirname, '..', '..', '..', '.tools')).get(null);
    if (!ps.found) return;
    const store = new FileSecretStore(join(tempHome(), 'headless-secrets.json'), dpapiProtector(async () => ps.path));
    const secret = `Pä55 'quote' "dq" $(whoami) \`tick ${'x'.repeat(40)}`;
    await store.set('smtp:relay', secret);
    const raw = readFileSync(store.file, 'utf8');
    expect(raw).not.toContain('whoami');
    expect(await store.get('smtp:relay')).toBe(secret);
    expect(await store.has('smtp:relay')).toBe(true);
  }, 60_000);
});
