import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsService } from '../../../electron/services/settings/service';
import { SettingsStore } from '../../../electron/services/settings/store';
import { EventBus } from '../../../electron/core/events';
import type { SessionState } from '../../../shared/exchange/schemas';

describe('settings service', () => {
  it('saves through the store, forgets the PowerShell found and announces the session state', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hmc-settings-')), 'settings.json');
    const store = new SettingsStore(file);
    const events = new EventBus();
    const state: SessionState = { state: 'disconnected', mode: 'remote', host: null, since: null, error: null };
    let invalidated = 0;
    const announced: SessionState[] = [];
    events.subscribe('session.status', (s) => announced.push(s));
    const service = new SettingsService({ store, events, sessionState: () => state, invalidatePowerShell: () => void invalidated++ });
    const current = await service.get();
    const saved = await service.update({ ...current, exchange: { ...current.exchange, mode: 'remote', hosts: ['exch01.corp.example.org'] } });
    expect(saved.exchange.mode).toBe('remote');
    expect(JSON.parse(readFileSync(file, 'utf8')).exchange.mode).toBe('remote');
    expect(invalidated).toBe(1);
    expect(announced).toEqual([state]);
    expect(service.problem()).toBeNull();
  });
});
