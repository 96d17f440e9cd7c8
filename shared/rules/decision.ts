/**
 * The one definition of "should this request enable / hide / unhide": a declarative table that the
 * plan inspector's explainer (below, in TypeScript) and the generated PowerShell rules (embedded in
 * their base64 JSON configuration, interpreted by electron/powershell/Rules/HmcRule.Decision.ps1)
 * both evaluate. A test replays every fixture and proves the two agree.
 *
 * A rule has branches (after-modify: hide for a leaver, unhide for a rehire); each branch is a list of
 * checks. A check passes, fails or is unknown (the input that would decide it is missing). The first
 * branch with no failed check wins; unknown checks do not stop an action (the decision is then
 * "inconclusive"). `flow` is read from the AccountRequest's own arguments: IQService hands the rule only
 * the account request, not the plan (the community recipe put it on the plan, where the rule never sees it).
 */
import type { PlanValue } from '../plans/schemas';

export const RULE_ACTIONS = ['enable-remote-mailbox', 'hide-from-address-lists', 'unhide-from-address-lists', 'none'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];
export type RuleName = 'ConnectorAfterCreate' | 'ConnectorAfterModify';
export type RuleKind = 'after-create' | 'after-modify';

export const RULE_NAME: Record<RuleKind, RuleName> = { 'after-create': 'ConnectorAfterCreate', 'after-modify': 'ConnectorAfterModify' };

export type DecisionTest =
  | { kind: 'resultNoErrors' }
  /** Only evaluated when rules.adApplication is set (the check is left out otherwise). */
  | { kind: 'application' }
  | { kind: 'op'; in: string[] }
  | { kind: 'attribute'; name: string; in: string[]; absent: 'unknown' | 'fail' }
  | { kind: 'argument'; name: string; in: string[] }
  | { kind: 'anyOf'; tests: DecisionTest[] }
  | { kind: 'identity' }
  | { kind: 'routingDomain' }
  | { kind: 'hosts' };

export interface DecisionCheckSpec {
  name: string;
  test: DecisionTest;
  /** This check says the branch is the one meant (shown when no branch acts). */
  selects?: boolean;
}

export interface DecisionBranch {
  action: Exclude<RuleAction, 'none'>;
  checks: DecisionCheckSpec[];
}

export interface RuleDecisionSpec {
  rule: RuleName;
  /** Where the identity comes from, in order: the sAMAccountName attribute request, the nativeIdentity. */
  identity: Array<'sAMAccountName' | 'nativeIdentity'>;
  /** Whether the rule computes a routing address (after-create). */
  routing: boolean;
  branches: DecisionBranch[];
}

const RESULT: DecisionCheckSpec = { name: 'result has no errors', test: { kind: 'resultNoErrors' } };
const APPLICATION: DecisionCheckSpec = { name: 'application is the AD application', test: { kind: 'application' } };
const HOSTS: DecisionCheckSpec = { name: 'Exchange host configured', test: { kind: 'hosts' } };
const IDENTITY: DecisionCheckSpec = { name: 'identity known', test: { kind: 'identity' } };

export const DECISION_TABLE: Record<RuleName, RuleDecisionSpec> = {
  ConnectorAfterCreate: {
    rule: 'ConnectorAfterCreate',
    identity: ['sAMAccountName'],
    routing: true,
    branches: [
      {
        action: 'enable-remote-mailbox',
        checks: [
          RESULT,
          APPLICATION,
          { name: 'ObjectType is User', test: { kind: 'attribute', name: 'ObjectType', in: ['User'], absent: 'unknown' } },
          { name: 'op is Create', test: { kind: 'op', in: ['Create'] } },
          { name: 'flow is Joiner', test: { kind: 'argument', name: 'flow', in: ['Joiner'] }, selects: true },
          { name: 'sAMAccountName present', test: { kind: 'identity' } },
          { name: 'routing domain known', test: { kind: 'routingDomain' } },
          HOSTS,
        ],
      },
    ],
  },
  ConnectorAfterModify: {
    rule: 'ConnectorAfterModify',
    identity: ['sAMAccountName', 'nativeIdentity'],
    routing: false,
    branches: [
      {
        action: 'hide-from-address-lists',
        checks: [
          RESULT,
          APPLICATION,
          { name: 'op is Modify or Disable', test: { kind: 'op', in: ['Modify', 'Disable'] } },
          {
            name: 'leaver: flow is Leaver, or op is Disable',
            test: { kind: 'anyOf', tests: [{ kind: 'argument', name: 'flow', in: ['Leaver'] }, { kind: 'op', in: ['Disable'] }] },
            selects: true,
          },
          IDENTITY,
          HOSTS,
        ],
      },
      {
        action: 'unhide-from-address-lists',
        checks: [
          RESULT,
          APPLICATION,
          { name: 'op is Modify or Enable', test: { kind: 'op', in: ['Modify', 'Enable'] } },
          {
            name: 'rehire: flow is Rehire, or op is Enable',
            test: { kind: 'anyOf', tests: [{ kind: 'argument', name: 'flow', in: ['Rehire'] }, { kind: 'op', in: ['Enable'] }] },
            selects: true,
          },
          IDENTITY,
          HOSTS,
        ],
      },
    ],
  },
};

/** What the table is evaluated over: one account request and what surrounds it. */
export interface DecisionFacts {
  op: string;
  opDefaulted: boolean;
  application: string | null;
  nativeIdentity: string | null;
  arguments: Record<string, PlanValue>;
  attributes: Array<{ name: string; value: PlanValue }>;
  /** The ServiceResult's errors; null when no result was given. */
  resultErrors: string[] | null;
  /** The plan's arguments (evidence only: the rule never sees them). */
  planArguments: Record<string, PlanValue> | null;
}

export interface DecisionContext {
  /** rules.adApplication: the application name the rule accepts; null = any (the check is left out). */
  adApplication: string | null;
  routingDomain: string | null;
  routingDomainSource: 'input' | 'settings';
  /** rules.routingTemplate, e.g. {sAMAccountName}@{routingDomain}. */
  routingTemplate: string;
  /** exchange.hosts: the generated rules try these first. */
  configuredHosts: string[];
  /** ExchHost of $env:Application; null when no application document was given. */
  applicationHosts: string[] | null;
}

export type CheckStatus = 'pass' | 'fail' | 'unknown';
export interface EvaluatedCheck {
  name: string;
  status: CheckStatus;
  evidence: string;
}

export interface RuleDecision {
  rule: RuleName;
  action: RuleAction;
  identity: string | null;
  remoteRoutingAddress: string | null;
  exchangeHost: string | null;
  reason: string;
  conclusive: boolean;
  checks: EvaluatedCheck[];
}

export const DEFAULT_ROUTING_TEMPLATE = '{sAMAccountName}@{routingDomain}';
export const TEMPLATE_TOKENS = ['sAMAccountName', 'routingDomain'] as const;

/** {sAMAccountName} and {routingDomain} (case-insensitive) replaced; other text kept as it is. */
export function applyRoutingTemplate(template: string, values: { sAMAccountName: string; routingDomain: string }): string {
  return template.replace(/\{(sAMAccountName|routingDomain)\}/gi, (_m, t: string) =>
    t.toLowerCase() === 'samaccountname' ? values.sAMAccountName : values.routingDomain,
  );
}

/** A problem with a routing template (one sentence), or null. */
export function checkRoutingTemplate(template: string): string | null {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((t) => !/^(sAMAccountName|routingDomain)$/i.test(t));
  if (unknown.length) return `The routing template uses ${unknown.map((t) => `{${t}}`).join(', ')}; only {sAMAccountName} and {routingDomain} are known.`;
  if (!/\{sAMAccountName\}/i.test(template)) return 'The routing template must contain {sAMAccountName}, or every user would get the same routing address.';
  if (!/@/.test(template)) return 'The routing template must contain an @, e.g. {sAMAccountName}@{routingDomain}.';
  if (/[\s<>"]/.test(template)) return 'The routing template must not contain spaces, angle brackets or double quotes.';
  return null;
}

// ---------------------------------------------------------------- evaluation (the TypeScript side)

function str(v: PlanValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === '********' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function lookupCI(map: Record<string, PlanValue>, key: string): PlanValue | undefined {
  if (key in map) return map[key];
  const lower = key.toLowerCase();
  for (const k in map) if (k.toLowerCase() === lower) return map[k];
  return undefined;
}

function same(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.toLowerCase();
}

function orList(values: string[]): string {
  return values.map((v) => `"${v}"`).join(' or ');
}

function show(v: PlanValue | undefined): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'empty';
  return JSON.stringify(v).slice(0, 120);
}

function attribute(f: DecisionFacts, name: string): { present: boolean; value: PlanValue | undefined } {
  const lower = name.toLowerCase();
  for (const a of f.attributes) if (a.name.toLowerCase() === lower) return { present: true, value: a.value };
  return { present: false, value: undefined };
}

interface Derived {
  identity: string | null;
  identitySource: 'sAMAccountName' | 'nativeIdentity' | null;
  domain: string | null;
  domainEvidence: string;
  hosts: string[];
}

function derive(spec: RuleDecisionSpec, f: DecisionFacts, ctx: DecisionContext): Derived {
  let identity: string | null = null;
  let identitySource: Derived['identitySource'] = null;
  for (const s of spec.identity) {
    const v = s === 'sAMAccountName' ? str(attribute(f, 'sAMAccountName').value) : f.nativeIdentity;
    if (v) {
      identity = v;
      identitySource = s;
      break;
    }
  }
  const rra = str(attribute(f, 'remoteRoutingAddress').value);
  let domain: string | null = null;
  let domainEvidence: string;
  if (rra && rra.includes('@')) {
    domain = rra.slice(rra.lastIndexOf('@') + 1).trim();
    domainEvidence = `From the request's remoteRoutingAddress attribute (${rra}).`;
  } else if (ctx.routingDomain) {
    domain = ctx.routingDomain;
    domainEvidence = ctx.routingDomainSource === 'input' ? `Given with the inspection (--routing-domain): ${domain}.` : `From the settings (exchange.routingDomain): ${domain}.`;
  } else {
    domainEvidence = 'No remoteRoutingAddress attribute, no --routing-domain and no exchange.routingDomain setting.';
  }
  const hosts = ctx.configuredHosts.length ? ctx.configuredHosts : (ctx.applicationHosts ?? []);
  return { identity, identitySource, domain, domainEvidence, hosts };
}

function evaluate(test: DecisionTest, spec: RuleDecisionSpec, f: DecisionFacts, ctx: DecisionContext, d: Derived): { status: CheckStatus; evidence: string } {
  switch (test.kind) {
    case 'resultNoErrors':
      if (f.resultErrors === null) return { status: 'unknown', evidence: 'No ServiceResult was given (use --result or add $env:Result), so errors from IQService are unknown.' };
      if (f.resultErrors.length === 0) return { status: 'pass', evidence: 'The ServiceResult carries no errors.' };
      return { status: 'fail', evidence: `The ServiceResult carries ${f.resultErrors.length} error(s); first: ${f.resultErrors[0]!.slice(0, 300)}` };
    case 'application': {
      const want = ctx.adApplication ?? '';
      return same(f.application, want)
        ? { status: 'pass', evidence: `The request is for "${f.application}" (rules.adApplication).` }
        : { status: 'fail', evidence: `The request is for "${f.application ?? '(no application)'}", not the AD application "${want}" (rules.adApplication).` };
    }
    case 'op': {
      const dflt = f.opDefaulted ? ' (omitted, IIQ default)' : '';
      return test.in.some((o) => same(f.op, o))
        ? { status: 'pass', evidence: `The account request op is "${f.op}"${dflt}.` }
        : { status: 'fail', evidence: `The account request op is "${f.op}"${dflt}, not ${orList(test.in)}.` };
    }
    case 'attribute': {
      const a = attribute(f, test.name);
      if (!a.present) return { status: test.absent, evidence: `The request has no ${test.name} attribute request.` };
      const v = str(a.value);
      return test.in.some((x) => same(v, x))
        ? { status: 'pass', evidence: `${test.name} attribute request is "${v}".` }
        : { status: 'fail', evidence: `${test.name} is ${show(a.value)}, not ${orList(test.in)}.` };
    }
    case 'argument': {
      const v = str(lookupCI(f.arguments, test.name));
      if (v === null) {
        const plan = f.planArguments ? str(lookupCI(f.planArguments, test.name)) : null;
        return {
          status: 'fail',
          evidence: `The request has no "${test.name}" argument${plan ? ` (the plan has ${test.name} "${plan}", but IQService hands the rule only the account request)` : ''}.`,
        };
      }
      return test.in.some((x) => same(v, x))
        ? { status: 'pass', evidence: `The request's ${test.name} argument is "${v}".` }
        : { status: 'fail', evidence: `The request's ${test.name} argument is "${v}", not ${orList(test.in)}.` };
    }
    case 'anyOf': {
      const parts = test.tests.map((t) => evaluate(t, spec, f, ctx, d));
      const pass = parts.find((p) => p.status === 'pass');
      if (pass) return pass;
      return { status: parts.some((p) => p.status === 'unknown') ? 'unknown' : 'fail', evidence: parts.map((p) => p.evidence).join(' ') };
    }
    case 'identity':
      if (spec.identity.length === 1) {
        return d.identity
          ? { status: 'pass', evidence: `sAMAccountName is "${d.identity}".` }
          : { status: 'fail', evidence: 'The request has no sAMAccountName attribute request to enable.' };
      }
      return d.identity
        ? { status: 'pass', evidence: `Identity: ${d.identity} (${d.identitySource}).` }
        : { status: 'fail', evidence: 'The request has neither a sAMAccountName nor a nativeIdentity.' };
    case 'routingDomain':
      return { status: d.domain ? 'pass' : 'unknown', evidence: d.domainEvidence };
    case 'hosts':
      if (ctx.configuredHosts.length) {
        return { status: 'pass', evidence: `The settings name the Exchange hosts ${ctx.configuredHosts.join(', ')} (exchange.hosts); the generated rule tries them in this order (reachability is not tested here).` };
      }
      if (ctx.applicationHosts === null) return { status: 'unknown', evidence: 'No Application was given (use --application), so the ExchHost list is unknown.' };
      if (ctx.applicationHosts.length === 0) return { status: 'fail', evidence: 'The Application has no ExchHost in exchangeSettings; the rule has no Exchange server to connect to.' };
      return { status: 'pass', evidence: `ExchHost: ${ctx.applicationHosts.join(', ')}; the rule uses the first reachable one (reachability is not tested here).` };
  }
}

const DOING: Record<Exclude<RuleAction, 'none'>, (identity: string, routing: string | null) => string> = {
  'enable-remote-mailbox': (id, routing) => `Enable-RemoteMailbox ${id} -RemoteRoutingAddress ${routing ?? '?'}`,
  'hide-from-address-lists': (id) => `Set-RemoteMailbox ${id} -HiddenFromAddressListsEnabled $true`,
  'unhide-from-address-lists': (id) => `Set-RemoteMailbox ${id} -HiddenFromAddressListsEnabled $false`,
};

/** Evaluates one rule of the table for one account request. */
export function decide(rule: RuleName, f: DecisionFacts, ctx: DecisionContext): RuleDecision {
  const spec = DECISION_TABLE[rule];
  const d = derive(spec, f, ctx);
  const routing = spec.routing && d.identity && d.domain ? applyRoutingTemplate(ctx.routingTemplate, { sAMAccountName: d.identity, routingDomain: d.domain }) : null;
  const host = d.hosts[0] ?? null;
  const base = { rule, identity: d.identity, remoteRoutingAddress: routing, exchangeHost: host };
  const evaluated = spec.branches.map((b) => ({
    branch: b,
    checks: b.checks
      .filter((c) => c.test.kind !== 'application' || ctx.adApplication !== null)
      .map((c) => ({ spec: c, name: c.name, ...evaluate(c.test, spec, f, ctx, d) })),
  }));
  const acting = evaluated.find((e) => e.checks.every((c) => c.status !== 'fail'));
  if (acting) {
    const checks = acting.checks.map(({ name, status, evidence }) => ({ name, status, evidence }));
    const unknown = checks.filter((c) => c.status === 'unknown').map((c) => c.name);
    const doing = `${DOING[acting.branch.action](d.identity ?? '?', routing)}${host ? ` on ${host}` : ''}`;
    return {
      ...base,
      action: acting.branch.action,
      reason: unknown.length ? `${doing}, provided these unknowns hold: ${unknown.join(', ')}.` : `${doing}.`,
      conclusive: unknown.length === 0,
      checks,
    };
  }
  const shown = evaluated.find((e) => e.checks.some((c) => c.spec.selects && c.status === 'pass')) ?? evaluated[0]!;
  const checks = shown.checks.map(({ name, status, evidence }) => ({ name, status, evidence }));
  const failed = checks.filter((c) => c.status === 'fail');
  const first = failed[0]!;
  const reason = `No action: ${failed.length === 1 ? 'the check' : `${failed.length} checks`} ${failed.map((c) => `"${c.name}"`).join(', ')} failed. ${first.evidence.slice(0, 240)}`;
  return { ...base, action: 'none', reason, conclusive: true, checks };
}
