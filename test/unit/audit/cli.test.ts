/** `hmc audit list`: the outcome filter, bad input as a sentence (exit 2), one line per change. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { AuditService } from '../../../electron/services/audit/service';
import { NO_DIAGNOSTICS } from '../../../electron/core/diagnostics';
import { runHmc } from '../../support/cli';

const home = mkdtempSync(join(tmpdir(), 'hmc-audit-cli-'));
const env = { ...process.env, HMC_HOME: home };
afterAll(() => rmSync(home, { recursive: true, force: true }));

test('--outcome filters by how changes ended; unfinished lists starts without an end; a bad outcome is exit 2', async () => {
  expect((await runHmc(['audit', 'list'], { env })).out).toMatch(/^No change in .* matches\./);
  const audit = new AuditService({ file: join(home, 'audit', 'audit.jsonl'), diagnostics: NO_DIAGNOSTICS, actor: 'admin@pc' });
  const done = await audit.begin('mailbox.setHidden', 'cli', { identity: 'lee.gu', hidden: true }, "Set-RemoteMailbox -Identity 'lee.gu'");
  await audit.end(done, 'mailbox.setHidden', 'cli', 'ok');
  await audit.begin('mailbox.enableRemote', 'cli', { identity: 'ann' }, "Enable-RemoteMailbox -Identity 'ann'");

  const ok = await runHmc(['audit', 'list', '--outcome', 'ok', '--json'], { env });
  expect(ok.code).toBe(0);
  expect((JSON.parse(ok.out) as Array<{ id: string }>).map((r) => r.id)).toEqual([done]);
  const open = await runHmc(['audit', 'list', '--outcome', 'unfinished'], { env });
  expect(open.code).toBe(0);
  expect(open.out).toMatch(/unfinished\s+mailbox\.enableRemote\s+ann .*\(running, or its process has not been reconciled yet\)/);
  expect(open.out).not.toContain('lee.gu');

  const bad = await runHmc(['audit', 'list', '--outcome', 'maybe'], { env });
  expect(bad.code).toBe(2);
  expect(bad.err).toMatch(/hmc: --outcome must be ok, failed or unfinished/);
});
