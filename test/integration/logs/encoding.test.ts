/**
 * Log files through the router with byte fixtures made here: invalid UTF-8 is read (as windows-1252) with
 * a warning naming the byte offset of the first invalid sequence; UTF-16BE (BOM or not) is refused with a
 * sentence saying what to do, not read as noise.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { isHmcError } from '../../../shared/errors';
import { runHmc } from '../../support/cli';

let home: string;
let core: Core;
const ctx = { door: 'cli' as const };

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'hmc-logs-enc-'));
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
});

afterAll(async () => {
  await core.dispose();
  await rm(home, { recursive: true, force: true });
});

const first = '2025-03-03 09:14:05::Start ConnectorAfterCreate for zose\r\n';

describe('log file encodings', () => {
  it('invalid UTF-8: entries read, and a warning with the first invalid byte offset (parse, open, the CLI)', async () => {
    const file = join(home, 'ansi.log');
    const bad = Buffer.concat([Buffer.from(`${first}2025-03-03 09:14:06::Created Zo`), Buffer.from([0xeb]), Buffer.from(' S\u00e9 for zose\r\n'), Buffer.from([0xc3]), Buffer.from('\r\n')]);
    await writeFile(file, bad);
    const offset = Buffer.byteLength(`${first}2025-03-03 09:14:06::Created Zo`);
    const parsed = await core.router.invoke('logs.parse', { path: file }, ctx);
    expect(parsed.entries[1]!.message).toContain('Created Zoë');
    expect(parsed.encodingWarning).toContain(`byte offset ${offset}`);
    const opened = await core.router.invoke('logs.open', { path: file, tail: 10 }, ctx);
    expect(opened.encodingWarning).toContain(`byte offset ${offset}`);
    const cli = await runHmc(['logs', 'parse', file, '--json'], { env: { ...process.env, HMC_HOME: home } });
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.out)).toHaveLength(parsed.entries.length);
    expect(cli.err).toContain(`byte offset ${offset}`);
  });

  it('valid UTF-8 gives no warning', async () => {
    const file = join(home, 'utf8.log');
    await writeFile(file, `${first}2025-03-03 09:14:06::Created Zoë Ó Sé\r\n`);
    expect((await core.router.invoke('logs.parse', { path: file }, ctx)).encodingWarning).toBeNull();
  });

  it('UTF-16BE with or without a BOM is refused with a sentence', async () => {
    const be = Buffer.from(`${first}2025-03-03 09:14:06::Created\r\n`, 'utf16le').swap16();
    for (const [name, bytes] of [['be-bom.log', Buffer.concat([Buffer.from([0xfe, 0xff]), be])], ['be.log', be]] as const) {
      const file = join(home, name);
      await writeFile(file, bytes);
      const err = await core.router.invoke('logs.parse', { path: file }, ctx).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isHmcError(err) && err.code).toBe('FILE_UNREADABLE');
      expect((err as Error).message).toMatch(/is UTF-16BE \(big-endian\), which the log viewer does not read; save a copy as UTF-8 or UTF-16LE/);
    }
  });

  it('UTF-16LE without a BOM is still read', async () => {
    const file = join(home, 'le.log');
    await writeFile(file, Buffer.from(`${first}2025-03-03 09:14:06::Created Zoë\r\n`, 'utf16le'));
    const parsed = await core.router.invoke('logs.parse', { path: file }, ctx);
    expect(parsed.encoding).toBe('utf-16le');
    expect(parsed.entries[1]!.message).toBe('Created Zoë');
  });
});
