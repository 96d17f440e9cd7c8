/**
 * Just enough MIME to show a captured mail: headers (folded lines, RFC 2047 encoded words), single
 * and multipart bodies, base64 / quoted-printable, UTF-8 and Latin-1. The raw message is a
 * "latin1" string (one char per byte), as the capture stores it.
 */
export interface ParsedMail {
  from: string | null;
  to: string[];
  subject: string | null;
  date: string | null;
  text: string | null;
  html: string | null;
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const sep = /\r?\n\r?\n/.exec(raw);
  const head = sep ? raw.slice(0, sep.index) : raw;
  const body = sep ? raw.slice(sep.index + sep[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function bytesOf(latin1: string): Uint8Array {
  const out = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) out[i] = latin1.charCodeAt(i) & 0xff;
  return out;
}

function decodeBytes(bytes: Uint8Array, charset: string): string {
  const cs = charset.toLowerCase();
  try {
    return new TextDecoder(cs === 'us-ascii' ? 'utf-8' : cs).decode(bytes);
  } catch {
    // An unknown charset label: show the bytes as UTF-8 rather than nothing.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function quotedPrintable(s: string): string {
  return s.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

function base64Latin1(s: string): string {
  return Buffer.from(s.replace(/\s+/g, ''), 'base64').toString('latin1');
}

/** RFC 2047: =?charset?B|Q?text?= words, adjacent words joined. */
export function decodeWords(value: string): string {
  return value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)(\s+(?==\?))?/g, '$1').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, cs: string, enc: string, text: string) => {
    const latin = enc.toUpperCase() === 'B' ? base64Latin1(text) : quotedPrintable(text.replace(/_/g, ' '));
    return decodeBytes(bytesOf(latin), cs);
  });
}

function param(header: string | undefined, name: string): string | null {
  if (!header) return null;
  const m = new RegExp(`(?:^|;)\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function bodyText(p: Part): string {
  const cte = (p.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const latin = cte === 'base64' ? base64Latin1(p.body) : cte === 'quoted-printable' ? quotedPrintable(p.body) : p.body;
  return decodeBytes(bytesOf(latin), param(p.headers.get('content-type'), 'charset') ?? 'utf-8');
}

function walk(p: Part, out: { text: string | null; html: string | null }, depth: number): void {
  const type = (p.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('multipart/') && depth < 5) {
    const boundary = param(p.headers.get('content-type'), 'boundary');
    if (!boundary) return;
    const pieces = p.body.split(`--${boundary}`);
    for (const piece of pieces.slice(1)) {
      if (piece.startsWith('--')) break;
      // The line break before a boundary belongs to the boundary (RFC 2046).
      walk(splitPart(piece.replace(/^\r?\n/, '').replace(/\r?\n$/, '')), out, depth + 1);
    }
    return;
  }
  if (type === 'text/html' && out.html === null) out.html = bodyText(p);
  else if (type === 'text/plain' && out.text === null) out.text = bodyText(p);
}

function addresses(v: string | undefined): string[] {
  if (!v) return [];
  return decodeWords(v)
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
}

export function parseMail(raw: string): ParsedMail {
  const top = splitPart(raw);
  const out = { text: null as string | null, html: null as string | null };
  walk(top, out, 0);
  const subject = top.headers.get('subject');
  return {
    from: top.headers.has('from') ? decodeWords(top.headers.get('from')!) : null,
    to: addresses(top.headers.get('to')),
    subject: subject === undefined ? null : decodeWords(subject),
    date: top.headers.get('date') ?? null,
    text: out.text,
    html: out.html,
  };
}
