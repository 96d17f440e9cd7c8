/**
 * SMTP relay check for the notification server, in the TLS mode the mail settings use: connect,
 * banner (220), EHLO, STARTTLS offered, and when offered the upgrade itself with the certificate
 * judged like the TLS layer; in implicit-TLS mode (port 465) the handshake comes first and the
 * banner and EHLO travel inside it. The whole conversation runs within the one per-check timeout.
 */
import { connect, isIP, type LookupFunction, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { TlsMode } from '../../../shared/notify/schemas';
import { hostname } from 'node:os';
import type { CheckStep } from '../../../shared/connectivity/schemas';
import { bounded, type Budget } from './bounded';
import { describeState, errorCode, stateFromError } from './sockets';
import { certData, evaluateTls, handshakeProblem, probeTls, type TlsEvaluation, type TrustStore } from './tls';

interface Reply {
  code: number;
  lines: string[];
}

/** Collects SMTP replies (multi-line "250-..." up to "250 ...") from a plain socket. */
class ReplyReader {
  private buffer = '';
  private current: string[] = [];
  private readonly replies: Reply[] = [];
  private waiter: ((r: Reply | null) => void) | null = null;
  private closed = false;
  private readonly onData = (d: Buffer): void => this.push(d.toString('latin1'));
  private readonly onClose = (): void => {
    this.closed = true;
    this.waiter?.(null);
    this.waiter = null;
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('close', this.onClose);
  }

  private push(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 64_000) this.buffer = this.buffer.slice(-64_000);
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.current.push(line);
      if (/^\d{3}(?: |$)/.test(line) || !/^\d{3}-/.test(line)) {
        this.replies.push({ code: Number(line.slice(0, 3)) || 0, lines: this.current });
        this.current = [];
      }
    }
    if (this.waiter && this.replies.length) {
      const w = this.waiter;
      this.waiter = null;
      w(this.replies.shift() ?? null);
    }
  }

  next(): Promise<Reply | null> {
    if (this.replies.length) return Promise.resolve(this.replies.shift() ?? null);
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  detach(): void {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
  }
}

export interface SmtpOptions {
  name: string;
  port: number;
  lookup: LookupFunction;
  trust: TrustStore;
  warnDays: number;
  /** The mail settings' TLS mode: 'none' accepts a relay without TLS (with a warning). */
  tls: TlsMode;
}

export interface SmtpResult {
  status: 'pass' | 'warn' | 'fail';
  detail: string;
  hint: string | null;
  steps: CheckStep[];
  latencyMs: number;
}

function text(r: Reply): string {
  return r.lines.join(' | ').slice(0, 300);
}

function clientName(): string {
  const h = hostname().replace(/[^A-Za-z0-9.-]/g, '');
  return h || 'hmc-check';
}

/** Why an implicit-TLS handshake failed once TCP was up, and what to change. */
function implicitProblem(code: string, where: string, port: number): string {
  if (code === 'EPROTO' || code.startsWith('ERR_SSL')) {
    return `${where} answered in plain text, not TLS: this port speaks SMTP with STARTTLS (port ${port}); choose STARTTLS as the TLS mode in Settings > Mail, or use the relay's implicit-TLS port (usually 465).`;
  }
  if (code === 'ECONNRESET') return `${where} broke off the TLS handshake (${code}): the relay has no certificate on this port, or no protocol in common.`;
  return `The implicit-TLS handshake with ${where} failed (${code}): check the relay's TLS configuration and port.`;
}

export async function checkSmtp(o: SmtpOptions, budget: Budget): Promise<SmtpResult> {
  const where = `${o.name}:${o.port}`;
  const steps: CheckStep[] = [];
  let stage = 'connect';
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = Math.round((now - t) * 10) / 10;
    t = now;
    return ms;
  };

  const conversation = async (signal: AbortSignal): Promise<Omit<SmtpResult, 'steps' | 'latencyMs'>> => {
    const implicit = o.tls === 'implicit';
    const socket: Socket = implicit
      ? tlsConnect({
          host: o.name,
          port: o.port,
          lookup: o.lookup,
          servername: isIP(o.name) === 0 ? o.name.replace(/\.$/, '') : undefined,
          secureContext: o.trust.context,
          rejectUnauthorized: false,
        })
      : connect({ host: o.name, port: o.port, lookup: o.lookup, autoSelectFamily: true });
    signal.addEventListener('abort', () => socket.destroy(), { once: true });
    try {
      let tcpUp = false;
      const connected = await new Promise<string | null>((resolve) => {
        socket.once('connect', () => {
          tcpUp = true;
          if (!implicit) resolve(null);
        });
        if (implicit) socket.once('secureConnect', () => resolve(null));
        socket.once('error', (e) => resolve(errorCode(e)));
      });
      if (implicit && tcpUp && connected !== null) {
        const hint = implicitProblem(connected, where, o.port);
        steps.push({ name: `TLS ${o.port}`, status: 'fail', latencyMs: lap(), detail: hint, data: { code: connected } });
        return { status: 'fail', detail: `implicit TLS handshake failed (${connected})`, hint };
      }
      if (connected !== null) {
        const state = stateFromError(connected);
        steps.push({ name: `TCP ${o.port}`, status: 'fail', latencyMs: lap(), detail: describeState(state, o.port), data: { code: connected, state } });
        return {
          status: 'fail',
          detail: describeState(state, o.port),
          hint: state === 'refused'
            ? `Nothing listens for SMTP on ${where}: check the relay's host and port in Settings > Notifications.`
            : `SMTP ${where} is not reachable (${connected}): a firewall blocks port ${o.port} from this machine, or the relay is down.`,
        };
      }
      let implicitEv: TlsEvaluation | null = null;
      if (implicit) {
        implicitEv = evaluateTls(socket as TLSSocket, o.name, where, o.warnDays);
        const status = implicitEv.status;
        steps.push({
          name: `TLS ${o.port}`,
          status,
          latencyMs: lap(),
          detail: implicitEv.problem ?? `TCP ${o.port} open, implicit TLS (${implicitEv.protocol ?? 'TLS'}); certificate trusted and matching`,
          data: certData(implicitEv),
        });
      } else {
        steps.push({ name: `TCP ${o.port}`, status: 'pass', latencyMs: lap(), detail: `TCP ${o.port} open (${socket.remoteAddress ?? ''})` });
      }
      socket.on('error', () => undefined);
      const reader = new ReplyReader(socket);
      stage = 'banner';
      const banner = await reader.next();
      if (!banner || banner.code !== 220) {
        const got = banner ? text(banner) : 'the connection was closed';
        steps.push({ name: 'banner', status: 'fail', latencyMs: lap(), detail: `expected 220, got ${got}` });
        return { status: 'fail', detail: `no 220 banner (${got})`, hint: `${where} does not greet with 220 (${got.slice(0, 80)}): the relay refuses connections from this machine; ask its admin to allow it.` };
      }
      steps.push({ name: 'banner', status: 'pass', latencyMs: lap(), detail: text(banner), data: { banner: banner.lines } });
      stage = 'EHLO';
      socket.write(`EHLO ${clientName()}\r\n`);
      const ehlo = await reader.next();
      if (!ehlo || ehlo.code !== 250) {
        const got = ehlo ? text(ehlo) : 'the connection was closed';
        steps.push({ name: 'EHLO', status: 'fail', latencyMs: lap(), detail: `expected 250, got ${got}` });
        return { status: 'fail', detail: `EHLO refused (${got})`, hint: `${where} refuses EHLO (${got.slice(0, 80)}): the relay does not accept this machine as a client; ask its admin to allow it.` };
      }
      const extensions = ehlo.lines.slice(1).map((l) => l.slice(4).trim());
      steps.push({ name: 'EHLO', status: 'pass', latencyMs: lap(), detail: `250, extensions: ${extensions.join(', ') || 'none'}`, data: { extensions } });
      if (implicitEv) {
        socket.write('QUIT\r\n');
        return {
          status: implicitEv.status,
          detail: implicitEv.problem ? 'implicit TLS, banner and EHLO work; the certificate has a problem' : `implicit TLS (${implicitEv.protocol ?? 'TLS'}), banner and EHLO work`,
          hint: implicitEv.problem,
        };
      }
      const requireTls = o.tls !== 'none';
      const offered = extensions.some((e) => /^STARTTLS\b/i.test(e));
      if (!offered) {
        socket.write('QUIT\r\n');
        const status = requireTls ? 'fail' : 'warn';
        steps.push({ name: 'STARTTLS', status, latencyMs: 0, detail: 'not offered' });
        return {
          status,
          detail: 'banner and EHLO fine; STARTTLS not offered',
          hint: requireTls
            ? `${where} does not offer STARTTLS and the mail settings require it: enable TLS on the relay, or if the relay speaks implicit TLS (usually port 465) choose that TLS mode in Settings > Mail.`
            : `${where} does not offer STARTTLS, so failure mails travel unencrypted: enable TLS on the relay.`,
        };
      }
      stage = 'STARTTLS';
      socket.write('STARTTLS\r\n');
      const go = await reader.next();
      if (!go || go.code !== 220) {
        const got = go ? text(go) : 'the connection was closed';
        steps.push({ name: 'STARTTLS', status: 'fail', latencyMs: lap(), detail: `offered, but the command answered ${got}` });
        return { status: 'fail', detail: `STARTTLS offered but refused (${got})`, hint: `${where} offers STARTTLS but refuses it (${got.slice(0, 80)}): check the relay's TLS certificate configuration.` };
      }
      reader.detach();
      const remaining = Math.max(1, budget.deadlineAt - performance.now());
      const tls = await probeTls(
        { name: o.name, port: o.port, socket },
        o.trust,
        o.warnDays,
        { ...budget, signal, timeoutMs: remaining },
      );
      const ev = tls.evaluation;
      if (tls.handshake !== 'ok' || !ev) {
        const problem = handshakeProblem(tls, where);
        steps.push({ name: 'STARTTLS', status: 'fail', latencyMs: lap(), detail: problem });
        return { status: requireTls ? 'fail' : 'warn', detail: 'STARTTLS handshake failed', hint: problem };
      }
      const status = ev.status === 'pass' ? 'pass' : ev.status === 'warn' || !requireTls ? 'warn' : 'fail';
      steps.push({
        name: 'STARTTLS',
        status,
        latencyMs: lap(),
        detail: ev.problem ?? `upgraded to ${ev.protocol ?? 'TLS'}; certificate trusted and matching`,
        data: certData(ev),
      });
      return {
        status,
        detail: ev.problem ? 'banner, EHLO and STARTTLS work; the certificate has a problem' : `banner, EHLO and STARTTLS (${ev.protocol ?? 'TLS'}) work`,
        hint: ev.problem,
      };
    } finally {
      socket.destroy();
    }
  };

  const t0 = performance.now();
  const r = await bounded(
    budget,
    conversation,
    (by, limitMs) => {
      const detail = by === 'deadline' ? `stopped at ${stage}: overall deadline passed` : `no answer at ${stage} within ${limitMs} ms`;
      steps.push({ name: stage, status: 'fail', latencyMs: lap(), detail });
      return {
        status: 'fail' as const,
        detail,
        hint: stage === 'connect'
          ? `SMTP ${where} does not answer the connection (filtered): a firewall drops port ${o.port} from this machine, or the relay is down.`
          : stage === 'banner' && o.tls !== 'implicit'
            ? `${where} accepted the connection but sent no banner: a relay speaking implicit TLS (usually port 465) waits for a handshake first; choose implicit TLS in Settings > Mail, or the relay is overloaded.`
            : `${where} accepted the connection but stalled at ${stage}: the relay is overloaded or something in between intercepts SMTP.`,
      };
    },
    (e) => ({ status: 'fail' as const, detail: `SMTP check failed (${errorCode(e)})`, hint: `The SMTP check of ${where} failed unexpectedly (${errorCode(e)}); try again.` }),
  );
  return { ...r.value, steps, latencyMs: Math.round((performance.now() - t0) * 10) / 10 };
}
