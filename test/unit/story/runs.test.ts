import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../shared/logs/schemas';
import { failurePhrase, summariseRuns } from '../../../shared/story/runs';

const entry = (offset: number, time: string, message: string, level: LogEntry['level'] = 'info', run = 'f#0'): LogEntry => ({
  time, level, user: 'ureyes', message, lines: 1, file: 'f', offset, kind: 'rule', xml: null, index: null, run,
});

describe('what a rule run did', () => {
  it('names each failing host with its layer, and the duration', () => {
    const [run] = summariseRuns([
      entry(0, '2026-12-01T08:00:00', 'Running AfterCreate Script'),
      entry(40, '2026-12-01T08:00:01', 'Connecting to Exchange server mx-hyb01.corp.example.org'),
      entry(90, '2026-12-01T08:00:04', 'Cannot connect to server : mx-hyb01', 'error'),
      entry(130, '2026-12-01T08:00:04', 'Connecting to Exchange server mx-hyb02.corp.example.org'),
      entry(180, '2026-12-01T08:00:08', 'Cannot create mailbox features for user: CN=Uma Reyes,OU=Staff,DC=corp,DC=example,DC=org : Kerberos: WinRM cannot process the request, cannot find the computer mx-hyb02.corp.example.org.', 'error'),
    ]);
    expect(run!.hosts).toEqual(['mx-hyb01', 'mx-hyb02']);
    expect(run!.failures.map((f) => `${f.host} ${f.layer}`)).toEqual(['mx-hyb01 unreachable', 'mx-hyb02 kerberos']);
    expect(run!.seconds).toBe(8);
    expect(failurePhrase(run!)).toBe('the rule failed on both Exchange hosts (mx-hyb01 unreachable, mx-hyb02 Kerberos: cannot find the computer)');
  });

  it('tells a timeout and an Exchange error apart, and a success after a failed host', () => {
    const runs = summariseRuns([
      entry(0, '2026-12-01T09:00:00', 'Connecting to mx-hyb01.corp.example.org', 'info', 'a'),
      entry(10, '2026-12-01T09:00:30', 'Cannot connect to server : mx-hyb01 : the operation timed out after 30 s', 'error', 'a'),
      entry(20, '2026-12-01T09:00:31', 'Connecting to mx-hyb02.corp.example.org', 'info', 'a'),
      entry(30, '2026-12-01T09:00:33', 'Remote mailbox enabled for ureyes', 'info', 'a'),
      entry(40, '2026-12-01T10:00:00', 'Connecting to mx-hyb01.corp.example.org', 'info', 'b'),
      entry(50, '2026-12-01T10:00:02', "Enable-RemoteMailbox failed on mx-hyb01: The proxy address \"SMTP:u@contoso.example\" is already being used", 'error', 'b'),
    ]);
    expect(runs.map((r) => r.outcome)).toEqual(['succeeded', 'failed']);
    expect(runs[0]!.failures).toEqual([{ host: 'mx-hyb01', layer: 'timeout', reason: 'timed out' }]);
    expect(runs[1]!.failures[0]).toMatchObject({ host: 'mx-hyb01', layer: 'exchange' });
  });
});
