/**
 * Safe XML reading with fast-xml-parser: the prolog is checked first (entity declarations are
 * refused, the DTD is never fetched or read), XMLValidator reports malformed XML with line and
 * column, and the parser runs with entity processing off (the five predefined entities and
 * character references are decoded here, nothing else is ever expanded).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { HmcError } from '../errors';

/** A node of fast-xml-parser's preserveOrder output. */
export type XNode = Record<string, unknown>;

export const MAX_DEPTH = 400;
const CDATA = '#cdata';

const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  processEntities: false,
  htmlEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: CDATA,
  maxNestedTags: MAX_DEPTH,
  jPath: false,
});

export interface ParsedXml {
  root: string;
  /** The root node (preserveOrder form). */
  node: XNode;
}

function position(text: string, index: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, col: index - last };
}

/**
 * Scans the prolog (declaration, comments, processing instructions, DOCTYPE) up to the root
 * start tag. Refuses a DOCTYPE whose internal subset declares entities (internal or external).
 */
export function checkProlog(xml: string, label: string): string | null {
  let i = 0;
  const n = xml.length;
  for (;;) {
    while (i < n && /\s/.test(xml[i]!)) i++;
    if (i >= n) return null;
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return null;
      i = end + 2;
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
    } else if (xml.startsWith('<!DOCTYPE', i) || xml.startsWith('<!doctype', i)) {
      let j = i + 9;
      let quote: string | null = null;
      let depth = 0;
      let subsetStart = -1;
      let subsetEnd = -1;
      for (; j < n; j++) {
        const c = xml[j]!;
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '[') {
          if (depth++ === 0 && subsetStart < 0) subsetStart = j;
        } else if (c === ']') {
          if (--depth === 0) subsetEnd = j;
        } else if (c === '>' && depth === 0) break;
      }
      const decl = xml.slice(i, subsetStart >= 0 ? subsetEnd + 1 : j + 1);
      if (/<!ENTITY/i.test(decl) || (subsetStart >= 0 && /ENTITY/i.test(xml.slice(subsetStart, j)))) {
        const at = position(xml, i);
        throw new HmcError(
          'XML_ENTITIES_REFUSED',
          `The ${label} declares XML entities in its DOCTYPE (line ${at.line}); entity declarations are refused for safety, so remove the [ ... ] part of the DOCTYPE and try again.`,
        );
      }
      i = j + 1;
    } else if (xml[i] === '<') {
      const m = /^<([A-Za-z_:][\w.:-]*)/.exec(xml.slice(i, i + 200));
      return m ? m[1]! : null;
    } else {
      return null;
    }
  }
}

/** Validates and parses; `offset` is where the XML started in the user's text (for line numbers). */
export function parseXml(xml: string, label: string, fullText: string, offset: number): ParsedXml {
  checkProlog(xml, label);
  // Entity declarations outside a DOCTYPE (malformed, but never expand them either).
  const result = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (result !== true) {
    const { line, col, msg } = result.err;
    const pre = position(fullText, offset);
    const realLine = line + pre.line - 1;
    const realCol = line === 1 ? col + pre.col - 1 : col;
    throw new HmcError(
      'XML_MALFORMED',
      `The ${label} is not well-formed XML at line ${realLine}, column ${realCol}: ${msg.replace(/\s+$/, '')}${/[.!?]$/.test(msg.trim()) ? '' : '.'} Copy the complete XML and try again.`,
      { line: realLine, column: realCol },
    );
  }
  let doc: unknown;
  try {
    doc = PARSER.parse(xml);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/nested/i.test(message)) {
      throw new HmcError(
        'INVALID_INPUT',
        `The ${label} nests elements more than ${MAX_DEPTH} levels deep, far beyond any IdentityIQ document; it was not inspected.`,
      );
    }
    throw new HmcError('XML_MALFORMED', `The ${label} could not be parsed: ${message.slice(0, 200)}. Copy the complete XML and try again.`);
  }
  const nodes = Array.isArray(doc) ? (doc as XNode[]) : [];
  for (const node of nodes) {
    const tag = tagOf(node);
    if (tag && tag !== '#text') return { root: tag, node };
  }
  throw new HmcError('XML_MALFORMED', `The ${label} has no root element; copy the complete XML and try again.`);
}

// ---- preserveOrder node helpers ----

export function tagOf(node: XNode): string | null {
  for (const k in node) if (k !== ':@') return k;
  return null;
}

export function childrenOf(node: XNode): XNode[] {
  const tag = tagOf(node);
  if (!tag) return [];
  const c = node[tag];
  return Array.isArray(c) ? (c as XNode[]) : [];
}

export function attrsOf(node: XNode): Record<string, string> | null {
  return (node[':@'] as Record<string, string> | undefined) ?? null;
}

export function attr(node: XNode, name: string): string | null {
  const a = node[':@'] as Record<string, string> | undefined;
  if (!a) return null;
  const v = a[name];
  return typeof v === 'string' ? decodeEntities(v) : null;
}

/** Element children only. */
export function elementsOf(node: XNode): XNode[] {
  const out: XNode[] = [];
  for (const c of childrenOf(node)) if (!('#text' in c) && !(CDATA in c)) out.push(c);
  return out;
}

export function textOf(node: XNode): string {
  const kids = childrenOf(node);
  if (kids.length === 1) {
    const t = kids[0]!['#text'];
    if (t !== undefined) return decodeEntities(String(t));
  }
  let s = '';
  for (const c of kids) {
    if ('#text' in c) s += decodeEntities(String(c['#text']));
    else if (CDATA in c) {
      // CDATA is literal: no entity decoding.
      for (const t of c[CDATA] as XNode[]) if ('#text' in t) s += String(t['#text']);
    }
  }
  return s;
}

const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; anything else stays literal. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, body: string) => {
    if (body[0] !== '#') return NAMED[body] ?? m;
    const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    if (!Number.isFinite(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return m;
    return String.fromCodePoint(code);
  });
}
