/**
 * A small real DNS server for tests: UDP on 127.0.0.1 (port 0 = any free port), answering A, AAAA,
 * CNAME and PTR from a table the test gives, NXDOMAIN for any other name. Point the checks at it
 * with HMC_DNS_SERVERS=127.0.0.1:<port> so no test ever asks the machine's DNS servers.
 *
 * Answers are built like a recursive server's: the ID and RD bit copied, QR/AA/RA set, the question
 * copied, answer names compressed to the question (pointer 0xC00C), and for an A/AAAA query of an
 * alias the CNAME chain followed by the target's addresses. A name that exists without the asked
 * type gets NOERROR with no answers (NODATA).
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';

export interface DnsTable {
  /** name -> IPv4 addresses */
  A?: Record<string, string[]>;
  /** name -> IPv6 addresses */
  AAAA?: Record<string, string[]>;
  /** alias -> canonical name */
  CNAME?: Record<string, string>;
  /** IP address -> name (served as PTR under in-addr.arpa / ip6.arpa) */
  PTR?: Record<string, string>;
}

export interface LoopbackDns {
  /** "127.0.0.1:<port>", the form HMC_DNS_SERVERS and Resolver.setServers take. */
  server: string;
  port: number;
  /** Queries answered so far ("name TYPE"), for tests that want to see what was asked. */
  queries: string[];
  /** Adds or replaces records (merged into the table). */
  add(records: DnsTable): void;
  close(): Promise<void>;
}

export const TYPE = { A: 1, CNAME: 5, PTR: 12, AAAA: 28 } as const;
const TYPE_NAMES: Record<number, string> = { 1: 'A', 5: 'CNAME', 12: 'PTR', 28: 'AAAA' };
const CLASS_IN = 1;
const RCODE_FORMERR = 1;
const RCODE_NXDOMAIN = 3;
const RCODE_NOTIMP = 4;
const TTL = 60;

const norm = (name: string): string => name.toLowerCase().replace(/\.$/, '');

function expandIpv6(address: string): number[] {
  const [head = '', tail] = address.split('::');
  const parse = (part: string): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const groups = [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function ipv6Bytes(address: string): Buffer {
  return Buffer.from(expandIpv6(address));
}

/** The PTR owner name of an address: 1.0.0.127.in-addr.arpa or the nibble form under ip6.arpa. */
export function arpaName(address: string): string {
  if (isIP(address) === 4) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = [...ipv6Bytes(address)].flatMap((b) => [b >> 4, b & 0xf]).map((n) => n.toString(16));
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** Reads a (possibly compressed) name at `offset`; returns it and the offset after it in the message. */
function readName(msg: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = [];
  let pos = offset;
  let next = -1;
  for (let hops = 0; hops < 64; hops++) {
    if (pos >= msg.length) throw new Error('name runs past the message');
    const len = msg[pos] as number;
    if (len === 0) {
      return { name: labels.join('.'), next: next === -1 ? pos + 1 : next };
    }
    if ((len & 0xc0) === 0xc0) {
      if (pos + 1 >= msg.length) throw new Error('truncated pointer');
      if (next === -1) next = pos + 2;
      pos = ((len & 0x3f) << 8) | (msg[pos + 1] as number);
      continue;
    }
    if (len > 63 || pos + 1 + len > msg.length) throw new Error('bad label');
    labels.push(msg.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  throw new Error('too many labels or a pointer loop');
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, '').split('.').filter((l) => l !== '');
  const out: Buffer[] = [];
  for (const label of parts) {
    const b = Buffer.from(label, 'latin1');
    out.push(Buffer.from([b.length]), b);
  }
  out.push(Buffer.from([0]));
  return Buffer.concat(out);
}

function record(owner: Buffer, type: number, rdata: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(CLASS_IN, 2);
  fixed.writeUInt32BE(TTL, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([owner, fixed, rdata]);
}

function header(id: number, rd: boolean, rcode: number, qd: number, an: number): Buffer {
  const h = Buffer.alloc(12);
  h.writeUInt16BE(id, 0);
  // QR=1, opcode 0 (QUERY), AA=1, TC=0, RD copied | RA=1, Z=0, RCODE
  h[2] = 0x80 | 0x04 | (rd ? 0x01 : 0);
  h[3] = 0x80 | (rcode & 0x0f);
  h.writeUInt16BE(qd, 4);
  h.writeUInt16BE(an, 6);
  return h;
}

export interface ParsedQuery {
  id: number;
  rd: boolean;
  name: string;
  type: number;
  qclass: number;
  /** The question section bytes, copied into the answer. */
  question: Buffer;
}

export function parseQuery(msg: Buffer): ParsedQuery {
  if (msg.length < 12) throw new Error('short header');
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000) throw new Error('a response, not a query');
  if (((flags >> 11) & 0x0f) !== 0) throw Object.assign(new Error('opcode'), { id, rcode: RCODE_NOTIMP });
  if (msg.readUInt16BE(4) !== 1) throw Object.assign(new Error('need exactly one question'), { id, rcode: RCODE_FORMERR });
  let parsed: { name: string; next: number };
  try {
    parsed = readName(msg, 12);
  } catch (e) {
    throw Object.assign(e as Error, { id, rcode: RCODE_FORMERR });
  }
  const { name, next } = parsed;
  if (next + 4 > msg.length) throw Object.assign(new Error('truncated question'), { id, rcode: RCODE_FORMERR });
  const compressed = next - 12 !== encodeName(name).length;
  return {
    id,
    rd: (flags & 0x0100) !== 0,
    name: norm(name),
    type: msg.readUInt16BE(next),
    qclass: msg.readUInt16BE(next + 2),
    // Copied as sent (case kept); re-encoded only if it used a pointer, so 0xC00C always lands on it.
    question: compressed ? Buffer.concat([encodeName(name), msg.subarray(next, next + 4)]) : Buffer.from(msg.subarray(12, next + 4)),
  };
}

export function startLoopbackDns(initial: DnsTable = {}): Promise<LoopbackDns> {
  const a = new Map<string, string[]>();
  const aaaa = new Map<string, string[]>();
  const cname = new Map<string, string>();
  const ptr = new Map<string, string>();
  const add = (t: DnsTable): void => {
    for (const [n, v] of Object.entries(t.A ?? {})) a.set(norm(n), v);
    for (const [n, v] of Object.entries(t.AAAA ?? {})) aaaa.set(norm(n), v);
    for (const [n, v] of Object.entries(t.CNAME ?? {})) cname.set(norm(n), norm(v));
    for (const [ip, v] of Object.entries(t.PTR ?? {})) ptr.set(arpaName(ip), norm(v));
  };
  add(initial);
  const exists = (n: string): boolean => a.has(n) || aaaa.has(n) || cname.has(n) || ptr.has(n);
  const queries: string[] = [];

  const answer = (q: ParsedQuery): Buffer => {
    if (q.qclass !== CLASS_IN || !exists(q.name)) {
      return Buffer.concat([header(q.id, q.rd, q.qclass !== CLASS_IN ? RCODE_NOTIMP : RCODE_NXDOMAIN, 1, 0), q.question]);
    }
    const records: Buffer[] = [];
    let owner: Buffer = Buffer.from([0xc0, 0x0c]); // the question's name
    let current = q.name;
    // Follow the alias chain (bounded) unless the CNAME itself was asked for.
    for (let hops = 0; hops < 8 && q.type !== TYPE.CNAME; hops++) {
      const target = cname.get(current);
      if (!target) break;
      records.push(record(owner, TYPE.CNAME, encodeName(target)));
      current = target;
      owner = encodeName(target);
    }
    if (q.type === TYPE.CNAME) {
      const target = cname.get(current);
      if (target) records.push(record(owner, TYPE.CNAME, encodeName(target)));
    } else if (q.type === TYPE.A) {
      for (const ip of a.get(current) ?? []) records.push(record(owner, TYPE.A, Buffer.from(ip.split('.').map(Number))));
    } else if (q.type === TYPE.AAAA) {
      for (const ip of aaaa.get(current) ?? []) records.push(record(owner, TYPE.AAAA, ipv6Bytes(ip)));
    } else if (q.type === TYPE.PTR) {
      const target = ptr.get(current);
      if (target) records.push(record(owner, TYPE.PTR, encodeName(target)));
    }
    return Buffer.concat([header(q.id, q.rd, 0, 1, records.length), q.question, ...records]);
  };

  const socket = createSocket('udp4');
  socket.on('message', (msg: Buffer, from: RemoteInfo) => {
    let reply: Buffer;
    try {
      const q = parseQuery(msg);
      if (queries.length < 10_000) queries.push(`${q.name} ${TYPE_NAMES[q.type] ?? q.type}`);
      reply = answer(q);
    } catch (e) {
      const { id, rcode } = e as { id?: number; rcode?: number };
      if (id === undefined || rcode === undefined) return; // not even a query header: drop it
      reply = header(id, false, rcode, 0, 0);
    }
    socket.send(reply, from.port, from.address);
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      socket.off('error', reject);
      const port = socket.address().port;
      resolve({
        server: `127.0.0.1:${port}`,
        port,
        queries,
        add,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}

/** The table the test setup serves by default: the loopback names the connectivity tests use. */
export const DEFAULT_DNS_TABLE: DnsTable = {
  A: { localhost: ['127.0.0.1'], 'exch-ok.hmc.test': ['127.0.0.1'] },
  CNAME: { 'mail-alias.hmc.test': 'exch-ok.hmc.test' },
  PTR: { '127.0.0.1': 'localhost' },
};
