import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { descendantsIn, descendantsOf, killAll, launcherOf, processTable } from '../../../electron/services/powershell/process-tree';
import type { Diagnostics } from '../../../electron/core/diagnostics';

function recorder(): Diagnostics & { lines: string[] } {
  const lines: string[] = [];
  return { lines, path: '(test)', info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m), flush: async () => undefined };
}

describe('the process tree, from a table', () => {
  const table = new Map([
    [10, 1],
    [20, 10],
    [30, 20],
    [31, 20],
    [40, 30],
    [50, 1],
  ]);
  test('descendants, nearest first; none for a leaf or an unknown process', () => {
    expect(descendantsIn(table, 10)).toEqual([20, 30, 31, 40]);
    expect(descendantsIn(table, 40)).toEqual([]);
    expect(descendantsIn(table, 99)).toEqual([]);
  });
  test('a launcher is the process between this one and PowerShell', () => {
    expect(launcherOf(table, 20, 10)).toBeNull();
    expect(launcherOf(table, 30, 10)).toBe(20);
    expect(launcherOf(table, 40, 10)).toBeNull();
  });
});

describe.skipIf(process.platform === 'win32')('on this machine', () => {
  test('reads the table asynchronously and finds a child and its grandchild', async () => {
    const child = spawn('sh', ['-c', 'sleep 30 & wait'], { stdio: 'ignore' });
    try {
      let below: number[] = [];
      for (let i = 0; i < 50 && below.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        below = await descendantsOf(child.pid!);
      }
      expect(below).toHaveLength(1);
      const table = await processTable();
      expect(table.get(child.pid!)).toBe(process.pid);
      expect(launcherOf(table, below[0]!)).toBe(child.pid);
      const exited = new Promise((r) => child.once('exit', r));
      killAll([...below, child.pid!]);
      await exited;
    } finally {
      child.kill('SIGKILL');
    }
  });
  test('killing a process that is already gone is not an error; any other failure is reported', () => {
    const d = recorder();
    killAll([2 ** 22 + 12345], d);
    expect(d.lines).toEqual([]);
    if (process.getuid?.() !== 0) {
      killAll([1], d);
      expect(d.lines[0]).toMatch(/Killing process 1 of the PowerShell tree failed/);
    }
  });
});
