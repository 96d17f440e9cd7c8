/**
 * Bytes -> text, in one place for every file the console reads (plan documents and log files): the
 * encoding a file's first bytes say (a BOM, or the zero bytes of UTF-16 without one, either byte order),
 * where the first invalid UTF-8 sequence is (so a warning can name its byte offset instead of text
 * silently turning into U+FFFD), UTF-16BE and windows-1252 decoding. Pure: runs in Node and the renderer.
 */
export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export interface Sniffed {
  encoding: TextEncodingName;
  /** Bytes of the BOM (0 when there is none). */
  bom: number;
}

/** How many leading bytes are looked at for UTF-16 without a BOM. */
const PROBE = 512;

/**
 * The encoding the first bytes say. Without a BOM, text that is mostly ASCII in UTF-16 has a zero in
 * every other byte: at the odd offsets in UTF-16LE ("<\0"), at the even ones in UTF-16BE ("\0<").
 */
export function sniffEncoding(bytes: Uint8Array): Sniffed {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8-bom', bom: 3 };
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const n = Math.min(bytes.length, PROBE) & ~1;
  if (n < 2) return { encoding: 'utf-8', bom: 0 };
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // A quarter of the code units being ASCII is plenty; UTF-8 text has no zero bytes at all.
  // The first code unit decides the byte order ("<\0" or "\0<"): 8-bit text followed by UTF-16LE
  // (PowerShell 5.1 appending to a UTF-8 log) has zeros at even offsets too, but not a zero first byte.
  if (b0 !== 0 && b1 === 0 && odd >= pairs / 4 && odd > even) return { encoding: 'utf-16le', bom: 0 };
  if (b0 === 0 && b1 !== 0 && even >= pairs / 4 && even > odd) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/** Offset (from `from`) of the first byte that does not start a valid UTF-8 sequence in [from, to), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i - from;
    // A sequence cut off by the end of the range is invalid too.
    if (i + need >= to) return i - from;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i - from;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i - from;
    i += need + 1;
  }
  return -1;
}

/** UTF-16BE bytes -> text (an odd last byte is dropped). */
export function decodeUtf16be(bytes: Uint8Array): string {
  const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1]!;
    swapped[i + 1] = bytes[i]!;
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

export interface DecodedBytes {
  text: string;
  encoding: TextEncodingName;
  /** Byte offset (in the input, BOM included) of the first invalid UTF-8 sequence; null when there is none or the text is UTF-16. */
  invalidUtf8At: number | null;
}

/** Bytes -> text by what sniffEncoding says; invalid UTF-8 becomes U+FFFD and its first offset is reported. */
export function decodeBytes(bytes: Uint8Array): DecodedBytes {
  const { encoding, bom } = sniffEncoding(bytes);
  const body = bytes.subarray(bom);
  if (encoding === 'utf-16le') return { text: new TextDecoder('utf-16le').decode(body), encoding, invalidUtf8At: null };
  if (encoding === 'utf-16be') return { text: decodeUtf16be(body), encoding, invalidUtf8At: null };
  const bad = firstInvalidUtf8(body);
  return { text: new TextDecoder('utf-8').decode(body), encoding, invalidUtf8At: bad < 0 ? null : bad + bom };
}

/** windows-1252's 0x80-0x9F (some runtimes decode 'windows-1252' as plain latin1, so they are mapped here). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/** windows-1252 text from its latin1 reading (one char per byte). */
export function latin1ToCp1252(latin1: string): string {
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}
