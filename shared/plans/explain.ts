/**
 * The explainer: what the reference after-create / after-modify rules would do with each
 * account request, as checks with evidence, plus findings about the setup itself. The decision
 * itself is shared/rules/decision.ts's table, the same one the generated rules interpret.
 */
import type { AccountRequestModel, Decision, Finding, PlanMap, ResultModel, RuleModel } from './schemas';
import { asString, lookup } from './values';
import { DEFAULT_ROUTING_TEMPLATE, decide, type DecisionContext, type DecisionFacts } from '../rules/decision';

export interface ExplainContext {
  requests: AccountRequestModel[];
  planArguments: PlanMap | null;
  result: ResultModel | null;
  /** Exchange hosts from the application (null when no application document was given). */
  exchangeHosts: string[] | null;
  routingDomain: string | null;
  routingDomainSource: 'input' | 'settings';
  /** rules.routingTemplate (default {sAMAccountName}@{routingDomain}). */
  routingTemplate?: string;
  /** exchange.hosts: the generated rules try these before the Application's ExchHost. */
  configuredHosts?: string[];
  /** rules.adApplication: when set, the rules act only for requests on this application. */
  adApplication?: string | null;
  /** Secret keys of a decoded map whose values were plaintext (from the SecretSink). */
  plaintextKeys(map: PlanMap): string[];
}

export function explain(ctx: ExplainContext): { decisions: Decision[]; findings: Finding[] } {
  const decisions: Decision[] = [];
  const findings: Finding[] = [];
  const context: DecisionContext = {
    adApplication: ctx.adApplication ?? null,
    routingDomain: ctx.routingDomain,
    routingDomainSource: ctx.routingDomainSource,
    routingTemplate: ctx.routingTemplate ?? DEFAULT_ROUTING_TEMPLATE,
    configuredHosts: ctx.configuredHosts ?? [],
    applicationHosts: ctx.exchangeHosts,
  };

  ctx.requests.forEach((req, index) => {
    const facts = requestFacts(req, ctx.result, ctx.planArguments);
    for (const rule of ['ConnectorAfterCreate', 'ConnectorAfterModify'] as const) {
      decisions.push({ request: index, ...decide(rule, facts, context) });
    }
    const flow = asString(lookup(req.arguments, 'flow'));
    const op = req.op.trim().toLowerCase();
    if (flow === null && (op === 'create' || op === 'modify')) {
      findings.push({
        severity: 'warning',
        code: 'FLOW_MISSING',
        message: `Account request ${index + 1} (${req.op} ${req.nativeIdentity ?? ''}) has no "flow" argument: the reference rules act only when flow is Joiner (after-create), or Leaver / Rehire (after-modify; a Disable or Enable operation acts without it), so they do nothing here. Pass the workflow's flow in the request arguments (e.g. from the provisioning policy or a before-provisioning rule).`,
        request: index,
      });
    }
    credentialFindings(req.arguments, `account request ${index + 1}'s arguments`, findings, index, ctx.plaintextKeys(req.arguments));
  });
  if (ctx.planArguments) credentialFindings(ctx.planArguments, 'the plan arguments', findings, null, ctx.plaintextKeys(ctx.planArguments));
  return { decisions, findings };
}

/** The facts the decision table reads from an account request (shared with the generated rules). */
export function requestFacts(req: AccountRequestModel, result: ResultModel | null, planArguments: PlanMap | null): DecisionFacts {
  return {
    op: req.op,
    opDefaulted: req.opDefaulted,
    application: req.application,
    nativeIdentity: req.nativeIdentity,
    arguments: req.arguments,
    attributes: req.attributeRequests.map((a) => ({ name: a.name, value: a.value })),
    resultErrors: result ? result.errors : null,
    planArguments,
  };
}

/** The community recipe that passes username/pwdText in plain text (encrypted keyId:base64 values are fine). */
function credentialFindings(args: PlanMap, where: string, findings: Finding[], request: number | null, plaintextKeys: string[]): void {
  if (plaintextKeys.length === 0) return;
  const user = lookup(args, 'username') ?? lookup(args, 'user');
  findings.push({
    severity: 'error',
    code: 'PLAINTEXT_CREDENTIAL',
    message: `${where[0]!.toUpperCase()}${where.slice(1)} carry a credential in plain text (${user !== undefined ? 'username and ' : ''}${plaintextKeys.join(', ')}); anyone who can read plans, logs or IQService traces can read it. Remove it and let the rule run as the IQService service account with its Kerberos identity (grant that account the Exchange role) instead.`,
    request,
  });
}

export function applicationFindings(hosts: string[]): Finding[] {
  const out: Finding[] = [];
  if (hosts.length === 0) {
    out.push({ severity: 'warning', code: 'EXCHHOST_MISSING', message: 'The Application has no ExchHost (exchangeSettings); rules that read $app.exchangeSettings[0].ExchHost[0] have no Exchange server to connect to. Add the Exchange servers\' FQDNs.', request: null });
  }
  for (const h of hosts) {
    if (/^\d{1,3}(\.\d{1,3}){3}$/.test(h) || (h.includes(':') && /^[0-9a-f:.[\]]+$/i.test(h))) {
      out.push({ severity: 'warning', code: 'EXCHHOST_IP', message: `ExchHost ${h} is an IP address: Kerberos needs a host name to find the SPN, so remote PowerShell to Exchange fails with 401. Use the server's FQDN.`, request: null });
    }
  }
  return out;
}

export function ruleFindings(rule: RuleModel): Finding[] {
  const out: Finding[] = [];
  const keys = Object.keys(rule.attributes);
  if (keys.includes('objectOrientedScript') && !keys.includes('ObjectOrientedScript')) {
    out.push({ severity: 'error', code: 'RULE_OOS_SPELLING', message: 'The rule spells the key "objectOrientedScript" with a lower-case o; the connector reads "ObjectOrientedScript" (capital O) and ignores this one, so $env:Request/$env:Result are not provided. Rename the key.', request: null });
  } else if (rule.objectOrientedScript !== true) {
    out.push({ severity: 'warning', code: 'RULE_NOT_OBJECT_ORIENTED', message: 'ObjectOrientedScript is not true, so IQService does not pass $env:Request/$env:Result/$env:Application; add <entry key="ObjectOrientedScript" value="true"/>.', request: null });
  }
  const timeout = rule.timeout;
  if (timeout === null || timeout < 60) {
    out.push({
      severity: 'warning',
      code: 'RULE_TIMEOUT_SHORT',
      message: `The rule timeout is ${timeout === null ? 'not set (IQService default: 10 s)' : `${timeout} s`}; connecting to Exchange alone often takes longer, so IQService aborts the script. Set timeout to 300.`,
      request: null,
    });
  }
  if (rule.disabled === true) {
    out.push({ severity: 'warning', code: 'RULE_DISABLED', message: 'The rule is disabled (disabled = true): IQService skips it. Set disabled to false to run it.', request: null });
  }
  if (/\bInvoke-Expression\b|(^|[\s;|(])iex\s/im.test(rule.source)) {
    const overRequest = /\$env:Request|requestString|requestAsString|\$request/i.test(rule.source);
    out.push({
      severity: overRequest ? 'error' : 'warning',
      code: 'RULE_INVOKE_EXPRESSION',
      message: overRequest
        ? 'The rule source runs Invoke-Expression over text built from the request: an apostrophe in a value (O\'Brien, or a typographic one) breaks the call and crafted values can inject code. Call the script with the call operator instead: & $command -requestString $requestAsString.'
        : 'The rule source uses Invoke-Expression; if any of its text comes from the request, values can break or inject code. Prefer the call operator (&) with arguments.',
      request: null,
    });
  }
  if (rule.type && !/^Connector(Before|After)(Create|Modify|Delete)$/.test(rule.type)) {
    out.push({ severity: 'info', code: 'RULE_TYPE', message: `The rule type "${rule.type}" is not a native IQService rule type (ConnectorBefore/After Create/Modify/Delete).`, request: null });
  }
  return out;
}
