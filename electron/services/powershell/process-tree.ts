/**
 * The processes below a PowerShell process, read without blocking the main thread, and killing
 * them. A timed-out command must not keep running in an orphan (it could apply a change later),
 * so the whole tree goes: PowerShell, what it started, and the launcher in front of it (a .NET
 * tool pwsh is a small launcher that runs PowerShell as its child).
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import type { Diagnostics } from '../../core/diagnostics';

/** Process id -> parent process id. */
export type ProcessTable = Map<number, number>;

function run(file: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', windowsHide: true }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

async function fromProc(): Promise<ProcessTable> {
  const table: ProcessTable = new Map();
  const pids = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  await Promise.all(
    pids.map(async (name) => {
      let stat: string;
      try {
        stat = await readFile(`/proc/${name}/stat`, 'utf8');
      } catch {
        // The process ended between the listing and the read: it has no place in the table.
        return;
      }
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (Number.isInteger(ppid)) table.set(Number(name), ppid);
    }),
  );
  return table;
}

async function fromPs(): Promise<ProcessTable> {
  const table: ProcessTable = new Map();
  for (const line of (await run('ps', ['-A', '-o', 'pid=,ppid='])).split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (pid && ppid !== undefined && Number.isInteger(ppid)) table.set(pid, ppid);
  }
  return table;
}

/**
 * Every process and its parent: Linux /proc, else `ps` (macOS). Empty on Windows, where
 * `taskkill /T` walks the tree itself. A table that cannot be read is empty, and the diagnostics say why.
 */
export async function processTable(diagnostics?: Diagnostics, platform: NodeJS.Platform = process.platform): Promise<ProcessTable> {
  if (platform === 'win32') return new Map();
  try {
    return platform === 'linux' ? await fromProc() : await fromPs();
  } catch (e) {
    diagnostics?.warn('The process table could not be read; only the known PowerShell processes can be killed', { error: (e as Error).message });
    return new Map();
  }
}

/** The processes below `pid` in the table, nearest first. */
export function descendantsIn(table: ProcessTable, pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [child, parent] of table) {
    const list = children.get(parent);
    if (list) list.push(child);
    else children.set(parent, [child]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (found.includes(child) || child === pid) continue;
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** The processes below `pid` right now (asynchronous: the main thread keeps serving meanwhile). */
export async function descendantsOf(pid: number, diagnostics?: Diagnostics): Promise<number[]> {
  return descendantsIn(await processTable(diagnostics), pid);
}

/**
 * The process between this one and `pid`, if `pid`'s parent is not this process but a child of it
 * (a launcher); null otherwise.
 */
export function launcherOf(table: ProcessTable, pid: number, self: number = process.pid): number | null {
  const parent = table.get(pid);
  return parent !== undefined && parent !== self && table.get(parent) === self ? parent : null;
}

/** SIGKILLs each process; one that is already gone is fine, any other failure goes to the diagnostics. */
export function killAll(pids: Iterable<number>, diagnostics?: Diagnostics): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ESRCH') {
        diagnostics?.error(`Killing process ${pid} of the PowerShell tree failed`, e);
      }
    }
  }
}

/** Windows: ends `pid` and everything below it (exit 128 means it had already ended). */
export async function taskkillTree(pid: number, diagnostics?: Diagnostics): Promise<void> {
  try {
    await run('taskkill', ['/PID', String(pid), '/T', '/F']);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 128) diagnostics?.error(`taskkill of the PowerShell tree under ${pid} failed`, e);
  }
}
