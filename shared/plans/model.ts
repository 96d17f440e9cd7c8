/**
 * Builds the inspector's model from a parsed document, by root element.
 */
import { HmcError } from '../errors';
import type {
  AccountRequestModel,
  ApplicationModel,
  AttributeRequestModel,
  PlanHeader,
  PlanKind,
  PlanMap,
  PlanValue,
  ResultModel,
  RuleModel,
} from './schemas';
import { isSecretName, redactText } from '../secrets';
import type { SecretSink } from './secrets';
import { asBool, asString, decodeEntry, decodeMap, decodeValueElement, lookup, safeKey, scalar } from './values';
import { attr, childrenOf, elementsOf, tagOf, textOf, type XNode } from './xml';

export interface DocumentModel {
  kind: PlanKind;
  plan: PlanHeader | null;
  accountRequests: AccountRequestModel[];
  result: ResultModel | null;
  application: ApplicationModel | null;
  rule: RuleModel | null;
}

const KINDS: ReadonlySet<string> = new Set(['AccountRequest', 'ProvisioningPlan', 'ProvisioningProject', 'ServiceResult', 'Application', 'Map', 'Rule']);

export function isKnownRoot(root: string): root is PlanKind {
  return KINDS.has(root);
}

export function buildModel(root: string, node: XNode, sink: SecretSink, label: string): DocumentModel {
  const empty: DocumentModel = { kind: 'Map', plan: null, accountRequests: [], result: null, application: null, rule: null };
  switch (root) {
    case 'AccountRequest':
      return { ...empty, kind: root, accountRequests: [accountRequest(node, sink, 'AccountRequest')] };
    case 'ProvisioningPlan': {
      const { header, requests } = provisioningPlan(node, sink, 'ProvisioningPlan');
      return { ...empty, kind: root, plan: header, accountRequests: requests };
    }
    case 'ProvisioningProject':
      return { ...empty, kind: root, ...provisioningProject(node, sink) };
    case 'ServiceResult':
      return { ...empty, kind: root, result: serviceResult(node, sink) };
    case 'Application':
    case 'Map':
      return { ...empty, kind: root, application: application(node, root, sink) };
    case 'Rule':
      return { ...empty, kind: root, rule: rule(node, sink) };
    default:
      throw new HmcError(
        'XML_UNKNOWN_ROOT',
        `The ${label}'s root element <${root.slice(0, 80)}> is not one the inspector reads; expected ProvisioningPlan, ProvisioningProject, AccountRequest, ServiceResult, Application, Map or Rule.`,
      );
  }
}

/** The <Attributes><Map> child of an element, decoded (or {}). */
function argumentsOf(node: XNode, sink: SecretSink): PlanMap {
  for (const c of childrenOf(node)) {
    if ('Attributes' in c) {
      for (const m of elementsOf(c)) if ('Map' in m) return decodeMap(m, sink);
      return {};
    }
  }
  return {};
}

export function accountRequest(node: XNode, sink: SecretSink, origin: string): AccountRequestModel {
  const opAttr = attr(node, 'op');
  const requests: AttributeRequestModel[] = [];
  let args: PlanMap = {};
  let provisioningResult: string | null = null;
  for (const c of childrenOf(node)) {
    if ('AttributeRequest' in c) requests.push(attributeRequest(c, sink));
    else if ('Attributes' in c) {
      for (const m of elementsOf(c)) if ('Map' in m) args = decodeMap(m, sink);
    } else if ('ProvisioningResult' in c) provisioningResult = attr(c, 'status');
  }
  return {
    application: attr(node, 'application'),
    nativeIdentity: attr(node, 'nativeIdentity'),
    op: opAttr ?? 'Modify',
    opDefaulted: opAttr === null,
    targetIntegration: attr(node, 'targetIntegration'),
    arguments: args,
    attributeRequests: requests,
    provisioningResult,
    origin,
  };
}

function attributeRequest(node: XNode, sink: SecretSink): AttributeRequestModel {
  const name = attr(node, 'name') ?? '';
  const op = attr(node, 'op') ?? 'Add';
  let args: PlanMap = {};
  let valueNode: XNode | null = null;
  const kids = childrenOf(node);
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i]!;
    if ('Value' in c || 'value' in c) valueNode = c;
    else if ('Attributes' in c) args = argumentsOf(node, sink);
  }
  const secret = isSecretName(name) || asBool(lookup(args, 'secret')) === true;
  const v = attr(node, 'value');
  let value: PlanValue = v !== null ? scalar(v, sink) : valueNode ? decodeValueElement(valueNode, sink) : null;
  let masked = false;
  if (secret && value !== null) {
    value = sink.mask(value);
    masked = true;
  } else if (value === '********' && v !== null) masked = true;
  return { name, op, value, masked, arguments: args };
}

function provisioningPlan(node: XNode, sink: SecretSink, origin: string): { header: PlanHeader; requests: AccountRequestModel[] } {
  const requests: AccountRequestModel[] = [];
  let args: PlanMap = {};
  const requesters: PlanHeader['requesters'] = [];
  for (const c of childrenOf(node)) {
    if ('AccountRequest' in c) requests.push(accountRequest(c, sink, origin));
    else if ('Attributes' in c) {
      for (const m of elementsOf(c)) if ('Map' in m) args = decodeMap(m, sink);
    } else if ('Requesters' in c) {
      for (const r of elementsOf(c)) requesters.push({ name: attr(r, 'name'), id: attr(r, 'id'), class: attr(r, 'class') });
    }
  }
  return {
    header: {
      nativeIdentity: attr(node, 'nativeIdentity'),
      targetIntegration: attr(node, 'targetIntegration'),
      trackingId: attr(node, 'trackingId'),
      arguments: args,
      requesters,
    },
    requests,
  };
}

function provisioningProject(node: XNode, sink: SecretSink): Pick<DocumentModel, 'plan' | 'accountRequests'> {
  const compiled: XNode[] = [];
  let master: XNode | null = null;
  for (const c of childrenOf(node)) {
    if ('ProvisioningPlan' in c) compiled.push(c);
    else if ('MasterPlan' in c || 'Plans' in c) {
      for (const p of elementsOf(c)) {
        if (!('ProvisioningPlan' in p)) continue;
        if ('MasterPlan' in c) master = p;
        else compiled.push(p);
      }
    }
  }
  const requests: AccountRequestModel[] = [];
  let header: PlanHeader | null = null;
  // The compiled plans carry the expanded attributes the connector receives; the master plan is the fallback.
  compiled.forEach((p, i) => {
    const r = provisioningPlan(p, sink, compiled.length > 1 ? `ProvisioningPlan[${i + 1}]` : 'ProvisioningPlan');
    requests.push(...r.requests);
    header ??= r.header;
  });
  if (master) {
    const r = provisioningPlan(master, sink, 'MasterPlan');
    if (requests.length === 0) requests.push(...r.requests);
    header = r.header.arguments && Object.keys(r.header.arguments).length ? r.header : (header ?? r.header);
  }
  return { plan: header, accountRequests: requests };
}

/**
 * ServiceResult: its exact layout is undocumented, so Errors/Warnings strings and entry keys are
 * collected wherever they appear (iteratively: no recursion over the document).
 */
export function serviceResult(node: XNode, sink: SecretSink): ResultModel {
  const errors: string[] = [];
  const warnings: string[] = [];
  const attributes: PlanMap = {};
  const stack: Array<{ n: XNode; bucket: string[] | null }> = [{ n: node, bucket: null }];
  while (stack.length) {
    const { n, bucket } = stack.pop()!;
    const tag = tagOf(n);
    if (tag === 'entry') {
      const key = attr(n, 'key');
      if (key !== null) attributes[safeKey(key)] = decodeEntry(n, key, sink);
      continue;
    }
    let b = bucket;
    if (tag === 'Errors' || tag === 'errors') b = errors;
    else if (tag === 'Warnings' || tag === 'warnings') b = warnings;
    const kids = elementsOf(n);
    if (b && kids.length === 0) {
      const t = textOf(n).trim();
      if (t) b.push(t);
      continue;
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ n: kids[i]!, bucket: b });
  }
  const clean = (s: string) => sink.scrub(redactText(s));
  return { errors: errors.map(clean), warnings: warnings.map(clean), attributes };
}

function application(node: XNode, root: 'Application' | 'Map', sink: SecretSink): ApplicationModel {
  const attributes = root === 'Map' ? decodeMap(node, sink) : argumentsOf(node, sink);
  const str = (k: string) => asString(lookup(attributes, k));
  const port = str('IQServicePort');
  const portNum = port !== null && /^\d{1,5}$/.test(port.trim()) ? Number(port) : null;
  return {
    name: root === 'Application' ? attr(node, 'name') : null,
    type: root === 'Application' ? attr(node, 'type') : null,
    connector: root === 'Application' ? attr(node, 'connector') : null,
    iqServiceHost: str('IQServiceHost') ?? str('IQServerHost'),
    iqServicePort: portNum,
    iqServiceTls: asBool(lookup(attributes, 'useTLSForIQService')),
    nativeRules: stringList(lookup(attributes, 'nativeRules')),
    exchangeHosts: exchangeHostsOf(attributes),
    attributes,
  };
}

function stringList(v: PlanValue | undefined): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap((x) => stringList(x));
  const s = asString(v);
  return s === null ? [] : s.split(',').map((x) => x.trim()).filter(Boolean);
}

/** ExchHost values of every exchangeSettings map (List of Map), plus a top-level ExchHost. */
export function exchangeHostsOf(attributes: PlanMap): string[] {
  const hosts: string[] = [];
  const settings = lookup(attributes, 'exchangeSettings');
  const maps = Array.isArray(settings) ? settings : settings && typeof settings === 'object' ? [settings] : [];
  for (const m of maps) {
    if (m && typeof m === 'object' && !Array.isArray(m)) hosts.push(...stringList(lookup(m, 'ExchHost')));
  }
  hosts.push(...stringList(lookup(attributes, 'ExchHost')));
  return [...new Set(hosts)];
}

function rule(node: XNode, sink: SecretSink): RuleModel {
  const attributes = argumentsOf(node, sink);
  let source = '';
  for (const c of childrenOf(node)) if ('Source' in c) source = textOf(c);
  const timeoutRaw = asString(lookup(attributes, 'timeout'));
  const timeout = timeoutRaw !== null && /^\s*\d+(\.\d+)?\s*$/.test(timeoutRaw) ? Number(timeoutRaw) : null;
  const oos = 'ObjectOrientedScript' in attributes ? asBool(attributes['ObjectOrientedScript']) : null;
  // Credentials typed into the rule body: mask the literal shapes, then any secret seen elsewhere.
  const masked = sink.scrub(redactText(source));
  return {
    name: attr(node, 'name'),
    type: attr(node, 'type'),
    language: attr(node, 'language'),
    objectOrientedScript: oos,
    extension: asString(lookup(attributes, 'extension')),
    program: asString(lookup(attributes, 'program')),
    timeout,
    disabled: asBool(lookup(attributes, 'disabled')) ?? (attr(node, 'disabled') === null ? null : asBool(attr(node, 'disabled'))),
    attributes,
    source: masked,
  };
}

