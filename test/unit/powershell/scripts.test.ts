/**
 * remote and snapin cannot run here (no Exchange, no WSMan client on Linux): check the script
 * text (HmcHost's Public/Sessions.ps1) and the parameters separately, and that no value ever lands
 * in the command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultSettings } from '../../../shared/settings/schema';
import { remoteConnect, sandboxConnect, snapinConnect, DISCONNECT } from '../../../electron/services/powershell/scripts';
import { buildCommandLine } from '../../../electron/services/powershell/protocol';

const SESSIONS = readFileSync(join(__dirname, '..', '..', '..', 'electron', 'powershell', 'HmcHost', 'Public', 'Sessions.ps1'), 'utf8');

function fn(name: string): string {
  const start = SESSIONS.indexOf(`function ${name} {`);
  expect(start).toBeGreaterThanOrEqual(0);
  const next = SESSIONS.indexOf('\nfunction ', start + 10);
  return SESSIONS.slice(start, next < 0 ? undefined : next);
}

function ex(over: Partial<ReturnType<typeof defaultSettings>['exchange']>) {
  return { ...defaultSettings().exchange, mode: 'remote' as const, hosts: ['exch01.corp.example'], ...over };
}

describe('Connect-HmcRemote script text', () => {
  const text = fn('Connect-HmcRemote');
  test('opens a Microsoft.Exchange session on http(s)://FQDN/PowerShell/ from parameters', () => {
    expect(text).toMatch(/ConfigurationName\s*=\s*'Microsoft\.Exchange'/);
    expect(text).toContain("ConnectionUri     = ('{0}://{1}/PowerShell/' -f $scheme, $h)");
    expect(text).toMatch(/foreach \(\$h in \$Hosts\)/);
    expect(text).toMatch(/New-PSSession @p/);
    expect(text).toMatch(/Import-PSSession -Session \$session/);
    expect(text).toMatch(/Set-ADServerSettings -ViewEntireForest \$true/);
    expect(text).toMatch(/'HmcBasicOverHttp'/);
    expect(text).toMatch(/ConvertTo-SecureString -String \$Password -AsPlainText -Force/);
  });
  test('Disconnect removes the PSSession', () => {
    expect(fn('Disconnect-HmcExchange')).toMatch(/Remove-PSSession -Session \$script:Session/);
  });
  test('snap-in mode loads *RecipientManagement', () => {
    expect(fn('Connect-HmcSnapin')).toMatch(/\$SnapinPattern = '\*RecipientManagement'/);
    expect(fn('Connect-HmcSnapin')).toMatch(/Add-PSSnapin -Name \$snap\.Name/);
  });
});

describe('connect parameters', () => {
  test('Kerberos: host names as parameters, never in the command line', () => {
    const plan = remoteConnect(ex({ hosts: ["exch01.corp.example", "exch02'; rm -r /"] }), null, 60_000);
    expect(plan.request.command).toBe('Connect-HmcRemote');
    expect(plan.request.params).toMatchObject({ Hosts: ['exch01.corp.example', "exch02'; rm -r /"], Authentication: 'Kerberos', UseHttps: false });
    expect(plan.request.params?.Password).toBeUndefined();
    const line = buildCommandLine(plan.request);
    expect(line).not.toContain('exch01');
    expect(line).toMatch(/^Invoke-HmcCall -Request '[A-Za-z0-9+/=]+'$/);
  });
  test('Negotiate needs a credential, which travels only as a parameter', () => {
    expect(() => remoteConnect(ex({ authentication: 'Negotiate', credentialUser: 'CORP\\svc' }), null, 1000)).toThrow(/needs a credential/);
    const plan = remoteConnect(ex({ authentication: 'Negotiate' }), { userName: 'CORP\\svc', password: "p'w$(x)" }, 1000);
    expect(plan.request.params).toMatchObject({ UserName: 'CORP\\svc', Password: "p'w$(x)" });
    expect(buildCommandLine(plan.request)).not.toContain('p\'w');
    expect(JSON.stringify(plan.warnings)).not.toContain("p'w");
  });
  test('Basic over http is refused; over https allowed', () => {
    expect(() => remoteConnect(ex({ authentication: 'Basic' }), { userName: 'u', password: 'p' }, 1000)).toThrow(/clear text/);
    expect(remoteConnect(ex({ authentication: 'Basic', useHttps: true }), { userName: 'u', password: 'p' }, 1000).request.params?.UseHttps).toBe(true);
  });
  test('an IP address host is warned about', () => {
    expect(remoteConnect(ex({ hosts: ['10.0.0.5'] }), null, 1000).warnings.join(' ')).toMatch(/FQDN/);
    expect(remoteConnect(ex({}), null, 1000).warnings).toEqual([]);
  });
  test('no hosts: a clear error', () => {
    expect(() => remoteConnect(ex({ hosts: [] }), null, 1000)).toThrow(/exchange\.hosts/);
  });
  test('sandbox and snapin', () => {
    expect(snapinConnect().request).toEqual({ command: 'Connect-HmcSnapin', params: {} });
    const s = sandboxConnect('/app/out/powershell', { directoryPath: "/data/o'dir.json", syncDelaySeconds: 5 });
    expect(s.request.params).toMatchObject({ DirectoryPath: "/data/o'dir.json", SyncDelaySeconds: 5 });
    expect(DISCONNECT.command).toBe('Disconnect-HmcExchange');
  });
});
