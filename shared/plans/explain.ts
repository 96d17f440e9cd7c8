/**
 * The explainer: what the reference after-create / after-modify rules would do with each
 * account request, as checks with evidence, plus findings about the setup itself.
 */
import type { AccountRequestModel, Decision, DecisionCheck, Finding, PlanMap, PlanValue, ResultModel, RuleModel } from './schemas';
import { asString, lookup } from './values';

export interface ExplainContext {
  requests: AccountRequestModel[];
  planArguments: PlanMap | null;
  result: ResultModel | null;
  /** Exchange hosts from the application (null when no application document was given). */
  exchangeHosts: string[] | null;
  routingDomain: string | null;
  routingDomainSource: 'input' | 'settings';
  /** Secret keys of a decoded map whose values were plaintext (from the SecretSink). */
  plaintextKeys(map: PlanMap): string[];
}

function attrValue(req: AccountRequestModel, name: string): PlanValue | undefined {
  const lower = name.toLowerCase();
  for (const a of req.attributeRequests) if (a.name.toLowerCase() === lower) return a.value;
  return undefined;
}

function show(v: PlanValue | undefined): string {
  if (v === undefined) return 'absent';
  if (v === null) return 'empty';
  return JSON.stringify(v).slice(0, 120);
}

function eq(a: string | null, b: string): boolean {
  return a !== null && a.trim().toLowerCase() === b.toLowerCase();
}

function resultCheck(result: ResultModel | null): DecisionCheck {
  if (!result) return { name: 'result has no errors', status: 'unknown', evidence: 'No ServiceResult was given (use --result or add $env:Result), so errors from IQService are unknown.' };
  if (result.errors.length === 0) return { name: 'result has no errors', status: 'pass', evidence: 'The ServiceResult carries no errors.' };
  return {
    name: 'result has no errors',
    status: 'fail',
    evidence: `The ServiceResult carries ${result.errors.length} error(s); first: ${result.errors[0]!.slice(0, 300)}`,
  };
}

function flowCheck(req: AccountRequestModel, want: string, planArgs: PlanMap | null): DecisionCheck {
  const flow = asString(lookup(req.arguments, 'flow'));
  const name = `flow is ${want}`;
  if (flow === null) {
    const planFlow = planArgs ? asString(lookup(planArgs, 'flow')) : null;
    return {
      name,
      status: 'fail',
      evidence: `The request has no "flow" argument${planFlow ? ` (the plan has flow "${planFlow}", but IQService hands the rule only the account request)` : ''}.`,
    };
  }
  return eq(flow, want)
    ? { name, status: 'pass', evidence: `The request's flow argument is "${flow}".` }
    : { name, status: 'fail', evidence: `The request's flow argument is "${flow}", not "${want}".` };
}

function hostCheck(hosts: string[] | null): { check: DecisionCheck; host: string | null } {
  const name = 'Exchange host configured';
  if (hosts === null) return { check: { name, status: 'unknown', evidence: 'No Application was given (use --application), so the ExchHost list is unknown.' }, host: null };
  if (hosts.length === 0) return { check: { name, status: 'fail', evidence: 'The Application has no ExchHost in exchangeSettings; the rule has no Exchange server to connect to.' }, host: null };
  return {
    check: { name, status: 'pass', evidence: `ExchHost: ${hosts.join(', ')}; the rule uses the first reachable one (reachability is not tested here).` },
    host: hosts[0]!,
  };
}

function conclude(
  base: Omit<Decision, 'action' | 'reason' | 'conclusive' | 'checks'>,
  checks: DecisionCheck[],
  action: Decision['action'],
  doing: string,
): Decision {
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length) {
    const first = failed[0]!;
    const reason = `No action: ${failed.length === 1 ? 'the check' : `${failed.length} checks`} ${failed.map((c) => `"${c.name}"`).join(', ')} failed. ${first.evidence.slice(0, 240)}`;
    return { ...base, action: 'none', reason, conclusive: true, checks };
  }
  const unknown = checks.filter((c) => c.status === 'unknown').map((c) => c.name);
  return {
    ...base,
    action,
    reason: unknown.length ? `${doing}, provided these unknowns hold: ${unknown.join(', ')}.` : `${doing}.`,
    conclusive: unknown.length === 0,
    checks,
  };
}

export function explain(ctx: ExplainContext): { decisions: Decision[]; findings: Finding[] } {
  const decisions: Decision[] = [];
  const findings: Finding[] = [];
  const { check: hCheck, host } = hostCheck(ctx.exchangeHosts);

  ctx.requests.forEach((req, index) => {
    const sam = asString(attrValue(req, 'sAMAccountName'));
    const objectType = attrValue(req, 'ObjectType');
    const op = req.op;
    const flow = asString(lookup(req.arguments, 'flow'));

    // ---- ConnectorAfterCreate ----
    const rra = asString(attrValue(req, 'remoteRoutingAddress'));
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
    const createChecks: DecisionCheck[] = [
      resultCheck(ctx.result),
      objectType === undefined
        ? { name: 'ObjectType is User', status: 'unknown', evidence: 'The request has no ObjectType attribute request.' }
        : eq(asString(objectType), 'User')
          ? { name: 'ObjectType is User', status: 'pass', evidence: 'ObjectType attribute request is "User".' }
          : { name: 'ObjectType is User', status: 'fail', evidence: `ObjectType is ${show(objectType)}, not "User".` },
      eq(op, 'Create')
        ? { name: 'op is Create', status: 'pass', evidence: 'The account request op is "Create".' }
        : { name: 'op is Create', status: 'fail', evidence: `The account request op is "${op}"${req.opDefaulted ? ' (omitted, IIQ default)' : ''}, not "Create".` },
      flowCheck(req, 'Joiner', ctx.planArguments),
      sam
        ? { name: 'sAMAccountName present', status: 'pass', evidence: `sAMAccountName is "${sam}".` }
        : { name: 'sAMAccountName present', status: 'fail', evidence: 'The request has no sAMAccountName attribute request to enable.' },
      { name: 'routing domain known', status: domain ? 'pass' : 'unknown', evidence: domainEvidence },
      hCheck,
    ];
    const routing = sam && domain ? `${sam}@${domain}` : null;
    decisions.push(
      conclude(
        { request: index, rule: 'ConnectorAfterCreate', identity: sam, remoteRoutingAddress: routing, exchangeHost: host },
        createChecks,
        'enable-remote-mailbox',
        `Enable-RemoteMailbox ${sam ?? '?'} -RemoteRoutingAddress ${routing ?? '?'}${host ? ` on ${host}` : ''}`,
      ),
    );

    // ---- ConnectorAfterModify ----
    const identity = sam ?? req.nativeIdentity;
    const modifyChecks: DecisionCheck[] = [
      resultCheck(ctx.result),
      eq(op, 'Modify') || eq(op, 'Disable')
        ? { name: 'op is Modify or Disable', status: 'pass', evidence: `The account request op is "${op}"${req.opDefaulted ? ' (omitted, IIQ default)' : ''}.` }
        : { name: 'op is Modify or Disable', status: 'fail', evidence: `The account request op is "${op}", not "Modify" or "Disable".` },
      flowCheck(req, 'Leaver', ctx.planArguments),
      identity
        ? { name: 'identity known', status: 'pass', evidence: `Identity: ${identity}${sam ? ' (sAMAccountName)' : ' (nativeIdentity)'}.` }
        : { name: 'identity known', status: 'fail', evidence: 'The request has neither a sAMAccountName nor a nativeIdentity.' },
      hCheck,
    ];
    decisions.push(
      conclude(
        { request: index, rule: 'ConnectorAfterModify', identity: identity ?? null, remoteRoutingAddress: null, exchangeHost: host },
        modifyChecks,
        'hide-from-address-lists',
        `Set-RemoteMailbox ${identity ?? '?'} -HiddenFromAddressListsEnabled $true${host ? ` on ${host}` : ''}`,
      ),
    );

    if (flow === null && (eq(op, 'Create') || eq(op, 'Modify') || eq(op, 'Disable'))) {
      findings.push({
        severity: 'warning',
        code: 'FLOW_MISSING',
        message: `Account request ${index + 1} (${req.op} ${req.nativeIdentity ?? ''}) has no "flow" argument: the reference rules act only when flow is Joiner (after-create) or Leaver (after-modify), so they do nothing here. Pass the workflow's flow in the request arguments (e.g. from the provisioning policy or a before-provisioning rule).`,
        request: index,
      });
    }
    credentialFindings(req.arguments, `account request ${index + 1}'s arguments`, findings, index, ctx.plaintextKeys(req.arguments));
  });
  if (ctx.planArguments) credentialFindings(ctx.planArguments, 'the plan arguments', findings, null, ctx.plaintextKeys(ctx.planArguments));
  return { decisions, findings };
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
