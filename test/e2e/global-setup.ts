/**
 * Playwright global setup: a loopback DNS server for the whole run and HMC_DNS_SERVERS pointing at
 * it. Workers are started after this and inherit the runner's process.env, and the e2e fixture hands
 * process.env to createCore, so every connectivity check in e2e asks only this server (tests send
 * traffic to loopback only). The returned function is the teardown.
 */
import { DEFAULT_DNS_TABLE, startLoopbackDns } from '../support/loopback-dns';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const dns = await startLoopbackDns(DEFAULT_DNS_TABLE);
  process.env.HMC_DNS_SERVERS = dns.server;
  return async () => {
    await dns.close();
  };
}
