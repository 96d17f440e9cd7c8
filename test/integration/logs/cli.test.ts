/**
 * The CLI's log commands (electron/cli/commands/logs.ts): `hmc logs parse` and `hmc logs search` print the
 * exact entry shape, and bad input exits 2. Over a generated log of realistic entries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHmc } from '../../support/cli';
import { generateLogFile, makeUsers } from '../../support/logs-gen';

let dir: string;
const written: Array<{ error: boolean; user: string | null }> = [];
const users = makeUsers(60, 3);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hmc-logs-cli-data-'));
  await generateLogFile(join(dir, 'ConnectorAfterCreate_20250303.log'), 6 * 1024 * 1024, {
    users,
    seed: 5,
    start: new Date(2025, 2, 3, 0, 0, 0),
    onEntries: (es) => {
      for (const e of es) written.push({ error: e.error, user: e.user });
    },
  });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('CLI', () => {
  async function cli(argv: string[], home: string): Promise<{ code: number; out: string; err: string }> {
    return runHmc(argv, { env: { ...process.env, HMC_HOME: home } });
  }

  it('hmc logs parse FILE --json prints the exact entry shape in file order (UTF-16LE file)', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-cli-'));
    const small = join(home, 'u16.log');
    const text = '2025-03-03 09:14:05::Request Object :: <AccountRequest op="Create">\r\n  <AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>\r\n</AccountRequest>\r\n2025-03-03 09:14:09::Cannot create mailbox for aobrien: not found\r\n';
    await writeFile(small, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await cli(['logs', 'parse', small, '--json'], home);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as unknown[];
    expect(doc).toEqual([
      { time: '2025-03-03T09:14:05', level: 'info', user: 'aobrien', message: 'Request Object :: <AccountRequest op="Create">\n  <AttributeRequest name="sAMAccountName" op="Set" value="aobrien"/>\n</AccountRequest>', lines: 3, file: small, offset: 2 },
      { time: '2025-03-03T09:14:09', level: 'error', user: 'aobrien', message: 'Cannot create mailbox for aobrien: not found', lines: 1, file: small, offset: 2 + Buffer.byteLength(text.split('\r\n').slice(0, 3).join('\r\n') + '\r\n', 'utf16le') },
    ]);
    const missing = await cli(['logs', 'parse', join(home, 'nope.log'), '--json'], home);
    expect(missing.code).toBe(2);
    await rm(home, { recursive: true, force: true });
  });

  it('hmc logs search --path GLOB --user --level --json', async () => {
    const home = await mkdtemp(join(tmpdir(), 'hmc-logs-cli-'));
    const sam = users[11]!.sam;
    const r = await cli(['logs', 'search', '--path', join(dir, '*.log'), '--user', sam, '--level', 'error', '--json'], home);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as Array<Record<string, unknown>>;
    expect(doc.length).toBe(written.filter((w) => w.error && w.user === sam).length);
    for (const e of doc) expect(Object.keys(e)).toEqual(['time', 'level', 'user', 'message', 'lines', 'file', 'offset']);
    const bad = await cli(['logs', 'search', '--path', join(dir, '*.log'), '--regex', '(', '--json'], home);
    expect(bad.code).toBe(2);
    const none = await cli(['logs', 'search', '--json'], home);
    expect(none.code).toBe(2);
    await rm(home, { recursive: true, force: true });
  });
});
