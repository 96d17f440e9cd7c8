/**
 * DNS server entries for the connectivity checks (settings `connectivity.dnsServers`, env
 * HMC_DNS_SERVERS): an IP address with an optional port, written the way Node's
 * `Resolver.setServers` takes them: `10.0.0.1`, `10.0.0.1:5353`, `fd00::53`, `[fd00::53]:5353`.
 * Pure (shared by the settings schema and the checks).
 */

function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(s) || s.split('::').length > 2) return false;
  const [head = '', tail] = s.split('::');
  const groups = (part: string): string[] | null => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  if (!left || !right) return false;
  const all = [...left, ...right];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i] as string;
    if (/^[0-9A-Fa-f]{1,4}$/.test(g)) count += 1;
    else if (i === all.length - 1 && isIpv4(g)) count += 2; // IPv4 tail, e.g. ::ffff:10.0.0.1
    else return false;
  }
  return tail === undefined ? count === 8 : count <= 7;
}

function isPort(s: string): boolean {
  return /^[1-9]\d{0,4}$/.test(s) && Number(s) <= 65_535;
}

/** Whether `entry` is an IPv4/IPv6 address, optionally with a port (`a.b.c.d:port`, `[v6]:port`). */
export function isDnsServerEntry(entry: string): boolean {
  const s = entry.trim();
  if (!s || s.length > 64) return false;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(s);
  if (bracketed) return isIpv6(bracketed[1] as string) && (bracketed[2] === undefined || isPort(bracketed[2]));
  if (isIpv6(s)) return true;
  const v4 = /^([\d.]+)(?::(\d+))?$/.exec(s);
  return !!v4 && isIpv4(v4[1] as string) && (v4[2] === undefined || isPort(v4[2]));
}

/**
 * Reads a comma-separated list (the HMC_DNS_SERVERS form). Empty items are dropped; `bad` lists the
 * entries that are not an IP or IP:port.
 */
export function parseDnsServerList(text: string): { servers: string[]; bad: string[] } {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return { servers: items.filter(isDnsServerEntry), bad: items.filter((s) => !isDnsServerEntry(s)) };
}
