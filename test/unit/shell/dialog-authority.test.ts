/**
 * The desktop authority: settings.choosePath through the ipc door opens the native dialog and saves what
 * the admin picked there; a path the page sends along is ignored, and cancelling changes nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { state } from '../../support/electron-stand-in';
import { dialogAuthority } from '../../../electron/shell/dialog-authority';
import { createCore, type Core } from '../../../electron/app/core';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

let core: Core;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'hmc-dialog-'));
  core = await createCore({ env: { ...process.env, HMC_HOME: home } });
  core.services.authorities.set('ipc', dialogAuthority());
});

afterAll(async () => {
  await core.dispose();
});

describe('the native dialog authority', () => {
  it('saves the file picked in the dialog, never the path the page sent', async () => {
    const picked = join(home, 'pwsh');
    writeFileSync(picked, '#!/bin/sh\n', { mode: 0o755 });
    state.dialogAnswer = picked;
    state.dialogs.length = 0;
    const r = await core.router.call('settings.choosePath', { key: 'powershell.path', proposed: '/tmp/evil' }, { door: 'ipc' });
    expect(r).toMatchObject({ ok: true, value: { chosen: picked } });
    expect(state.dialogs).toEqual([{ kind: 'open', options: expect.objectContaining({ properties: ['openFile', 'dontAddToRecent'] }) }]);
    expect(JSON.stringify(state.dialogs)).not.toContain('/tmp/evil');
    expect((await core.router.invoke('settings.get', {}, { door: 'test' })).powershell.path).toBe(picked);
  });

  it('asks for a folder for a log source and a file to save for the sandbox directory', async () => {
    state.dialogAnswer = home;
    state.dialogs.length = 0;
    const r = await core.router.call('settings.choosePath', { key: 'logs.sources[].folder', add: { name: 'Picked', pattern: 'x.log', enabled: true } }, { door: 'ipc' });
    expect(r.ok).toBe(true);
    state.dialogAnswer = join(home, 'directory.json');
    await core.router.call('settings.choosePath', { key: 'exchange.sandboxDirectory' }, { door: 'ipc' });
    expect(state.dialogs.map((d) => d.kind)).toEqual(['open', 'save']);
    expect(state.dialogs[0]!.options).toMatchObject({ properties: ['openDirectory', 'dontAddToRecent'] });
  });

  it('changes nothing when the admin cancels', async () => {
    const before = await core.router.invoke('settings.get', {}, { door: 'test' });
    state.dialogAnswer = null;
    const r = await core.router.call('settings.choosePath', { key: 'connectivity.extraCaFiles' }, { door: 'ipc' });
    expect(r).toMatchObject({ ok: true, value: { chosen: null } });
    expect(await core.router.invoke('settings.get', {}, { door: 'test' })).toEqual(before);
  });
});
