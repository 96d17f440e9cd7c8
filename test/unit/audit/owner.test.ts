/** Who owns a change: a live process (this one, a child) is not gone; an ended one, a reused id or a zombie is. */
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { currentOwner, ownerGone, startToken } from '../../../electron/services/audit/owner';

describe.runIf(process.platform === 'linux')('the owner of a change (Linux)', () => {
  test('this process is its own live owner; the same id with another start time is another process', () => {
    const me = currentOwner();
    expect(me.pid).toBe(process.pid);
    expect(me.started).toMatch(/^.+:\d+$/);
    expect(ownerGone(me)).toBe(false);
    expect(ownerGone({ pid: process.pid, started: `${me.started}0` })).toBe(true);
  });

  test('a process that ended is gone; while it runs it is not', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    const owner = { pid: child.pid!, started: startToken(child.pid!) };
    expect(owner.started).not.toBeNull();
    expect(ownerGone(owner)).toBe(false);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(ownerGone(owner)).toBe(true);
    const ended = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    expect(ownerGone({ pid: Number(ended.stdout), started: null })).toBe(true);
  });
});
