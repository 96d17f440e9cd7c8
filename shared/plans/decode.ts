/**
 * Input decoding: bytes or text -> the XML text, with the size/empty limits, the encoding told by
 * shared/encoding.ts (the one decoder plans and log files share) and the log-entry prefix
 * ("... Request Object :: <AccountRequest ...") removed.
 */
import { decodeBytes } from '../encoding';
import { HmcError } from '../errors';
import { MAX_PLAN_DOCUMENT_BYTES } from './schemas';
import type { DocumentInfo } from './schemas';

export type Encoding = DocumentInfo['encoding'];

export interface DecodedText {
  text: string;
  encoding: Encoding;
  size: number;
  /** Byte offset of the first invalid UTF-8 sequence (shown as U+FFFD in the text); null when none. */
  invalidUtf8At?: number | null;
}

const MB = 1024 * 1024;

function tooLarge(size: number, label: string): HmcError {
  return new HmcError(
    'INPUT_TOO_LARGE',
    `The ${label} is ${(size / MB).toFixed(1)} MB, over the 20 MB limit; inspect a smaller extract (one plan or request).`,
  );
}

/** Bytes (any ArrayBufferView) or a string -> text. Refuses empty and oversized input. */
export function decodeDocument(input: string | Uint8Array, label = 'document'): DecodedText {
  if (typeof input === 'string') {
    if (input.length > MAX_PLAN_DOCUMENT_BYTES) throw tooLarge(input.length, label);
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    return checkEmpty({ text, encoding: 'text', size: input.length }, label);
  }
  const size = input.byteLength;
  if (size > MAX_PLAN_DOCUMENT_BYTES) throw tooLarge(size, label);
  const { text, encoding, invalidUtf8At } = decodeBytes(input);
  return checkEmpty({ text, encoding, size, invalidUtf8At }, label);
}

function checkEmpty(d: DecodedText, label: string): DecodedText {
  if (!/\S/.test(d.text)) {
    throw new HmcError('INVALID_INPUT', `The ${label} is empty; paste or choose a file holding IdentityIQ or IQService XML.`);
  }
  return d;
}

/** Base64 -> bytes without Node's Buffer or the DOM's atob (both unavailable to shared/). */
export function base64ToBytes(b64: string, label = 'document'): Uint8Array {
  const clean = b64.replace(/[\s]/g, '');
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(clean)) {
    throw new HmcError('INVALID_INPUT', `The ${label} is not valid base64; send the file's bytes base64-encoded, or its text.`);
  }
  const body = clean.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body.length; i++) {
    acc = (acc << 6) | B64[body.charCodeAt(i)]!;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

const B64 = (() => {
  const t = new Int16Array(128).fill(0);
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) t[abc.charCodeAt(i)] = i;
  t['-'.charCodeAt(0)] = 62;
  t['_'.charCodeAt(0)] = 63;
  return t;
})();

export const KNOWN_ROOTS = ['ProvisioningProject', 'ProvisioningPlan', 'AccountRequest', 'ServiceResult', 'Application', 'Map', 'Rule'] as const;

/**
 * Finds where the XML starts (after log text such as "2025-03-03 09:14:07 Request Object :: ")
 * and cuts trailing log text after the root's closing tag. Returns the XML and the prefix length.
 */
export function extractXml(text: string): { xml: string; offset: number } {
  const lead = /^\s*/.exec(text)![0].length;
  if (text.charCodeAt(lead) === 0x3c /* < */) return { xml: trimTrailing(text, lead), offset: 0 };
  // Log entry: the earliest XML declaration, DOCTYPE or known root start tag.
  let best = -1;
  const candidates = [/<\?xml[\s?]/, /<!DOCTYPE\s/, new RegExp(`<(?:${KNOWN_ROOTS.join('|')})[\\s/>]`)];
  for (const re of candidates) {
    const m = re.exec(text);
    if (m && (best < 0 || m.index < best)) best = m.index;
  }
  if (best < 0) {
    const anyTag = /<[A-Za-z_]/.exec(text);
    if (!anyTag) {
      throw new HmcError('XML_MALFORMED', 'The input holds no XML element; paste the XML itself or the log entry that contains it.');
    }
    best = anyTag.index;
  }
  return { xml: trimTrailing(text.slice(best), 0), offset: best };
}

/** Drops text after the root's last closing tag (the rest of a log line), keeping the XML intact. */
function trimTrailing(xml: string, from: number): string {
  const tail = xml.length > 512 ? xml.slice(-512) : xml;
  if (/>\s*$/.test(tail)) return xml;
  const root = /<([A-Za-z_][\w.-]*)[\s/>]/g;
  // Find the root element name: first tag that is not <?...?>, <!...>.
  root.lastIndex = from;
  let m: RegExpExecArray | null;
  let name: string | null = null;
  while ((m = root.exec(xml))) {
    name = m[1]!;
    break;
  }
  if (!name) return xml;
  const close = xml.lastIndexOf(`</${name}>`);
  if (close < 0) return xml;
  return xml.slice(0, close + name.length + 3);
}
