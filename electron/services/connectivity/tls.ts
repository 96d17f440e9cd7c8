/**
 * TLS on a port: handshake, certificate subject/SAN against the configured name, issuer, days to
 * expiry and chain trust (Node's bundled roots plus the organisation's CA files from settings).
 * Verification is never weakened: the handshake completes without rejecting so the certificate can
 * be described, and trust is judged from the socket's own verdict.
 */
import { readFile } from 'node:fs/promises';
import { checkServerIdentity, connect, createSecureContext, rootCertificates, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import type { CheckStep, StepStatus } from '../../../shared/connectivity/schemas';
import { bounded, type Budget } from './bounded';
import { errorCode } from './sockets';

export interface TrustStore {
  /** Built once per run: parsing the bundled roots for every connection would block the event loop. */
  context: SecureContext;
  /** Steps describing extra CA files that could not be read. */
  problems: CheckStep[];
  extraFiles: string[];
}

export async function loadTrustStore(extraCaFiles: string[]): Promise<TrustStore> {
  const ca = [...rootCertificates];
  const problems: CheckStep[] = [];
  for (const file of extraCaFiles) {
    try {
      const pem = await readFile(file, 'utf8');
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw Object.assign(new Error('no PEM certificate'), { code: 'NOT_PEM' });
      ca.push(pem);
    } catch (e) {
      problems.push({
        name: 'extra CA file',
        status: 'warn',
        latencyMs: null,
        detail: `The CA file ${file} could not be used (${errorCode(e) === 'EUNKNOWN' ? (e as Error).message : errorCode(e)}); fix the path in Settings > Connectivity.`,
        data: { file },
      });
    }
  }
  return { context: createSecureContext({ ca }), problems, extraFiles: extraCaFiles };
}

export interface CertFacts {
  subject: string;
  altNames: string[];
  issuer: string;
  validFrom: string;
  validTo: string;
  daysToExpiry: number;
  selfSigned: boolean;
  fingerprint256: string;
}

export interface TlsEvaluation {
  status: Exclude<StepStatus, 'info' | 'skipped'>;
  /** One sentence when status is not pass. */
  problem: string | null;
  cert: CertFacts | null;
  trusted: boolean;
  nameMatches: boolean;
  protocol: string | null;
  authorizationError: string | null;
}

function dn(rec: Record<string, string | string[] | undefined> | undefined): string {
  if (!rec) return '';
  return Object.entries(rec)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
    .join(', ');
}

function cn(rec: Record<string, string | string[] | undefined> | undefined): string {
  const v = rec?.CN ?? rec?.O;
  return Array.isArray(v) ? v.join('+') : (v ?? dn(rec));
}

export function certFacts(cert: DetailedPeerCertificate, now = Date.now()): CertFacts {
  const validTo = new Date(cert.valid_to);
  const subject = cert.subject as unknown as Record<string, string>;
  const issuer = cert.issuer as unknown as Record<string, string>;
  return {
    subject: dn(subject),
    altNames: (cert.subjectaltname ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    issuer: dn(issuer),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: validTo.toISOString(),
    daysToExpiry: Math.floor((validTo.getTime() - now) / 86_400_000),
    selfSigned: dn(subject) === dn(issuer),
    fingerprint256: cert.fingerprint256,
  };
}

/** Judges a completed handshake. `where` is e.g. "exch01:443". */
export function evaluateTls(socket: TLSSocket, name: string, where: string, warnDays: number): TlsEvaluation {
  const cert = socket.getPeerCertificate(true);
  const protocol = socket.getProtocol() ?? null;
  if (!cert || Object.keys(cert).length === 0) {
    return { status: 'fail', problem: `${where} completed TLS without a certificate; configure a certificate on the server.`, cert: null, trusted: false, nameMatches: false, protocol, authorizationError: null };
  }
  const facts = certFacts(cert);
  const authError = socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN');
  const identityError = checkServerIdentity(name, cert);
  const nameMatches = identityError === undefined;
  // Node folds the name check into authorizationError; the chain verdict is everything else.
  const chainError = authError === 'ERR_TLS_CERT_ALTNAME_INVALID' ? null : authError;
  const trusted = chainError === null || chainError === 'CERT_HAS_EXPIRED';
  const issuerName = cn(cert.issuer as unknown as Record<string, string>);
  let problem: string | null = null;
  let status: TlsEvaluation['status'] = 'pass';
  const now = Date.now();
  if (new Date(facts.validTo).getTime() < now || authError === 'CERT_HAS_EXPIRED') {
    status = 'fail';
    problem = `The certificate on ${where} expired ${facts.validTo.slice(0, 10)} (${-facts.daysToExpiry} days ago): renew it on the server.`;
  } else if (new Date(facts.validFrom).getTime() > now || authError === 'CERT_NOT_YET_VALID') {
    status = 'fail';
    problem = `The certificate on ${where} is not valid before ${facts.validFrom.slice(0, 10)}: check the server's and this machine's clocks.`;
  } else if (chainError !== null) {
    status = 'fail';
    problem = facts.selfSigned || chainError === 'DEPTH_ZERO_SELF_SIGNED_CERT' || chainError === 'SELF_SIGNED_CERT_IN_CHAIN'
      ? `${where} presents a self-signed certificate (${chainError}): install one from the organisation's CA, or add this certificate's PEM to the extra CA files in Settings > Connectivity.`
      : `The certificate on ${where} is issued by "${issuerName}", which this machine does not trust (${chainError}): add that CA's PEM file to the extra CA files in Settings > Connectivity.`;
  } else if (!nameMatches) {
    status = 'fail';
    problem = `The certificate on ${where} does not name ${name} (subject ${facts.subject}; SAN ${facts.altNames.join(', ') || 'none'}): use a name the certificate covers, or reissue it with ${name} in the SAN.`;
  } else if (facts.daysToExpiry <= warnDays) {
    status = 'warn';
    problem = `The certificate on ${where} expires in ${facts.daysToExpiry} days (${facts.validTo.slice(0, 10)}): renew it soon.`;
  }
  return { status, problem, cert: facts, trusted, nameMatches, protocol, authorizationError: authError };
}

export function certData(e: TlsEvaluation): Record<string, string | number | boolean | null | string[]> {
  return {
    subject: e.cert?.subject ?? null,
    altNames: e.cert?.altNames ?? [],
    issuer: e.cert?.issuer ?? null,
    validFrom: e.cert?.validFrom ?? null,
    validTo: e.cert?.validTo ?? null,
    daysToExpiry: e.cert?.daysToExpiry ?? null,
    selfSigned: e.cert?.selfSigned ?? null,
    trusted: e.trusted,
    nameMatches: e.nameMatches,
    protocol: e.protocol,
    authorizationError: e.authorizationError,
    fingerprint256: e.cert?.fingerprint256 ?? null,
  };
}

export interface TlsProbeResult {
  handshake: 'ok' | 'failed' | 'timeout';
  latencyMs: number;
  code: string | null;
  evaluation: TlsEvaluation | null;
  endedBy?: 'timeout' | 'deadline';
  limitMs?: number;
}

export interface TlsTarget {
  name: string;
  port: number;
  lookup?: LookupFunction;
  /** An already connected plain socket to upgrade (SMTP STARTTLS). */
  socket?: Socket;
}

export function tlsHandshake(t: TlsTarget, trust: TrustStore, warnDays: number, signal: AbortSignal): Promise<Omit<TlsProbeResult, 'latencyMs'>> {
  return new Promise((resolve) => {
    const where = `${t.name}:${t.port}`;
    const servername = isIP(t.name) === 0 ? t.name.replace(/\.$/, '') : undefined;
    const socket = connect({
      ...(t.socket ? { socket: t.socket } : { host: t.name, port: t.port, lookup: t.lookup, autoSelectFamily: true }),
      servername,
      secureContext: trust.context,
      rejectUnauthorized: false,
    });
    let done = false;
    const finish = (r: Omit<TlsProbeResult, 'latencyMs'>): void => {
      if (done) return;
      done = true;
      socket.destroy();
      resolve(r);
    };
    socket.once('secureConnect', () => finish({ handshake: 'ok', code: null, evaluation: evaluateTls(socket, t.name, where, warnDays) }));
    socket.once('error', (e) => finish({ handshake: 'failed', code: errorCode(e), evaluation: null }));
    signal.addEventListener('abort', () => finish({ handshake: 'timeout', code: 'ETIMEOUT', evaluation: null }), { once: true });
  });
}

export async function probeTls(t: TlsTarget, trust: TrustStore, warnDays: number, budget: Budget): Promise<TlsProbeResult> {
  let limit = budget.timeoutMs;
  const r = await bounded(
    budget,
    (signal) => tlsHandshake(t, trust, warnDays, signal),
    (_by, limitMs) => {
      limit = limitMs;
      return { handshake: 'timeout' as const, code: 'ETIMEOUT', evaluation: null };
    },
    (e) => ({ handshake: 'failed' as const, code: errorCode(e), evaluation: null }),
  );
  return { latencyMs: r.latencyMs, ...r.value, ...(r.endedBy ? { endedBy: r.endedBy, limitMs: limit } : {}) };
}

/** The handshake failure as a sentence with what to do. */
export function handshakeProblem(r: TlsProbeResult, where: string): string {
  if (r.handshake === 'timeout') {
    return r.endedBy === 'deadline'
      ? `The TLS handshake with ${where} had not finished when the overall deadline passed.`
      : `${where} accepts TCP but never completes a TLS handshake (no answer in ${r.limitMs ?? '?'} ms): check that a TLS service (not plain HTTP) listens there.`;
  }
  if (r.code === 'ECONNRESET' || r.code === 'EPROTO' || r.code?.startsWith('ERR_SSL')) {
    return `${where} broke off the TLS handshake (${r.code}): the server has no certificate bound to this port, or no protocol/cipher in common (check the IIS https binding).`;
  }
  return `The TLS handshake with ${where} failed (${r.code}): check the server's certificate binding on that port.`;
}
