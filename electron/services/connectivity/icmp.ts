/**
 * Optional ICMP echo through the system's ping command (Node has no raw sockets). Reported on its
 * own: no answer is a warning at most, and a missing ping command is "skipped", never "no answer".
 */
import { execFile } from 'node:child_process';
import { isIP } from 'node:net';
import { bounded, type Budget } from './bounded';
import { isValidHostName } from './targets';

export interface PingResult {
  outcome: 'reply' | 'no-reply' | 'unavailable';
  latencyMs: number;
  detail: string;
  rttMs: number | null;
}

function pingArgs(host: string, timeoutMs: number, platform: NodeJS.Platform): { cmd: string; args: string[] } {
  const seconds = String(Math.max(1, Math.ceil(timeoutMs / 1000)));
  const v6 = isIP(host) === 6;
  if (platform === 'win32') return { cmd: 'ping', args: ['-n', '1', '-w', String(Math.max(1, timeoutMs)), ...(v6 ? ['-6'] : []), host] };
  // -n: numeric output, so ping does not ask DNS for the reply address's name (PTR) behind our back.
  if (platform === 'darwin') return { cmd: v6 ? 'ping6' : 'ping', args: v6 ? ['-n', '-c', '1', host] : ['-n', '-c', '1', '-t', seconds, host] };
  return { cmd: 'ping', args: ['-n', '-c', '1', '-W', seconds, ...(v6 ? ['-6'] : []), host] };
}

export async function ping(host: string, budget: Budget, platform: NodeJS.Platform = process.platform): Promise<PingResult> {
  if (!isValidHostName(host) || host.startsWith('-')) {
    return { outcome: 'unavailable', latencyMs: 0, detail: 'not pinged: the name is not a plain host name', rttMs: null };
  }
  const { cmd, args } = pingArgs(host, budget.timeoutMs, platform);
  const r = await bounded(
    budget,
    (signal) =>
      new Promise<Omit<PingResult, 'latencyMs'>>((resolve) => {
        execFile(cmd, args, { signal, windowsHide: true, timeout: budget.timeoutMs + 1000, encoding: 'utf8' }, (err, stdout) => {
          const code = (err as NodeJS.ErrnoException | null)?.code;
          if (code === 'ENOENT' || code === 'EACCES') {
            resolve({ outcome: 'unavailable', detail: `no usable ping command on this machine (${code}): ICMP not tested`, rttMs: null });
            return;
          }
          const m = /time[=<]\s*([\d.]+)\s*ms/i.exec(stdout ?? '');
          if (!err) resolve({ outcome: 'reply', detail: `echo reply${m ? ` in ${m[1]} ms` : ''}`, rttMs: m ? Number(m[1]) : null });
          else if (/operation not permitted|permission denied/i.test(String((err as Error).message))) {
            resolve({ outcome: 'unavailable', detail: 'ping is not permitted for this user: ICMP not tested', rttMs: null });
          } else resolve({ outcome: 'no-reply', detail: 'no echo reply (ICMP is often blocked; the TCP layers are what matter)', rttMs: null });
        });
      }),
    () => ({ outcome: 'no-reply' as const, detail: 'no echo reply in time (ICMP is often blocked; the TCP layers are what matter)', rttMs: null }),
    (e) => ({ outcome: 'unavailable' as const, detail: `ping could not run (${(e as Error).message}): ICMP not tested`, rttMs: null }),
  );
  return { latencyMs: r.latencyMs, ...r.value };
}
