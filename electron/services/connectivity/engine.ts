/**
 * The session layer through the console's PowerShell/Exchange engine: a dedicated PowerShell host
 * per attempt (so a check never disturbs the live session), Connect-HmcRemote to exactly one host
 * with the configured authentication, then Disconnect-HmcExchange (Remove-PSSession, so no session
 * quota is leaked) and the process disposed. Values travel through the engine's wire protocol,
 * never spliced into PowerShell source.
 */
import { performance } from 'node:perf_hooks';
import { HmcError, isHmcError } from '../../../shared/errors';
import type { Settings } from '../../../shared/settings/schema';
import type { PowerShellInfo } from '../../../shared/system/schemas';
import type { Diagnostics } from '../../core/diagnostics';
import type { AppPaths } from '../../core/paths';
import { toHmcError } from '../powershell/classify';
import { PsHost, resolveScriptsDir } from '../powershell/host';
import { DISCONNECT, remoteConnect } from '../powershell/scripts';
import { exchangeSecretKey, type SecretStore } from '../secrets/store';
import type { SessionAttempt, SessionAvailability, SessionProbe } from './session';

/** What the session layer needs from the rest of the console (wired in the composition root). */
export interface SessionEngineDeps {
  /** appRoot: where the PowerShell modules are. */
  paths: Pick<AppPaths, 'appRoot'>;
  /** The stored password of the Negotiate/Basic account, if any. */
  secrets: Pick<SecretStore, 'get'>;
  /** The PowerShell the console would use (an explicit path, or null to discover one). */
  powershell: (explicitPath: string | null) => Promise<PowerShellInfo>;
  diagnostics: Diagnostics;
}

export function engineProbe(deps: SessionEngineDeps, settings: Settings, executable: string): SessionProbe {
  return {
    async tryHost(name, timeoutMs, signal) {
      const t0 = performance.now();
      const elapsed = () => Math.round((performance.now() - t0) * 10) / 10;
      const host = new PsHost({ executable, scriptsDir: resolveScriptsDir(deps.paths.appRoot), env: process.env, timeoutMs });
      const stop = () => void host.dispose();
      signal.addEventListener('abort', stop, { once: true });
      try {
        const ex = settings.exchange;
        let credential = null;
        if (ex.authentication !== 'Kerberos' && ex.credentialUser) {
          const password = await deps.secrets.get(exchangeSecretKey(ex.credentialUser));
          if (password !== null) credential = { userName: ex.credentialUser, password };
        }
        const plan = remoteConnect({ ...ex, hosts: [name] }, credential, timeoutMs);
        const env = await host.call(plan.request, { timeoutMs });
        if (!env.ok) {
          const err = toHmcError(env.errors, plan.request.command);
          return { ok: false, latencyMs: elapsed(), code: err.code, message: err.message } satisfies SessionAttempt;
        }
        const latencyMs = elapsed();
        try {
          await host.call(DISCONNECT, { timeoutMs: Math.min(timeoutMs, 15_000) });
        } catch (e) {
          // The check itself passed; the process (and its client side of the session) is disposed below.
          deps.diagnostics.warn(`Disconnect-HmcExchange after the session check to ${name} failed; the server keeps that session until it times out`, {
            error: (e as Error).message,
          });
        }
        return { ok: true, latencyMs, detail: `New-PSSession to ${name} opened and removed (${ex.authentication})` };
      } catch (e) {
        const err = isHmcError(e) ? e : new HmcError('POWERSHELL_FAILED', (e as Error).message);
        return { ok: false, latencyMs: elapsed(), code: err.code, message: err.message };
      } finally {
        signal.removeEventListener('abort', stop);
        await host.dispose();
      }
    },
  };
}

/** Whether a real remote session can be tried from here, and if not, why. */
export async function sessionAvailability(deps: SessionEngineDeps, settings: Settings, platform: NodeJS.Platform = process.platform): Promise<SessionAvailability> {
  switch (settings.exchange.mode) {
    case 'sandbox':
      return { probe: null, reason: 'not tried: Exchange mode is sandbox (set mode "remote" in Settings > Exchange to try a real session)' };
    case 'snapin':
      return { probe: null, reason: 'not tried: snap-in mode manages recipients without a remote session' };
    default:
      break;
  }
  if (platform !== 'win32') {
    return { probe: null, reason: 'not tried: remote PowerShell to Exchange needs Windows (PowerShell has no WSMan client on this system)' };
  }
  const ps = await deps.powershell(settings.powershell.path);
  if (!ps.found) return { probe: null, reason: `not tried: ${ps.reason} ${ps.hint}` };
  return { probe: engineProbe(deps, settings, ps.path) };
}
