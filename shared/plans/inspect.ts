/**
 * inspectPlan: decode -> validate -> parse -> model (secrets masked) -> explain -> scrub.
 * Pure (no Node, no DOM): used by the core's plan.inspect handler and usable in the renderer.
 */
import { HmcError } from '../errors';
import { MASK, isEncrypted, maskLogText, redactText } from '../secrets';
import type { DocumentInfo, Finding, PlanInspection, PlanKind } from './schemas';
import { decodeDocument, extractXml } from './decode';
import { applicationFindings, explain, ruleFindings } from './explain';
import { buildModel, isKnownRoot, type DocumentModel } from './model';
import { SecretSink } from './secrets';
import { asString, lookup } from './values';
import { checkProlog, decodeEntities, parseXml } from './xml';

export type DocumentSource = string | Uint8Array;

export interface InspectOptions {
  document: DocumentSource;
  result?: DocumentSource | null;
  application?: DocumentSource | null;
  /** Routing domain from --routing-domain (source "input") or the settings (source "settings"). */
  routingDomain?: string | null;
  routingDomainSource?: 'input' | 'settings';
  includeRaw?: boolean;
  /** rules.routingTemplate, exchange.hosts and rules.adApplication: what the generated rules use. */
  routingTemplate?: string;
  configuredHosts?: string[];
  adApplication?: string | null;
}

type Role = DocumentInfo['role'];

const LABEL: Record<Role, string> = { document: 'document', result: 'result document', application: 'application document' };
const ALLOWED: Record<Role, readonly PlanKind[] | null> = {
  document: null,
  result: ['ServiceResult'],
  application: ['Application', 'Map'],
};

interface Loaded {
  info: DocumentInfo;
  model: DocumentModel;
  xml: string;
  invalidUtf8At: number | null;
}

function load(source: DocumentSource, role: Role, sink: SecretSink): Loaded {
  const label = LABEL[role];
  const decoded = decodeDocument(source, label);
  const { xml, offset } = extractXml(decoded.text);
  const declared = checkProlog(xml, label);
  if (declared !== null) checkRoot(declared, role);
  const parsed = parseXml(xml, label, decoded.text, offset);
  checkRoot(parsed.root, role);
  const model = buildModel(parsed.root, parsed.node, sink, label);
  return {
    info: { role, kind: model.kind, encoding: decoded.encoding, prefixLength: offset, size: decoded.size },
    model,
    xml,
    invalidUtf8At: decoded.invalidUtf8At ?? null,
  };
}

function encodingFindings(docs: Array<Loaded | null>): Finding[] {
  const out: Finding[] = [];
  for (const d of docs) {
    if (d?.invalidUtf8At == null) continue;
    out.push({
      severity: 'warning',
      code: 'INVALID_UTF8',
      message: `The ${LABEL[d.info.role]} is not valid UTF-8 from byte offset ${d.invalidUtf8At} on (the first invalid sequence); such bytes show as U+FFFD, so values there may be wrong. Save the file as UTF-8 (or UTF-16 with a BOM) and inspect it again.`,
      request: null,
    });
  }
  return out;
}

function checkRoot(root: string, role: Role): void {
  const allowed = ALLOWED[role];
  if (!isKnownRoot(root)) {
    throw new HmcError(
      'XML_UNKNOWN_ROOT',
      `The ${LABEL[role]}'s root element <${root.slice(0, 80)}> is not one the inspector reads; expected ${allowed ? allowed.join(' or ') : 'ProvisioningPlan, ProvisioningProject, AccountRequest, ServiceResult, Application, Map or Rule'}.`,
    );
  }
  if (allowed && !allowed.includes(root)) {
    throw new HmcError('XML_UNKNOWN_ROOT', `The ${LABEL[role]} is a <${root}>, but it must be ${allowed.map((a) => `a <${a}>`).join(' or ')}.`);
  }
}

export function inspectPlan(opts: InspectOptions): PlanInspection {
  const sink = new SecretSink();
  const main = load(opts.document, 'document', sink);
  const res = opts.result != null ? load(opts.result, 'result', sink) : null;
  const app = opts.application != null ? load(opts.application, 'application', sink) : null;

  const m = main.model;
  const result = m.result ?? res?.model.result ?? null;
  const application = m.application ?? app?.model.application ?? null;
  const exchangeHosts = application?.exchangeHosts ?? [];

  // Routing domain: a remoteRoutingAddress attribute wins (per request, in the explainer), else input/settings.
  const routingDomainInput = opts.routingDomain?.trim() || null;
  const requestDomain = m.accountRequests
    .map((r) => asString(r.attributeRequests.find((a) => a.name.toLowerCase() === 'remoteroutingaddress')?.value))
    .find((v): v is string => !!v && v.includes('@'));

  const { decisions, findings } = explain({
    requests: m.accountRequests,
    planArguments: m.plan?.arguments ?? null,
    result,
    exchangeHosts: application ? exchangeHosts : null,
    routingDomain: routingDomainInput,
    routingDomainSource: opts.routingDomainSource ?? 'input',
    routingTemplate: opts.routingTemplate,
    configuredHosts: opts.configuredHosts,
    adApplication: opts.adApplication,
    plaintextKeys: (map) => sink.plaintextKeys(map),
  });
  if (application) findings.push(...applicationFindings(exchangeHosts));
  if (m.rule) findings.push(...ruleFindings(m.rule));
  findings.push(...otherFindings(m, result));
  findings.push(...encodingFindings([main, res, app]));

  const inspection: PlanInspection = {
    kind: m.kind,
    documents: [main.info, ...(res ? [res.info] : []), ...(app ? [app.info] : [])],
    plan: m.plan,
    accountRequests: m.accountRequests,
    result,
    application,
    rule: m.rule,
    exchangeHosts,
    routingDomain: requestDomain
      ? { value: requestDomain.slice(requestDomain.lastIndexOf('@') + 1), source: 'request' }
      : routingDomainInput
        ? { value: routingDomainInput, source: opts.routingDomainSource ?? 'input' }
        : { value: null, source: 'none' },
    decisions,
    findings,
    raw: opts.includeRaw
      ? { document: maskRawXml(main.xml, sink), result: res ? maskRawXml(res.xml, sink) : null, application: app ? maskRawXml(app.xml, sink) : null }
      : null,
  };
  if (sink.literals.size) scrubStrings(inspection, sink);
  return inspection;
}

function otherFindings(m: DocumentModel, result: PlanInspection['result']): Finding[] {
  const out: Finding[] = [];
  if ((m.kind === 'ProvisioningPlan' || m.kind === 'ProvisioningProject') && m.accountRequests.length === 0) {
    out.push({ severity: 'info', code: 'NO_ACCOUNT_REQUESTS', message: 'The plan holds no account request, so no native rule runs for it.', request: null });
  }
  m.accountRequests.forEach((r, i) => {
    if (r.opDefaulted) {
      out.push({ severity: 'info', code: 'OP_DEFAULTED', message: `Account request ${i + 1} has no op attribute; IdentityIQ treats it as Modify.`, request: i });
    }
  });
  if (result) {
    const dc = asString(lookup(result.attributes, 'createdOnServer'));
    if (dc && result.errors.some((e) => /couldn't be found|could not be found|not found on/i.test(e) && !e.includes(dc))) {
      out.push({
        severity: 'warning',
        code: 'REPLICATION_LAG',
        message: `The account was created on ${dc}, but the Exchange call looked elsewhere and did not find it: pass -DomainController ${dc} (the result's createdOnServer) to Enable-RemoteMailbox / Set-RemoteMailbox.`,
        request: null,
      });
    }
    if (result.errors.length) {
      out.push({ severity: 'error', code: 'RESULT_ERRORS', message: `The ServiceResult reports ${result.errors.length} error(s); the after-rule's action failed or did not run (see the result's errors).`, request: null });
    }
  }
  return out;
}

/**
 * The raw XML with every secret masked: attribute values and text equal to a masked literal or
 * shaped like an IIQ-encrypted value, plus the free-text credential patterns of redactText. Large
 * documents are masked in pieces cut after a tag (never inside a tag or a CDATA section), so no
 * intermediate copy of the whole text is made per pattern.
 */
export function maskRawXml(xml: string, sink: SecretSink): string {
  if (xml.length <= RAW_PIECE) return maskPiece(xml, sink);
  const pieces: string[] = [];
  let from = 0;
  while (from < xml.length) {
    // Cut between a tag's end and the next tag's start, so a text node stays whole with its delimiters.
    BETWEEN_TAGS.lastIndex = from + RAW_PIECE;
    const m = BETWEEN_TAGS.exec(xml);
    let cut = m ? m.index + 1 : xml.length;
    // Never inside a CDATA section: past the end of one that spans the cut.
    for (let c = xml.indexOf('<![CDATA[', from); c >= 0 && c < cut; c = xml.indexOf('<![CDATA[', c + 9)) {
      const end = xml.indexOf(']]>', c + 9);
      if (end < 0) cut = xml.length;
      else if (end + 3 > cut) cut = end + 3;
      if (end < 0) break;
      c = end;
    }
    pieces.push(maskPiece(xml.slice(from, cut), sink));
    from = cut;
  }
  return pieces.join('');
}

const RAW_PIECE = 256 * 1024;
const BETWEEN_TAGS = />\s*</g;

function maskPiece(xml: string, sink: SecretSink): string {
  const hide = (raw: string): boolean => {
    const v = decodeEntities(raw).trim();
    return v !== '' && v !== MASK && (sink.literals.has(v) || isEncrypted(v));
  };
  const out = xml.replace(/(<!\[CDATA\[)([\s\S]*?)(\]\]>)|(=\s*)(?:"([^"]*)"|'([^']*)')|>([^<]+)</g, (m, c1: string, cdata: string, c3: string, eq: string, dq?: string, sq?: string, text?: string) => {
    if (c1 !== undefined) return `${c1}${sink.scrub(redactText(cdata))}${c3}`;
    if (eq !== undefined) {
      const v = dq ?? sq ?? '';
      if (!hide(v)) return m;
      return dq !== undefined ? `${eq}"${MASK}"` : `${eq}'${MASK}'`;
    }
    if (text !== undefined && hide(text)) {
      const lead = /^\s*/.exec(text)![0];
      const trail = /\s*$/.exec(text)![0];
      return `>${lead}${MASK}${trail}<`;
    }
    return m;
  });
  return maskLogText(out);
}

/** Up to this many distinct secrets, every output string is searched for them as substrings. */
const FULL_SCRUB_LIMIT = 32;

/**
 * Safety net: no remembered secret survives in the output. Free text (result messages, rule
 * source, raw XML, decisions, findings) is always searched for secrets as substrings; the decoded
 * model is searched the same way when the document holds few secrets (real plans hold one to
 * three), and for exact matches when it holds many (a benchmark-sized plan), to stay linear.
 */
function scrubStrings(r: PlanInspection, sink: SecretSink): void {
  const full = sink.searchable().length <= FULL_SCRUB_LIMIT;
  const text = (s: string) => (s === MASK ? s : sink.scrub(s));
  walk(r.accountRequests, full ? text : (s) => sink.scrubExact(s));
  walk(r.plan, full ? text : (s) => sink.scrubExact(s));
  walk(r.application, full ? text : (s) => sink.scrubExact(s));
  walk(r.result, text);
  walk(r.rule, text);
  walk(r.decisions, text);
  walk(r.findings, text);
  walk(r.exchangeHosts, text);
  // The raw XML had every value and text node equal to a secret masked by maskRawXml; it is also searched for
  // them as substrings unless that would take seconds (thousands of literals in 20 MB).
  if (r.raw) {
    const budget = (s: string | null) => s !== null && sink.searchable().length * s.length <= RAW_SCRUB_BUDGET;
    const raw = r.raw;
    if (budget(raw.document)) raw.document = text(raw.document);
    if (raw.result !== null && budget(raw.result)) raw.result = text(raw.result);
    if (raw.application !== null && budget(raw.application)) raw.application = text(raw.application);
  }
}

/** Literals x characters searched in a raw document, at most (about a second of work). */
const RAW_SCRUB_BUDGET = 1e9;

function walk(root: unknown, fix: (s: string) => string): void {
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') v[i] = fix(x);
        else if (x && typeof x === 'object') stack.push(x);
      }
    } else {
      const o = v as Record<string, unknown>;
      for (const k in o) {
        const x = o[k];
        if (typeof x === 'string') o[k] = fix(x);
        else if (x && typeof x === 'object') stack.push(x);
      }
    }
  }
}
