/**
 * SailPoint value forms -> JSON values, masking secrets on the way:
 *   value="..." attribute, <value>/<Value> child, <List> of <String>/<Map>/..., <Boolean>true</Boolean>
 *   and empty <Boolean></Boolean> (false), <Integer>/<Long>, <Date> (epoch ms -> ISO string),
 *   <Map><entry/></Map> (object), <Reference .../> (object of its attributes), empty entry (null).
 */
import type { PlanMap, PlanValue } from './schemas';
import { MASK, isEncrypted, isSecretName, redactText } from '../secrets';
import type { SecretSink } from './secrets';
import { attr, attrsOf, decodeEntities, elementsOf, tagOf, textOf, type XNode } from './xml';

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Object keys come from the document: never let one touch a prototype. */
export function safeKey(key: string): string {
  return UNSAFE_KEYS.has(key) ? `[${key}]` : key;
}

/** An encrypted value is masked whole; free text (`password=...`, `pwd: ...`) has its secret part masked. */
export function scalar(s: string, sink: SecretSink): string {
  if (isEncrypted(s)) return sink.mask(s);
  return redactText(s, (literal) => sink.mask(literal));
}

/** Decodes one typed element (<String>, <Boolean>, <List>, <Map>, ...). */
export function decodeTyped(node: XNode, sink: SecretSink): PlanValue {
  const tag = tagOf(node)!;
  switch (tag) {
    case 'String':
      return scalar(textOf(node), sink);
    case 'Boolean':
      return textOf(node).trim().toLowerCase() === 'true';
    case 'Integer':
    case 'Long':
    case 'Float':
    case 'Double': {
      const t = textOf(node).trim();
      const n = Number(t);
      return t !== '' && Number.isFinite(n) ? n : t === '' ? null : t;
    }
    case 'Date': {
      const t = textOf(node).trim();
      const n = Number(t);
      if (t !== '' && Number.isFinite(n)) {
        const d = new Date(n);
        return Number.isNaN(d.getTime()) ? t : d.toISOString();
      }
      return t === '' ? null : t;
    }
    case 'List':
    case 'Set':
      return elementsOf(node).map((c) => decodeTyped(c, sink));
    case 'Map':
      return decodeMap(node, sink);
    case 'Attributes': {
      const m = elementsOf(node).find((c) => 'Map' in c);
      return m ? decodeMap(m, sink) : {};
    }
    case 'null':
    case 'Null':
      return null;
    case 'value':
    case 'Value':
      return decodeValueElement(node, sink);
    default: {
      // <Reference class=.. id=.. name=..>, or any other object: its attributes, plus text or children.
      const a = attrsOf(node);
      const kids = elementsOf(node);
      if (!a && kids.length === 0) {
        const t = textOf(node);
        return t === '' ? null : scalar(t, sink);
      }
      const out: PlanMap = {};
      if (a) for (const k in a) out[safeKey(k)] = scalar(decodeEntities(a[k]!), sink);
      if (kids.length) out['#children'] = kids.map((c) => ({ [safeKey(tagOf(c)!)]: decodeTyped(c, sink) }));
      else {
        const t = textOf(node);
        if (t !== '') out['#text'] = scalar(t, sink);
      }
      return out;
    }
  }
}

/** The content of <value>/<Value>: one typed element, several (-> array), or plain text. */
export function decodeValueElement(node: XNode, sink: SecretSink): PlanValue {
  const kids = elementsOf(node);
  if (kids.length === 0) {
    const t = textOf(node);
    return t === '' ? null : scalar(t, sink);
  }
  if (kids.length === 1) return decodeTyped(kids[0]!, sink);
  return kids.map((c) => decodeTyped(c, sink));
}

/** A <Map>: entries keyed by `key`, values from value=, <value> or null; secret keys masked. */
export function decodeMap(node: XNode, sink: SecretSink): PlanMap {
  const out: PlanMap = {};
  for (const e of elementsOf(node)) {
    if (!('entry' in e)) continue;
    const key = attr(e, 'key');
    if (key === null) continue;
    const k = safeKey(key);
    out[k] = decodeEntry(e, key, sink, out, k);
  }
  return out;
}

/** `owner`/`ownerKey`: the map the value goes into, to remember plaintext (not encrypted) secrets. */
export function decodeEntry(e: XNode, key: string, sink: SecretSink, owner?: PlanMap, ownerKey?: string): PlanValue {
  const raw = rawEntryValue(e, sink);
  if (raw !== null && isSecretName(key) && !(key.toLowerCase() === 'secret' && isBooleanLike(raw))) {
    if (owner && ownerKey !== undefined && raw !== MASK) sink.markPlaintext(owner, ownerKey);
    return sink.mask(raw);
  }
  return raw;
}

function rawEntryValue(e: XNode, sink: SecretSink): PlanValue {
  const v = attr(e, 'value');
  if (v !== null) return scalar(v, sink);
  for (const c of elementsOf(e)) {
    const t = tagOf(c);
    if (t === 'value' || t === 'Value') return decodeValueElement(c, sink);
  }
  const kids = elementsOf(e);
  if (kids.length) return decodeValueElement(e, sink);
  return null;
}

export function isBooleanLike(v: PlanValue): boolean {
  return typeof v === 'boolean' || (typeof v === 'string' && /^(true|false)$/i.test(v));
}

/** PowerShell-style truthiness of a flag value ("true" or <Boolean>true</Boolean>). */
export function asBool(v: PlanValue | undefined): boolean | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (/^\s*true\s*$/i.test(v)) return true;
    if (/^\s*(false|)\s*$/i.test(v)) return false;
  }
  if (typeof v === 'number') return v !== 0;
  return null;
}

export function asString(v: PlanValue | undefined): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v === MASK ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

/** Case-insensitive lookup in a decoded map. */
export function lookup(map: PlanMap, key: string): PlanValue | undefined {
  if (key in map) return map[key];
  const lower = key.toLowerCase();
  for (const k in map) if (k.toLowerCase() === lower) return map[k];
  return undefined;
}
