import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractDn, extractUser, parseText } from '../../../shared/logs/parse';
import { RunTracker, annotateRuns, type LogRun, type RunEntry } from '../../../shared/logs/runs';
import { compileFilter } from '../../../shared/logs/filter';
import { LOG_FIXTURES } from '../../support/fixtures';

const UMA = 'CN=Uma Reyes,OU=Joiners,OU=Staff,DC=corp,DC=example,DC=org';

function entries(file: string): RunEntry[] {
  return annotateRuns(parseText(readFileSync(join(LOG_FIXTURES, file), 'utf8')), file);
}

function line(es: RunEntry[], starts: string): RunEntry {
  const e = es.find((x) => x.message.trimStart().startsWith(starts));
  if (!e) throw new Error(`no entry starts with ${starts}`);
  return e;
}

describe('who an entry names', () => {
  it('never takes a DN or its CN for a user name', () => {
    expect(extractUser(`Cannot create mailbox features for user: ${UMA} : Kerberos`)).toBeNull();
    expect(extractUser(`Request attributes ---- dn: ${UMA}, sAMAccountName: ureyes`)).toBe('ureyes');
    expect(extractUser('Username: adele.vance')).toBe('adele.vance');
    expect(extractUser('userPrincipalName: uma.reyes@corp.example.org')).toBe('uma.reyes@corp.example.org');
    expect(extractDn(`Cannot create mailbox features for user: ${UMA} : Kerberos`)).toBe(UMA);
  });
});

describe('rule runs (SailPoint template: Running ... Script to End of Script)', () => {
  const es = entries('template/AfterCreate-2026-12-01.log');

  it('gives the failure that names only the DN to its run and its user', () => {
    const fail = line(es, 'Cannot create mailbox features for user: CN=Uma Reyes');
    expect(fail.user).toBe('ureyes');
    expect(fail.run).toBe(line(es, 'Request attributes ---- dn: CN=Uma Reyes').run);
    expect(line(es, 'Cannot connect to server : mx-hyb01').user).toBe('ureyes');
  });

  it('keeps interleaved runs apart', () => {
    const adele = line(es, 'Username: adele.vance');
    expect(adele.user).toBe('adele.vance');
    expect(line(es, 'Remote mailbox enabled for adele.vance').run).toBe(adele.run);
    expect(adele.run).not.toBe(line(es, 'Cannot connect to server').run);
    // Every entry of a run carries the same user; the start line learns it from a later line.
    const runs = new Map<string, Set<string | null>>();
    for (const e of es) (runs.get(e.run!) ?? runs.set(e.run!, new Set()).get(e.run!)!).add(e.user);
    for (const users of runs.values()) expect(users.size).toBe(1);
    expect(es.filter((e) => e.message.trim() === 'Running AfterCreate Script').map((e) => e.user)).toEqual(['ureyes', 'adele.vance', 'bwong', 'jpark']);
  });

  it('resolves a DN through the run\'s logged request XML, even when the DN comes first', () => {
    expect(line(es, 'Cannot create mailbox features for user: CN=Jon Park').user).toBe('jpark');
  });

  it('closes a run that never ends, without its end line', () => {
    const closed: LogRun[] = [];
    const t = new RunTracker('f', (r) => closed.push(r));
    for (const e of parseText(readFileSync(join(LOG_FIXTURES, 'template/AfterCreate-2026-12-01.log'), 'utf8'))) t.assign(e);
    t.finish();
    const byUser = new Map(closed.map((r) => [r.user, r]));
    expect(byUser.get('bwong')?.ended).toBe(false);
    expect(byUser.get('ureyes')?.ended).toBe(true);
    expect(byUser.get('jpark')?.ended).toBe(true);
    expect(es.filter((e) => e.user === 'bwong').length).toBe(3);
  });

  it('search by user finds the run\'s entries that do not name the user', () => {
    const f = compileFilter({ user: 'ureyes', level: 'error' });
    expect(es.filter((e) => f.matches(e)).map((e) => e.message.trim().slice(0, 40))).toEqual([
      'Cannot connect to server : mx-hyb01',
      'Cannot create mailbox features for user:',
    ]);
    expect(es.filter((e) => compileFilter({ user: 'CN' }).matches(e) && e.user === 'CN')).toEqual([]);
  });
});

describe('rule runs (seed generators and the generated rule)', () => {
  const es = entries('seed/AfterCreate-2026-12-01.log');

  it('attributes the DN-only failure to the run started for the sAMAccountName', () => {
    expect(line(es, 'Cannot create mailbox features').user).toBe('ureyes');
    expect(line(es, 'Finished ConnectorAfterCreate').run).toBe(line(es, 'Starting ConnectorAfterCreate').run);
  });

  it('ends a generated-rule run at its RESULT line, with the user learned from the request', () => {
    const started = line(es, '[ConnectorAfterCreate] INFO: Started');
    expect(started.user).toBe('adele.vance');
    expect(line(es, 'RESULT ::').run).toBe(started.run);
  });
});

describe('rule runs (IQService trace: gap-based)', () => {
  const es = entries('iqtrace/IQTrace.log');

  it('splits at a request for someone else and at a quiet gap', () => {
    expect(line(es, '[7] ERROR ScriptExecutor - Cannot connect').user).toBe('ureyes');
    expect(line(es, '[7] INFO  IQService - Connection accepted').user).toBe('ureyes');
    expect(line(es, '[9] ERROR ScriptExecutor - Errors from service result').user).toBe('jpark');
    const hb = line(es, '[4] INFO  IQService - Heartbeat');
    expect(hb.user).toBeNull();
    expect(new Set(es.map((e) => e.run)).size).toBe(3);
  });
});
