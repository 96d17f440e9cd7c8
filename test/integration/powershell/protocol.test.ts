/**
 * Injection: generated identities, routing-address local parts and display names full of quote
 * characters (all five single quotes, the double quotes), $(), backticks, ; | & newlines, NUL,
 * emoji and right-to-left text. Each either arrives byte for byte (the sandbox echoes it: the
 * object's Name, RemoteRoutingAddress and DisplayName) or is refused with INVALID_INPUT before
 * reaching PowerShell; a canary file that any injected command would create never appears.
 * One PowerShell process for all cases; users are written into the directory file in batches.
 */
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HmcError } from '../../../shared/errors';
import { checkDisplayName, checkIdentity, checkSmtpAddress } from '../../../shared/exchange/validate';
import { rng } from '../../support/logs-gen';
import { sandboxCore, type SandboxCore } from '../exchange/helpers';

const ctx = { door: 'test' as const };
let s: SandboxCore;
let canary: string;

function payloads(c: string): string[] {
  const q = (x: string) => x;
  return [
    `'; New-Item -ItemType File -Path '${c}'; '`,
    `‘; New-Item -ItemType File -Path ‘${c}’; ’`,
    `’; New-Item -ItemType File -Path ’${c}’; ‘`,
    `‚; New-Item -ItemType File -Path ‚${c}‚; ‛`,
    `"; New-Item -ItemType File -Path "${c}"; "`,
    `“; New-Item -ItemType File -Path “${c}”; ”`,
    `$(New-Item -ItemType File -Path ${c})`,
    `\`$(New-Item -ItemType File -Path ${c})`,
    `@(New-Item -ItemType File -Path ${c})`,
    `x | Out-File ${c}`,
    `x; Set-Content -Path ${c} -Value 1`,
    `x & touch ${c}`,
    `x\nNew-Item -ItemType File -Path ${c}`,
    `x\r\nNew-Item -ItemType File -Path ${c}`,
    `x\u0000; New-Item ${c}`,
    `\u2014Identity x; New-Item ${c}`,
    q(`{ New-Item ${c} }.Invoke()`),
    `\${function:New-Item}`,
    `#> New-Item ${c} <#`,
  ];
}

const PIECES = [
  "'", '‘', '’', '‚', '‛', '"', '“', '”', '„', '$', '$(', ')', '`', ';', '|', '&', '{', '}', '@', '#', '%', '^', '~', '=', '+', '*', '?', '!', '/',
  '\\', ',', '<', '>', '[', ']', ' ', '\t', '\n', '\r', '\u0000', '\u0007', '\u001b', '\u0085', '\u2028', '\u202E', '\u200F', '\uFEFF', '😀', '👩🏽‍💻', 'مرحبا', 'שלום',
  'Zoë', 'Łukasz', 'Ærøskøbing', 'ß', '中文', '–', '—', '-', '.', '..', '_', 'x', 'abc', 'O', 'Brien', '0', '42', '\uD800',
];
const ATOM_PIECES = ["'", '$', '`', '{', '}', '|', '&', '#', '%', '^', '~', '=', '+', '*', '?', '!', '/', '-', '_', 'a', 'Z', '9', '.', 'x'];
const BAD_LOCAL = ['(', ')', '"', ' ', ';', ',', '<', '>', '[', ']', '\\', ':', '@', 'é', '’', '\n', '\u0000', '..'];

function gen(r: () => number, pieces: string[], min: number, max: number): string {
  const n = min + Math.floor(r() * (max - min + 1));
  let out = '';
  for (let i = 0; i < n; i++) out += pieces[Math.floor(r() * pieces.length)]!;
  return out;
}

interface Row {
  name: string;
  sam: string;
  guid: string;
}

function userRecord(row: Row, displayName: string) {
  const now = new Date().toISOString();
  const cn = row.name.replace(/([,\\#+<>;"=])/g, '\\$1');
  return {
    Guid: row.guid,
    SamAccountName: row.sam,
    UserPrincipalName: `${row.sam}@corp.contoso.example`,
    Name: row.name,
    DisplayName: displayName,
    FirstName: '',
    LastName: '',
    Domain: 'root',
    DistinguishedName: `CN=${cn},OU=Users,OU=HMC,DC=corp,DC=contoso,DC=example`,
    RecipientTypeDetails: 'User',
    Alias: null,
    PrimarySmtpAddress: null,
    EmailAddresses: [],
    EmailAddressPolicyEnabled: null,
    HiddenFromAddressListsEnabled: false,
    RemoteRoutingAddress: null,
    RemoteRecipientType: null,
    ExchangeGuid: null,
    CloudExchangeGuid: null,
    SyncDueUtc: null,
    ArchiveGuid: null,
    WhenCreated: now,
    WhenChanged: now,
  };
}

const ORG = {
  netbios: 'CORP',
  forest: 'corp.contoso.example',
  childDomain: 'emea.corp.contoso.example',
  childNetbios: 'EMEA',
  domainController: 'DC01.corp.contoso.example',
  server: 'EXCH01',
  primarySmtpDomain: 'contoso.example',
  tenant: 'contoso',
};

async function writeDirectory(rows: Array<{ row: Row; displayName: string }>): Promise<void> {
  const tmp = `${s.directory}.${randomUUID()}.tmp`;
  await writeFile(tmp, JSON.stringify({ version: 1, organization: ORG, users: rows.map((x) => userRecord(x.row, x.displayName)) }));
  await rename(tmp, s.directory);
}

beforeAll(async () => {
  s = await sandboxCore({ syncDelaySeconds: 0 });
  canary = join(s.home, 'CANARY');
  await s.core.router.invoke('session.connect', {}, ctx);
});
afterAll(async () => {
  await s?.dispose();
});

async function outcome<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: HmcError }> {
  try {
    return { ok: true, value: await p };
  } catch (e) {
    if (e instanceof HmcError) return { ok: false, error: e };
    throw e;
  }
}

test('2,000 identities and 1,000 routing local parts + display names: byte for byte or INVALID_INPUT, never executed', { timeout: 600_000 }, async () => {
  const r = rng(20240611);
  const base = payloads(canary);
  const identities: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const nasty = i < base.length * 2 ? base[i % base.length]! : gen(r, PIECES, 1, 8);
    // A unique prefix keeps names from colliding (Exchange matching is case-insensitive).
    identities.push(r() < 0.5 ? `u${i} ${nasty}` : `${nasty} u${i}`);
  }
  const locals: string[] = [];
  const displays: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const bad = r() < 0.25;
    let local = gen(r, ATOM_PIECES, 1, 10);
    if (bad) local = local + BAD_LOCAL[Math.floor(r() * BAD_LOCAL.length)]! + gen(r, ATOM_PIECES, 0, 3);
    locals.push(`e${i}${local}`.slice(0, 64));
    displays.push(i < base.length ? base[i]! : gen(r, PIECES, 1, 12));
  }

  const counts = { echoed: 0, refused: 0, enabled: 0, enableRefused: 0 };
  const BATCH = 125;
  for (let b = 0; b < identities.length; b += BATCH) {
    const batch = identities.slice(b, b + BATCH).map((name, j) => {
      const i = b + j;
      return { row: { name, sam: `inj${i}`, guid: randomUUID() }, displayName: i < locals.length ? displays[i]! : name, i };
    });
    // Names that the console refuses are still stored (AD allows them): the console must refuse them itself.
    await writeDirectory(batch);
    for (const { row, i, displayName } of batch) {
      const got = await outcome(s.core.router.invoke('mailbox.get', { identity: row.name }, ctx));
      if (checkIdentity(row.name) === null) {
        if (!got.ok) throw new Error(`identity #${i} ${JSON.stringify(row.name)} failed: ${got.error.code} ${got.error.message}`);
        expect(got.value.Name).toBe(row.name);
        expect(got.value.Guid).toBe(row.guid);
        counts.echoed++;
      } else {
        expect(got.ok ? 'ok' : got.error.code).toBe('INVALID_INPUT');
        counts.refused++;
      }
      if (i >= locals.length) continue;
      const routingAddress = `${locals[i]}@contoso.mail.onmicrosoft.com`;
      const en = await outcome(
        s.core.router.invoke('mailbox.enableRemote', { identity: row.guid, routingAddress, displayName }, ctx),
      );
      if (checkSmtpAddress(routingAddress) === null && checkDisplayName(displayName) === null) {
        if (!en.ok) throw new Error(`enable #${i} ${JSON.stringify(routingAddress)} failed: ${en.error.code} ${en.error.message}`);
        expect(en.value.recipient?.RemoteRoutingAddress).toBe(`SMTP:${routingAddress}`);
        expect(en.value.recipient?.DisplayName).toBe(displayName);
        counts.enabled++;
      } else {
        expect(en.ok ? 'ok' : en.error.code).toBe('INVALID_INPUT');
        counts.enableRefused++;
      }
    }
    expect(existsSync(canary)).toBe(false);
  }
  // Both paths were exercised in volume.
  expect(counts.echoed).toBeGreaterThan(800);
  expect(counts.refused).toBeGreaterThan(500);
  expect(counts.enabled).toBeGreaterThan(250);
  expect(counts.enableRefused).toBeGreaterThan(100);
  expect(existsSync(canary)).toBe(false);
  console.log(JSON.stringify(counts));
});
