import type { CheckInput, CheckRun, HostResult } from '../../../shared/connectivity/schemas';
import { usageError, type CliContext, type Command } from '../framework';

function intOption(ctx: CliContext, name: string, min: number, max: number): number | undefined {
  const raw = ctx.args.values[name];
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw usageError(`--${name} must be a whole number from ${min} to ${max} (got "${text.slice(0, 20)}").`);
  }
  return Number(text);
}

function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Exactly the documented --json shape per host. */
export function publicHost(h: HostResult): unknown {
  return {
    host: h.host,
    verdict: h.verdict,
    firstFailure: h.firstFailure,
    layers: h.layers.map((l) => ({ layer: l.layer, status: l.status, latencyMs: l.latencyMs, detail: l.detail })),
  };
}

const MARK: Record<string, string> = { pass: 'ok  ', warn: 'WARN', fail: 'FAIL', skipped: '-   ' };

export function formatRun(run: CheckRun): string {
  const lines: string[] = [];
  for (const h of run.hosts) {
    lines.push(`${h.host} (${h.role}): ${h.verdict.toUpperCase()}`);
    for (const l of h.layers) {
      const latency = l.latencyMs === null ? '' : ` ${Math.round(l.latencyMs)} ms`;
      lines.push(`  ${MARK[l.status] ?? l.status} ${l.layer.padEnd(9)}${latency.padStart(8)}  ${l.detail}`);
    }
    if (h.firstFailure) lines.push(`  => ${h.firstFailure.layer}: ${h.firstFailure.hint}`);
    lines.push('');
  }
  for (const n of run.notes) lines.push(`note: ${n}`);
  const failed = run.hosts.filter((h) => h.verdict === 'failed').length;
  lines.push(`${run.hosts.length} host(s) in ${Math.round(run.durationMs)} ms: ${run.hosts.length - failed} not failed, ${failed} failed${run.deadlineHit ? ' (overall deadline reached)' : ''}.`);
  return lines.join('\n');
}

export const connectivityCommands: Command[] = [
  {
    path: ['check'],
    usage: 'hmc check [HOST[:HTTPPORT]...] [--from-application FILE] [--tls-port N] [--smtp HOST[:PORT]] [--iqservice HOST[:PORT]] [--timeout MS] [--deadline MS] [--winrm] [--json]',
    summary: 'Check DNS, TCP, TLS, /PowerShell/, session (and SMTP, IQService, ping) of each Exchange host; exit 1 when one failed.',
    options: {
      'from-application': { type: 'string' },
      'tls-port': { type: 'string' },
      smtp: { type: 'string' },
      iqservice: { type: 'string' },
      timeout: { type: 'string' },
      deadline: { type: 'string' },
      winrm: { type: 'boolean' },
    },
    positionals: { min: 0, max: 200 },
    async run(ctx) {
      const input: CheckInput = {};
      if (ctx.args.positionals.length) input.hosts = ctx.args.positionals;
      const app = ctx.args.values['from-application'];
      if (typeof app === 'string') input.applicationXml = decodeText(await ctx.readInput(app));
      const tlsPort = intOption(ctx, 'tls-port', 1, 65_535);
      if (tlsPort !== undefined) input.tlsPort = tlsPort;
      const timeout = intOption(ctx, 'timeout', 50, 120_000);
      if (timeout !== undefined) input.timeoutMs = timeout;
      const deadline = intOption(ctx, 'deadline', 100, 600_000);
      if (deadline !== undefined) input.deadlineMs = deadline;
      if (typeof ctx.args.values.smtp === 'string') input.smtp = ctx.args.values.smtp;
      if (typeof ctx.args.values.iqservice === 'string') input.iqservice = ctx.args.values.iqservice;
      if (ctx.args.values.winrm === true) input.winRmPorts = true;
      const core = await ctx.core();
      const run = await core.router.invoke('connectivity.check', input, { door: 'cli' });
      const failed = run.hosts.filter((h) => h.verdict === 'failed');
      return {
        value: run.hosts.map(publicHost),
        human: formatRun(run),
        failed: failed.length ? { message: `${failed.length} of ${run.hosts.length} host(s) failed: ${failed.map((h) => `${h.host} (${h.firstFailure?.layer ?? '?'})`).join(', ')}.` } : undefined,
      };
    },
  },
];
