/**
 * The connect/disconnect calls for each Exchange mode. The scripts themselves are functions in
 * electron/powershell/HmcHost/HmcHost.psm1 (Connect-HmcRemote, Connect-HmcSnapin, Connect-HmcSandbox);
 * host names, credentials and options reach them only as parameters of the request, never as source.
 * `remote` needs Windows: PowerShell on Linux and macOS has no WSMan client.
 */
import { isIP } from 'node:net';
import { join } from 'node:path';
import { HmcError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings/schema';
import type { PsRequest } from './protocol';

export interface Credential {
  userName: string;
  password: string;
}

export interface SandboxTarget {
  directoryPath: string;
  syncDelaySeconds: number;
}

export interface ConnectPlan {
  request: PsRequest;
  /** Shown to the admin (never contains the password). */
  warnings: string[];
  /** The host label for the session status. */
  hostLabel: string | null;
}

export function remoteConnect(ex: Settings['exchange'], credential: Credential | null, timeoutMs: number): ConnectPlan {
  if (ex.hosts.length === 0) {
    throw new HmcError('SESSION_NOT_CONNECTED', 'Remote mode needs at least one Exchange server in exchange.hosts; add the server FQDN in the settings.');
  }
  if (ex.authentication === 'Basic' && !ex.useHttps) {
    throw new HmcError(
      'INVALID_INPUT',
      'Basic authentication over http would send the password in clear text; turn on exchange.useHttps or use Kerberos/Negotiate.',
    );
  }
  if (ex.authentication !== 'Kerberos' && !credential) {
    throw new HmcError(
      'SESSION_AUTH_FAILED',
      `${ex.authentication} authentication needs a credential; enter the password for ${ex.credentialUser ?? 'the configured account'} when connecting.`,
    );
  }
  const warnings: string[] = [];
  for (const h of ex.hosts) {
    if (isIP(h.replace(/^\[|\]$/g, ''))) {
      warnings.push(`${h} is an IP address: Kerberos needs the server's FQDN to find its SPN, so authentication will likely fail.`);
    }
  }
  return {
    request: {
      command: 'Connect-HmcRemote',
      params: {
        Hosts: ex.hosts,
        Authentication: ex.authentication,
        UseHttps: ex.useHttps,
        UserName: credential?.userName,
        Password: credential?.password,
        OperationTimeoutMs: timeoutMs,
      },
    },
    warnings,
    hostLabel: ex.hosts.join(', '),
  };
}

export function snapinConnect(): ConnectPlan {
  return { request: { command: 'Connect-HmcSnapin', params: {} }, warnings: [], hostLabel: null };
}

export function sandboxConnect(scriptsDir: string, target: SandboxTarget): ConnectPlan {
  return {
    request: {
      command: 'Connect-HmcSandbox',
      params: {
        ModulePath: join(scriptsDir, 'SandboxExchange', 'SandboxExchange.psd1'),
        DirectoryPath: target.directoryPath,
        SyncDelaySeconds: target.syncDelaySeconds,
      },
    },
    warnings: [],
    hostLabel: 'sandbox',
  };
}

export const DISCONNECT: PsRequest = { command: 'Disconnect-HmcExchange', params: {} };
