/**
 * Runs before every test file (both vitest projects): a loopback DNS server with the default table,
 * and HMC_DNS_SERVERS pointing at it, so connectivity checks never ask the machine's DNS servers
 * (tests talk to loopback only). Names not in the table get NXDOMAIN from this server.
 */
import { afterAll } from 'vitest';
import { DEFAULT_DNS_TABLE, startLoopbackDns } from './loopback-dns';

const dns = await startLoopbackDns(DEFAULT_DNS_TABLE);
const previous = process.env.HMC_DNS_SERVERS;
process.env.HMC_DNS_SERVERS = dns.server;

afterAll(async () => {
  if (previous === undefined) delete process.env.HMC_DNS_SERVERS;
  else process.env.HMC_DNS_SERVERS = previous;
  await dns.close();
});
