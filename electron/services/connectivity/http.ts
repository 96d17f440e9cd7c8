/**
 * HTTP layer: GET /PowerShell/ without credentials. Exchange's Kerbauth module answers 401 with a
 * challenge; every other outcome (200, 403, 404, 500, a redirect, no answer) is reported apart,
 * with what it usually means.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { CheckStep, StepStatus } from '../../../shared/connectivity/schemas';
import { bounded, type Budget } from './bounded';
import { errorCode } from './sockets';

export interface HttpAnswer {
  kind: 'answer' | 'timeout' | 'error';
  statusCode: number | null;
  /** Every WWW-Authenticate header value, as sent. */
  authenticate: string[];
  location: string | null;
  server: string | null;
  code: string | null;
}

export interface HttpProbeResult extends HttpAnswer {
  url: string;
  latencyMs: number;
  endedBy?: 'timeout' | 'deadline';
  limitMs?: number;
}

/** Auth schemes named in WWW-Authenticate values ("Negotiate, Kerberos", 'Basic realm="x"', ...). */
export function authSchemes(values: string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const piece of value.split(',')) {
      const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(\s+|$)/.exec(piece);
      if (m && !/^\s*[A-Za-z0-9!#$%&'*+.^_`|~-]+\s*=/.test(piece)) {
        const scheme = m[1] as string;
        if (!out.some((s) => s.toLowerCase() === scheme.toLowerCase())) out.push(scheme);
      }
    }
  }
  return out;
}

function headerValues(res: IncomingMessage, name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    if ((res.rawHeaders[i] as string).toLowerCase() === name) out.push(res.rawHeaders[i + 1] as string);
  }
  return out;
}

export function urlFor(name: string, port: number, secure: boolean): string {
  const host = isIP(name) === 6 ? `[${name}]` : name;
  return `${secure ? 'https' : 'http'}://${host}:${port}/PowerShell/`;
}

function get(name: string, port: number, secure: boolean, lookup: LookupFunction, signal: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const request = secure ? httpsRequest : httpRequest;
    let done = false;
    const finish = (a: HttpAnswer): void => {
      if (done) return;
      done = true;
      req.destroy();
      resolve(a);
    };
    const req = request({
      host: name,
      port,
      path: '/PowerShell/',
      method: 'GET',
      agent: false,
      lookup,
      headers: { 'User-Agent': 'HybridMailboxConsole-Check', Accept: '*/*', Connection: 'close' },
      ...(secure ? { rejectUnauthorized: false, servername: isIP(name) === 0 ? name : undefined } : {}),
    });
    req.once('response', (res) => {
      const answer: HttpAnswer = {
        kind: 'answer',
        statusCode: res.statusCode ?? null,
        authenticate: headerValues(res, 'www-authenticate'),
        location: typeof res.headers.location === 'string' ? res.headers.location : null,
        server: typeof res.headers.server === 'string' ? res.headers.server : null,
        code: null,
      };
      res.resume();
      finish(answer);
    });
    req.once('error', (e) => finish({ kind: 'error', statusCode: null, authenticate: [], location: null, server: null, code: errorCode(e) }));
    signal.addEventListener('abort', () => finish({ kind: 'timeout', statusCode: null, authenticate: [], location: null, server: null, code: 'ETIMEOUT' }), { once: true });
    req.end();
  });
}

export async function probeHttp(name: string, port: number, secure: boolean, lookup: LookupFunction, budget: Budget): Promise<HttpProbeResult> {
  let limit = budget.timeoutMs;
  const empty = { statusCode: null, authenticate: [], location: null, server: null };
  const r = await bounded(
    budget,
    (signal) => get(name, port, secure, lookup, signal),
    (_by, limitMs): HttpAnswer => {
      limit = limitMs;
      return { kind: 'timeout', ...empty, code: 'ETIMEOUT' };
    },
    (e): HttpAnswer => ({ kind: 'error', ...empty, code: errorCode(e) }),
  );
  return { url: urlFor(name, port, secure), latencyMs: r.latencyMs, ...r.value, ...(r.endedBy ? { endedBy: r.endedBy, limitMs: limit } : {}) };
}

export interface HttpJudgement {
  status: Exclude<StepStatus, 'info' | 'skipped'>;
  /** What was seen and what it means. */
  detail: string;
  /** One sentence with what to do (null on pass). */
  hint: string | null;
}

/** `wanted` is the scheme the console will authenticate with (Kerberos by default). */
export function judgeHttp(r: HttpProbeResult, host: string, wanted: 'Kerberos' | 'Negotiate' | 'Basic'): HttpJudgement {
  const at = `${r.url}`;
  if (r.kind === 'timeout') {
    if (r.endedBy === 'deadline') {
      return { status: 'fail', detail: `no answer from ${at} before the overall deadline`, hint: `${at} had not answered when the overall deadline passed; raise the deadline or check the server's load.` };
    }
    return {
      status: 'fail',
      detail: `${at}: connection accepted, no HTTP answer in ${r.limitMs ?? '?'} ms`,
      hint: `${host} accepts the connection but never answers ${at}: IIS is hung or a proxy/IPS in between swallows the request; check the server's IIS and the network path.`,
    };
  }
  if (r.kind === 'error') {
    const reset = r.code === 'ECONNRESET' || r.code === 'EPIPE';
    return {
      status: 'fail',
      detail: `${at}: ${reset ? 'connection reset before an answer' : `request failed (${r.code})`}`,
      hint: reset
        ? `${host} resets the connection on ${at}: a firewall or proxy drops HTTP to it, or the port is not an HTTP service.`
        : `The request to ${at} failed (${r.code}): check that IIS serves this port.`,
    };
  }
  const code = r.statusCode ?? 0;
  if (code === 401) {
    const schemes = authSchemes(r.authenticate);
    const offered = schemes.length ? schemes.join(', ') : 'none';
    const wantedOk = schemes.some((s) => s.toLowerCase() === wanted.toLowerCase())
      || (wanted === 'Kerberos' && schemes.some((s) => s.toLowerCase() === 'negotiate'));
    if (wantedOk) return { status: 'pass', detail: `401 as expected: authentication required (offers ${offered})`, hint: null };
    return {
      status: 'warn',
      detail: `401 but offers ${offered}, not ${wanted}`,
      hint: `${at} does not offer ${wanted} (offers ${offered}): enable it for the PowerShell virtual directory, or change the authentication in Settings > Exchange.`,
    };
  }
  if (code >= 300 && code < 400) {
    return {
      status: 'fail',
      detail: `${code} redirect to ${r.location ?? '(no Location)'}`,
      hint: `${at} redirects to ${r.location ?? 'another address'} and remote PowerShell does not follow redirects: remove the redirect on the PowerShell virtual directory, or connect to the target address directly.`,
    };
  }
  const meanings: Record<number, [string, string]> = {
    200: ['200 without authentication: this is not Exchange\'s PowerShell endpoint (another web site, or a proxy answering)', `${at} answers 200 without asking for credentials, so it is not Exchange's PowerShell endpoint: check that the name points at the Exchange server.`],
    403: ['403 forbidden: the virtual directory refuses this client (SSL required, or an IP restriction)', `${at} answers 403: the PowerShell virtual directory requires SSL (turn on https in Settings > Exchange) or an IP restriction blocks this machine.`],
    404: ['404 not found: no /PowerShell/ virtual directory on this server', `${at} answers 404: this is not an Exchange server, or its PowerShell virtual directory is missing (recreate it with New-PowerShellVirtualDirectory).`],
    500: ['500 server error: the PowerShell application on the server fails', `${at} answers 500: the MSExchangePowerShellAppPool or Exchange's Kerbauth module is failing; check the server's event log and IIS.`],
    502: ['502 bad gateway: a proxy or load balancer cannot reach the server', `${at} answers 502: a proxy or load balancer in front cannot reach the Exchange server; check it or connect to the server directly.`],
    503: ['503 unavailable: the application pool is stopped or the server is in maintenance', `${at} answers 503: start MSExchangePowerShellAppPool on the server (or take it out of maintenance).`],
    504: ['504 gateway timeout: a proxy did not get an answer from the server', `${at} answers 504: a proxy or load balancer timed out waiting for the Exchange server; check the server.`],
  };
  const known = meanings[code];
  if (known) return { status: 'fail', detail: known[0], hint: known[1] };
  return {
    status: 'fail',
    detail: `HTTP ${code}: not the 401 challenge Exchange's PowerShell endpoint gives`,
    hint: `${at} answers HTTP ${code} instead of 401: check that the name points at the Exchange server and that IIS is healthy.`,
  };
}

export function httpStep(r: HttpProbeResult, j: HttpJudgement, status: StepStatus): CheckStep {
  return {
    name: `GET ${r.url}`,
    status,
    latencyMs: r.latencyMs,
    detail: j.detail,
    data: {
      url: r.url,
      statusCode: r.statusCode,
      wwwAuthenticate: r.authenticate,
      schemes: authSchemes(r.authenticate),
      location: r.location,
      server: r.server,
      code: r.code,
    },
  };
}
