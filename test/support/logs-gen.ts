/**
 * Realistic log content for tests and benchmarks: the reference rule's `yyyy-MM-dd HH:mm:ss::message`
 * entries, including whole request/result XML documents over many lines, failures for some users.
 * Deterministic for a seed. Generated at run time into temp folders, never committed.
 */
import { open } from 'node:fs/promises';

export interface GenEntry {
  /** ISO local time as the parser reports it. */
  time: string;
  /** Text after `::` (lines joined by \n). */
  message: string;
  lines: number;
  /** The user the entry names (null: it names none, like the result document). */
  user: string | null;
  error: boolean;
}

export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}

const GIVEN = ['Ana', 'Bruno', 'Chloé', 'Dmitri', 'Eva', 'Farah', 'Günter', 'Hana', 'Ivo', 'Jens', 'Kofi', 'Lena', 'Mateo', 'Nina', 'Oskar', 'Priya'];
const FAMILY = ["O'Brien", 'Müller', 'Novak', 'Silva', 'Kowalski', 'Nguyen', 'Jensen', 'Rossi', 'Dubois', 'García', 'Okafor', 'Tanaka'];

export interface GenUser {
  sam: string;
  given: string;
  family: string;
  dn: string;
}

export function makeUsers(n: number, seed = 7): GenUser[] {
  const r = rng(seed);
  const users: GenUser[] = [];
  for (let i = 0; i < n; i++) {
    const given = GIVEN[Math.floor(r() * GIVEN.length)]!;
    const family = FAMILY[Math.floor(r() * FAMILY.length)]!;
    const sam = `${given[0]!.toLowerCase()}${family.toLowerCase().replace(/[^a-z]/g, '')}${i}`;
    users.push({ sam, given, family, dn: `CN=${given} ${family.replace(/,/g, '\\,')} ${i},OU=Joiners,OU=Staff,DC=corp,DC=example,DC=org` });
  }
  return users;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function stamp(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function requestXml(u: GenUser, r: () => number): string {
  const routing = `${u.sam}@corpexample.mail.onmicrosoft.com`;
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<!DOCTYPE AccountRequest PUBLIC "sailpoint.dtd" "sailpoint.dtd">',
    `<AccountRequest application="AD - corp.example.org" nativeIdentity="${u.dn.replace(/'/g, '&apos;')}" op="Create">`,
    '  <Attributes>',
    '    <Map>',
    '      <entry key="flow" value="Joiner"/>',
    '      <entry key="interface" value="LCM"/>',
    '      <entry key="operation" value="Create"/>',
    '    </Map>',
    '  </Attributes>',
    '  <AttributeRequest name="ObjectType" op="Set" value="User"/>',
    `  <AttributeRequest name="sAMAccountName" op="Set" value="${u.sam}"/>`,
    `  <AttributeRequest name="givenName" op="Set" value="${u.given}"/>`,
    `  <AttributeRequest name="sn" op="Set" value="${u.family.replace(/'/g, '&apos;')}"/>`,
    `  <AttributeRequest name="displayName" op="Set" value="${u.given} ${u.family.replace(/'/g, '’')}"/>`,
    `  <AttributeRequest name="employeeID" op="Set" value="${100000 + Math.floor(r() * 900000)}"/>`,
    '  <AttributeRequest name="*password*" op="Set" value="2:q0Zk3pR9xW1vTnL8sY4bAg==">',
    '    <Attributes>',
    '      <Map>',
    '        <entry key="secret" value="true"/>',
    '      </Map>',
    '    </Attributes>',
    '  </AttributeRequest>',
    '  <AttributeRequest name="memberOf" op="Add">',
    '    <Value>',
    '      <List>',
    '        <String>CN=GG-All-Staff,OU=Groups,DC=corp,DC=example,DC=org</String>',
    '        <String>CN=GG-M365-E3-Licensed,OU=Groups,DC=corp,DC=example,DC=org</String>',
    '      </List>',
    '    </Value>',
    '  </AttributeRequest>',
    `  <AttributeRequest name="remoteRoutingAddress" op="Set" value="${routing}"/>`,
    '</AccountRequest>',
  ].join('\n');
}

function resultXml(): string {
  return [
    "<?xml version='1.0' encoding='UTF-8'?>",
    '<ServiceResult>',
    '  <Attributes>',
    '    <Map>',
    '      <entry key="createdOnServer" value="dc02.corp.example.org"/>',
    '    </Map>',
    '  </Attributes>',
    '</ServiceResult>',
  ].join('\n');
}

/** One provisioning transaction of the reference rule: 6 entries, two of them XML documents. */
export function transaction(u: GenUser, at: Date, r: () => number, failRate = 0.1): GenEntry[] {
  const fail = r() < failRate;
  const t = (s: number) => {
    const d = new Date(at.getTime() + s * 1000);
    return stamp(d).replace(' ', 'T');
  };
  const routing = `${u.sam}@corpexample.mail.onmicrosoft.com`;
  const out: Array<Omit<GenEntry, 'lines'>> = [
    { time: t(0), message: `Starting ConnectorAfterCreate for ${u.dn} (sAMAccountName=${u.sam})`, user: u.sam, error: false },
    { time: t(0), message: `Request Object :: ${requestXml(u, r)}`, user: u.sam, error: false },
    { time: t(1), message: `Result Object :: ${resultXml()}`, user: null, error: false },
    { time: t(1), message: `Enable-RemoteMailbox -Identity '${u.sam}' -RemoteRoutingAddress '${routing}' -DomainController dc02.corp.example.org`, user: u.sam, error: false },
    fail
      ? {
          time: t(3),
          message: `Cannot create mailbox for ${u.sam}: The operation couldn't be performed because object '${u.sam}' couldn't be found on 'dc01.corp.example.org'. (ManagementObjectNotFoundException)`,
          user: u.sam,
          error: true,
        }
      : { time: t(3), message: `Remote mailbox enabled for ${u.sam} (${routing})`, user: u.sam, error: false },
    { time: t(3), message: `Finished ConnectorAfterCreate for ${u.sam}`, user: u.sam, error: false },
  ];
  return out.map((e) => ({ ...e, lines: e.message.split('\n').length }));
}

/** The file text of entries (CRLF line ends, as Windows PowerShell writes). */
export function render(entries: GenEntry[], eol = '\r\n'): string {
  return entries.map((e) => `${e.time.replace('T', ' ')}::${e.message.split('\n').join(eol)}${eol}`).join('');
}

export interface GeneratedFile {
  bytes: number;
  entries: number;
  errors: number;
  /** Entries of each user's runs (a transaction is one run: its result document too, which names no one). */
  perUser: Map<string, number>;
}

/**
 * Writes realistic entries until the file reaches `bytes` (UTF-8), streaming (never whole in memory).
 * `onEntries` sees every batch written (tests keep the expectation).
 */
export async function generateLogFile(
  path: string,
  bytes: number,
  opts: { seed?: number; users?: GenUser[]; start?: Date; failRate?: number; onEntries?: (e: GenEntry[]) => void } = {},
): Promise<GeneratedFile> {
  const r = rng(opts.seed ?? 42);
  const users = opts.users ?? makeUsers(2000);
  let at = opts.start ?? new Date(2025, 2, 3, 0, 0, 0);
  const fh = await open(path, 'w');
  const stats: GeneratedFile = { bytes: 0, entries: 0, errors: 0, perUser: new Map() };
  try {
    let buf: string[] = [];
    let bufLen = 0;
    while (stats.bytes < bytes) {
      const u = users[Math.floor(r() * users.length)]!;
      const tx = transaction(u, at, r, opts.failRate ?? 0.1);
      at = new Date(at.getTime() + 4000 + Math.floor(r() * 3000));
      const text = render(tx);
      const len = Buffer.byteLength(text);
      if (stats.bytes + bufLen + len > bytes && stats.entries > 0) break;
      buf.push(text);
      bufLen += len;
      stats.entries += tx.length;
      stats.errors += tx.filter((e) => e.error).length;
      stats.perUser.set(u.sam, (stats.perUser.get(u.sam) ?? 0) + tx.length);
      opts.onEntries?.(tx);
      if (bufLen > 1 << 20) {
        await fh.write(buf.join(''));
        stats.bytes += bufLen;
        buf = [];
        bufLen = 0;
      }
    }
    if (bufLen) {
      await fh.write(buf.join(''));
      stats.bytes += bufLen;
    }
  } finally {
    await fh.close();
  }
  return stats;
}
