/**
 * An interrupted change on the desk: a start record whose process is gone is reconciled (read back
 * through the sandbox Exchange, as every front door does at start) and shown above every page until
 * acknowledged; acknowledging writes its record and the banner goes.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reconcileAudit } from '../../electron/services/audit/reconcile';
import { expect, screenshot, test } from './fixtures';

test('a reconciled change is shown until acknowledged', async ({ appPage: page, app }) => {
  await app.core.router.invoke('sandbox.reset', {}, { door: 'test' });
  // A process that has ended: the owner of the interrupted change.
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  const owner = { pid: Number(dead.stdout), started: null };
  const id = 'e2e-interrupted-1';
  const start = {
    id,
    phase: 'start',
    time: new Date().toISOString(),
    op: 'mailbox.setHidden',
    door: 'cli',
    command: "Set-RemoteMailbox -Identity 'remote.synced' -HiddenFromAddressListsEnabled $true",
    input: { identity: 'remote.synced', hidden: true },
    target: { displayName: 'Rita Remote', samAccountName: 'remote.synced', userPrincipalName: 'remote.synced@corp.contoso.example', guid: null },
    owner,
    readBack: { identity: 'remote.synced', change: { kind: 'hide', hidden: true } },
  };
  const services = app.core.services;
  mkdirSync(join(app.home, 'audit'), { recursive: true });
  appendFileSync(services.audit.file, `${JSON.stringify(start)}\n`);
  expect(await reconcileAudit({ audit: services.audit, readBack: (rb) => services.exchange.reconcileReadBack(rb), diagnostics: services.diagnostics })).toBe(1);

  // A new page load: the banner asks once when it mounts (and every 15 s).
  await page.reload();
  const banner = page.getByTestId('reconciled-banner');
  await expect(banner).toContainText("Set-RemoteMailbox -Identity 'remote.synced' -HiddenFromAddressListsEnabled $true on Rita Remote (remote.synced)");
  await expect(banner).toContainText('Read back: not applied');
  await expect(banner).toContainText('it is safe to try again');
  await screenshot(page, 'audit-reconciled-banner');
  // The Audit page shows what the read-back found, acknowledged or not.
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('button', { name: 'Audit', exact: true }).click();
  await expect(page.getByTestId('audit-reconciled').first()).toHaveText('interrupted, read back: not-applied');
  await banner.getByRole('button', { name: 'Acknowledge' }).click();
  await expect(banner).toBeHidden();
  const phases = readFileSync(services.audit.file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; phase: string }).filter((r) => r.id === id);
  expect(phases.map((r) => r.phase)).toEqual(['start', 'reconciled', 'acknowledged']);
  expect((await app.core.router.invoke('audit.reconciled', {}, { door: 'test' })).changes).toEqual([]);
});
