/**
 * Who owns a change in the audit trail: the process id and its start time, so a later process can
 * tell a change still running elsewhere from one whose process died (its id gone, or reused by a
 * process that started at another time). Linux: the kernel's start time in clock ticks since boot,
 * with the boot id (/proc). Elsewhere the start time is not read (null): an id that exists counts as
 * its owner, so a reused id on Windows or macOS leaves the change alone until the id is free.
 */
import { readFileSync } from 'node:fs';
import type { AuditOwner } from '../../../shared/audit/schemas';
import type { z } from 'zod';

export type Owner = z.infer<typeof AuditOwner>;

function procStat(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // No such process (or no /proc on this platform): the callers treat null as "cannot tell".
    return null;
  }
}

/** The process's start time as a token comparable across processes, or null where it cannot be read. */
export function startToken(pid: number, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  const stat = procStat(pid);
  if (!stat) return null;
  // Fields after the command name (which may hold spaces and parentheses): state is the 3rd, starttime the 22nd.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  let boot: string;
  try {
    boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Without a boot id the ticks alone still tell processes of one boot apart.
    boot = 'boot';
  }
  return `${boot}:${fields[19]}`;
}

export function currentOwner(): Owner {
  return { pid: process.pid, started: startToken(process.pid) };
}

/** Whether the owner of a change is gone: no process with its id, a zombie, or its id reused by a process that started at another time. */
export function ownerGone(owner: Owner, platform: NodeJS.Platform = process.platform): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (e) {
    // EPERM: the process exists but belongs to another account; ESRCH: there is none.
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return true;
  }
  if (platform === 'linux') {
    const stat = procStat(owner.pid);
    if (stat === null) return true;
    if (stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return true;
    if (owner.started !== null && startToken(owner.pid, platform) !== owner.started) return true;
  }
  return false;
}
