/**
 * The session layer: a real remote session attempt through the console's Exchange engine. The
 * engine (engine.ts) is given to ConnectivityService by the composition root; when none is available the layer is reported "skipped" with
 * the reason, never as passed.
 */
export type SessionAttempt =
  | { ok: true; latencyMs: number; detail: string }
  | { ok: false; latencyMs: number; code: string; message: string };

export interface SessionProbe {
  /** Opens and closes one remote session to `host`, within `timeoutMs`. */
  tryHost(host: string, timeoutMs: number, signal: AbortSignal): Promise<SessionAttempt>;
}

export type SessionAvailability = { probe: SessionProbe } | { probe: null; reason: string };

/** Hints per error code of the engine (shared/errors.ts). */
export function sessionHint(host: string, code: string, message: string): string {
  switch (code) {
    case 'SESSION_AUTH_FAILED':
      return `The session to ${host} was refused at sign-in: check the account is enabled for remote PowerShell and that Kerberos works (use the FQDN, check the SPN).`;
    case 'SESSION_UNREACHABLE':
      return `The session to ${host} could not be opened although HTTP answers: check WinRM/the PowerShell virtual directory on the server (${message.slice(0, 120)}).`;
    case 'TIMEOUT':
      return `The session to ${host} did not open in time: the server is slow or overloaded; try again or raise the timeout.`;
    case 'POWERSHELL_MISSING':
      return 'No PowerShell was found to open a session: install PowerShell or set its path in Settings > PowerShell.';
    default:
      return `The session to ${host} failed (${code}): ${message.slice(0, 160)}`;
  }
}
