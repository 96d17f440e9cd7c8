/**
 * hmc plan inspect FILE [--result FILE] [--application FILE] [--routing-domain DOMAIN] [--json]
 * Files cross to the core as base64 bytes, so UTF-16LE result files and BOMs are decoded there.
 */
import { HmcError } from '../../../shared/errors';
import type { PlanDocumentInput, PlanInspection, PlanValue } from '../../../shared/plans/schemas';
import { MAX_PLAN_DOCUMENT_BYTES } from '../../../shared/plans/schemas';
import type { CliContext, Command } from '../framework';

async function readDocument(ctx: CliContext, path: string, what: string): Promise<PlanDocumentInput> {
  const bytes = await ctx.readInput(path);
  if (bytes.byteLength > MAX_PLAN_DOCUMENT_BYTES) {
    throw new HmcError(
      'INPUT_TOO_LARGE',
      `The ${what} ${path === '-' ? 'on stdin' : path} is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, over the 20 MB limit; inspect a smaller extract (one plan or request).`,
    );
  }
  return { base64: bytes.toString('base64'), name: path === '-' ? 'stdin' : path };
}

function value(v: PlanValue): string {
  if (v === null) return '(empty)';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' | ');
  return JSON.stringify(v);
}

const MARK = { pass: '[pass]', fail: '[FAIL]', unknown: '[ ?? ]' } as const;

export function formatInspection(r: PlanInspection): string {
  const lines: string[] = [];
  const docs = r.documents.map((d) => `${d.role}: ${d.kind} (${d.encoding}, ${d.size} bytes${d.prefixLength ? `, ${d.prefixLength} chars of log text skipped` : ''})`);
  lines.push(`${r.kind}`, ...docs.map((d) => `  ${d}`));
  if (r.plan) {
    lines.push(`Plan for ${r.plan.nativeIdentity ?? '?'}${r.plan.trackingId ? ` (tracking ${r.plan.trackingId})` : ''}${r.plan.requesters.length ? `, requested by ${r.plan.requesters.map((q) => q.name).join(', ')}` : ''}`);
  }
  r.accountRequests.forEach((a, i) => {
    lines.push('', `Account request ${i + 1}: ${a.op}${a.opDefaulted ? ' (default)' : ''} ${a.nativeIdentity ?? '(no nativeIdentity)'} on ${a.application ?? '(no application)'}${a.provisioningResult ? ` [${a.provisioningResult}]` : ''}`);
    const args = Object.entries(a.arguments);
    if (args.length) lines.push(`  arguments: ${args.map(([k, v]) => `${k}=${value(v)}`).join(', ')}`);
    for (const d of r.decisions.filter((x) => x.request === i)) {
      lines.push(`  ${d.rule}: ${d.action}`, `    ${d.reason}`);
      for (const c of d.checks) lines.push(`    ${MARK[c.status]} ${c.name}: ${c.evidence}`);
    }
    lines.push(`  attribute requests (${a.attributeRequests.length}):`);
    const shown = a.attributeRequests.slice(0, 200);
    for (const q of shown) lines.push(`    ${q.op.padEnd(6)} ${q.name} = ${value(q.value)}`);
    if (a.attributeRequests.length > shown.length) lines.push(`    ... ${a.attributeRequests.length - shown.length} more (use --json)`);
  });
  if (r.result) {
    lines.push('', `Result: ${r.result.errors.length} error(s), ${r.result.warnings.length} warning(s)`);
    for (const e of r.result.errors) lines.push(`  error:   ${e}`);
    for (const w of r.result.warnings) lines.push(`  warning: ${w}`);
    for (const [k, v] of Object.entries(r.result.attributes)) lines.push(`  ${k} = ${value(v)}`);
  }
  if (r.application) {
    const a = r.application;
    lines.push('', `Application ${a.name ?? '(bare Map)'}${a.iqServiceHost ? `: IQService ${a.iqServiceHost}:${a.iqServicePort ?? '?'}${a.iqServiceTls ? ' (TLS)' : ''}` : ''}`);
    if (a.nativeRules.length) lines.push(`  native rules: ${a.nativeRules.join(', ')}`);
  }
  if (r.application || r.exchangeHosts.length) lines.push(`Exchange hosts: ${r.exchangeHosts.length ? r.exchangeHosts.join(', ') : '(none)'}`);
  if (r.rule) {
    const u = r.rule;
    lines.push('', `Rule ${u.name ?? '?'} (${u.type ?? 'no type'}): ObjectOrientedScript=${String(u.objectOrientedScript)}, timeout=${u.timeout ?? 'default 10'} s, disabled=${String(u.disabled)}, program=${u.program ?? '-'}, extension=${u.extension ?? '-'}`);
    lines.push(`  source: ${u.source.split('\n').length} lines (use --json to see it)`);
  }
  if (r.findings.length) {
    lines.push('', 'Findings:');
    for (const f of r.findings) lines.push(`  [${f.severity}] ${f.code}: ${f.message}`);
  } else lines.push('', 'Findings: none');
  return lines.join('\n');
}

export const planCommands: Command[] = [
  {
    path: ['plan', 'inspect'],
    usage: 'hmc plan inspect FILE [--result FILE] [--application FILE] [--routing-domain DOMAIN] [--json]',
    summary: 'Decode a ProvisioningPlan/AccountRequest/ServiceResult/Application/Rule XML (FILE - = stdin), mask secrets, explain the mailbox rules.',
    options: {
      result: { type: 'string' },
      application: { type: 'string' },
      'routing-domain': { type: 'string' },
    },
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.args.positionals[0]!;
      const resultPath = ctx.args.values.result as string | undefined;
      const appPath = ctx.args.values.application as string | undefined;
      if ([file, resultPath, appPath].filter((p) => p === '-').length > 1) {
        throw new HmcError('INVALID_INPUT', 'Only one of FILE, --result and --application can be "-" (stdin).');
      }
      const routingDomain = ctx.args.values['routing-domain'] as string | undefined;
      const document = await readDocument(ctx, file, 'document');
      const result = resultPath ? await readDocument(ctx, resultPath, 'result document') : undefined;
      const application = appPath ? await readDocument(ctx, appPath, 'application document') : undefined;
      const core = await ctx.core();
      const inspection = await core.router.invoke(
        'plan.inspect',
        { document, result, application, routingDomain: routingDomain?.trim() || undefined, includeRaw: false },
        { door: 'cli' },
      );
      const { raw: _raw, ...value } = inspection;
      return { value, human: formatInspection(inspection) };
    },
  },
];
