import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectivityHistory } from '../../../electron/services/connectivity/history';
import { NO_DIAGNOSTICS, type Diagnostics } from '../../../electron/core/diagnostics';
import type { CheckRun } from '../../../shared/connectivity/schemas';

function recorder(): Diagnostics & { warnings: string[] } {
  const warnings: string[] = [];
  return { ...NO_DIAGNOSTICS, warnings, warn: (message) => void warnings.push(message) };
}

function run(id: string): CheckRun {
  return {
    id, startedAt: '2026-11-27T10:00:00.000Z', finishedAt: '2026-11-27T10:00:01.000Z', durationMs: 1000, timeoutMs: 5000, deadlineMs: 20000,
    deadlineHit: false, source: 'typed', notes: [], hosts: [],
  };
}

const file = () => join(mkdtempSync(join(tmpdir(), 'hmc-history-')), 'connectivity-history.json');

describe('connectivity history', () => {
  it('starts empty without a file and says nothing about it', async () => {
    const d = recorder();
    expect(await new ConnectivityHistory(file(), d).list()).toEqual([]);
    expect(d.warnings).toEqual([]);
  });

  it('keeps the newest runs, newest first, in the file', async () => {
    const f = file();
    const h = new ConnectivityHistory(f, recorder());
    for (const id of ['a', 'b', 'c']) await h.add(run(id), 2);
    expect((await h.list()).map((r) => r.id)).toEqual(['c', 'b']);
    expect((await new ConnectivityHistory(f, recorder()).get())?.id).toBe('c');
    expect(JSON.parse(readFileSync(f, 'utf8')).runs).toHaveLength(2);
  });

  it('a corrupt or foreign file starts an empty history and is named in the diagnostics log', async () => {
    for (const content of ['{ "version": 1, ', JSON.stringify({ version: 7, runs: [] })]) {
      const f = file();
      writeFileSync(f, content);
      const d = recorder();
      expect(await new ConnectivityHistory(f, d).list()).toEqual([]);
      expect(d.warnings).toHaveLength(1);
      expect(d.warnings[0]).toContain(f);
    }
  });

  it('leaves out runs that no longer match the schema, and says how many', async () => {
    const f = file();
    writeFileSync(f, JSON.stringify({ version: 1, runs: [run('good'), { id: 'bad' }] }));
    const d = recorder();
    expect((await new ConnectivityHistory(f, d).list()).map((r) => r.id)).toEqual(['good']);
    expect(d.warnings[0]).toMatch(/1 run\(s\)/);
  });
});
