/**
 * The tests' loopback DNS server, asked by Node's own c-ares Resolver (what the checks use) and by a
 * raw UDP query for the wire details (header bits, copied question, 0xC00C compression).
 */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arpaName, startLoopbackDns, TYPE, type LoopbackDns } from '../../support/loopback-dns';

let dns: LoopbackDns;
let resolver: Resolver;

beforeAll(async () => {
  dns = await startLoopbackDns({
    A: { 'exch01.hmc.test': ['127.0.0.5', '127.0.0.6'] },
    AAAA: { 'exch01.hmc.test': ['::1'], 'v6only.hmc.test': ['fd00::53'] },
    CNAME: { 'mail.hmc.test': 'exch01.hmc.test' },
    PTR: { '127.0.0.5': 'exch01.hmc.test', 'fd00::53': 'v6only.hmc.test' },
  });
  resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([dns.server]);
});

afterAll(() => dns.close());

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: NodeJS.ErrnoException) => e.code);

describe('loopback DNS server', () => {
  it('answers A, AAAA, CNAME and PTR from its table', async () => {
    expect(dns.server).toMatch(/^127\.0\.0\.1:\d+$/);
    const r = resolver;
    await expect(new Promise((ok, ko) => r.resolve4('EXCH01.hmc.test', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['127.0.0.5', '127.0.0.6']);
    await expect(new Promise((ok, ko) => r.resolve6('exch01.hmc.test', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['::1']);
    await expect(new Promise((ok, ko) => r.resolveCname('mail.hmc.test', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['exch01.hmc.test']);
    // An A query of the alias gets the chain, as from a recursive server.
    await expect(new Promise((ok, ko) => r.resolve4('mail.hmc.test', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['127.0.0.5', '127.0.0.6']);
    await expect(new Promise((ok, ko) => r.reverse('127.0.0.5', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['exch01.hmc.test']);
    await expect(new Promise((ok, ko) => r.reverse('fd00::53', (e, a) => (e ? ko(e) : ok(a))))).resolves.toEqual(['v6only.hmc.test']);
    expect(dns.queries).toContain('exch01.hmc.test A');
    expect(dns.queries).toContain('5.0.0.127.in-addr.arpa PTR');
  });

  it('NXDOMAIN for unknown names, NODATA for a known name without the type', async () => {
    expect(await code(new Promise((ok, ko) => resolver.resolve4('nope.hmc.test', (e, a) => (e ? ko(e) : ok(a)))))).toBe('ENOTFOUND');
    expect(await code(new Promise((ok, ko) => resolver.resolve4('v6only.hmc.test', (e, a) => (e ? ko(e) : ok(a)))))).toBe('ENODATA');
    expect(await code(new Promise((ok, ko) => resolver.resolveCname('exch01.hmc.test', (e, a) => (e ? ko(e) : ok(a)))))).toBe('ENODATA');
    expect(await code(new Promise((ok, ko) => resolver.reverse('127.0.0.9', (e, a) => (e ? ko(e) : ok(a)))))).toBe('ENOTFOUND');
  });

  it('builds the reply on the wire: ID, QR/AA/RD/RA, the question copied, answers pointing at it', async () => {
    const question = Buffer.from([6, ...Buffer.from('ExCh01'), 3, ...Buffer.from('hmc'), 4, ...Buffer.from('test'), 0, 0, TYPE.A, 0, 1]);
    const query = Buffer.concat([Buffer.from([0xbe, 0xef, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), question]);
    const sock = createSocket('udp4');
    try {
      const reply = await new Promise<Buffer>((resolve) => {
        sock.once('message', resolve);
        sock.send(query, dns.port, '127.0.0.1');
      });
      expect(reply.readUInt16BE(0)).toBe(0xbeef);
      expect(reply[2]).toBe(0x85); // QR, AA, RD
      expect(reply[3]).toBe(0x80); // RA, NOERROR
      expect([reply.readUInt16BE(4), reply.readUInt16BE(6)]).toEqual([1, 2]);
      expect(reply.subarray(12, 12 + question.length)).toEqual(question); // case kept
      const answer = 12 + question.length;
      expect(reply.readUInt16BE(answer)).toBe(0xc00c);
      expect(reply.readUInt16BE(answer + 2)).toBe(TYPE.A);
      expect(reply.readUInt16BE(answer + 10)).toBe(4);
      expect([...reply.subarray(answer + 12, answer + 16)]).toEqual([127, 0, 0, 5]);
      // A label running past the packet: FORMERR with the query's ID, no question echoed.
      const broken = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]), Buffer.from([9, 0x61, 0])]);
      const formerr = await new Promise<Buffer>((resolve) => {
        sock.once('message', resolve);
        sock.send(broken, dns.port, '127.0.0.1');
      });
      expect([formerr.readUInt16BE(0), (formerr[3] as number) & 0x0f, formerr.readUInt16BE(4)]).toEqual([0x1234, 1, 0]);
    } finally {
      sock.close();
    }
  });

  it('names PTR owners like a real zone', () => {
    expect(arpaName('10.1.2.3')).toBe('3.2.1.10.in-addr.arpa');
    expect(arpaName('::1')).toBe(`1${'.0'.repeat(31)}.ip6.arpa`);
  });
});
