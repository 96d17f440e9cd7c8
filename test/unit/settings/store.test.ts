import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsStore, parseSettingsText } from '../../../electron/services/settings/store';
import { SETTINGS_VERSION, defaultSettings } from '../../../shared/settings/schema';

const dir = () => mkdtempSync(join(tmpdir(), 'hmc-settings-'));

describe('settings file', () => {
  it('uses defaults when there is no file, and saves atomically', async () => {
    const d = dir();
    const store = new SettingsStore(join(d, 'settings.json'));
    const loaded = await store.load();
    expect(loaded.problem).toBeNull();
    const next = { ...loaded.settings, exchange: { ...loaded.settings.exchange, hosts: ['exch01.corp.example.org'] } };
    await store.save(next);
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')).exchange.hosts).toEqual(['exch01.corp.example.org']);
    expect(readdirSync(d)).toEqual(['settings.json']);
  });

  it('keeps an invalid file aside, names the field, and uses defaults', async () => {
    const d = dir();
    const file = join(d, 'settings.json');
    const original = JSON.stringify({ version: 1, exchange: { mode: 'prod', hosts: ['x'] } });
    writeFileSync(file, original);
    const store = new SettingsStore(file);
    const loaded = await store.load();
    expect(loaded.settings).toEqual(defaultSettings());
    expect(loaded.problem).toContain('exchange.mode');
    const aside = readdirSync(d).find((f) => f.startsWith('settings.json.invalid-'));
    expect(aside).toBeDefined();
    expect(readFileSync(join(d, aside!), 'utf8')).toBe(original);
  });

  it('keeps a corrupt JSON file aside too', async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '{ "version": 1, ');
    const loaded = await new SettingsStore(join(d, 'settings.json')).load();
    expect(loaded.problem).toMatch(/not valid JSON/);
    expect(readdirSync(d).some((f) => f.startsWith('settings.json.invalid-'))).toBe(true);
  });

  it('upgrades a file without a version', () => {
    const r = parseSettingsText(JSON.stringify({ exchange: { mode: 'remote', hosts: ['exch01'] } }));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.settings.version).toBe(SETTINGS_VERSION);
      expect(r.settings.exchange.mode).toBe('remote');
    }
  });

  it('refuses a file from a newer app version', () => {
    const r = parseSettingsText(JSON.stringify({ version: 99 }));
    expect(r.ok).toBe(false);
  });

  it('reads a file that starts with a BOM (Notepad)', async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), '\uFEFF' + JSON.stringify({ version: 1, exchange: { mode: 'snapin' } }));
    const loaded = await new SettingsStore(join(d, 'settings.json')).load();
    expect(loaded.problem).toBeNull();
    expect(loaded.settings.exchange.mode).toBe('snapin');
  });

  it('the sandbox overlay changes what callers see, never the file', async () => {
    const d = dir();
    writeFileSync(join(d, 'settings.json'), JSON.stringify({ version: 1, exchange: { mode: 'remote' } }));
    const store = new SettingsStore(join(d, 'settings.json'), (s) => ({ ...s, exchange: { ...s.exchange, mode: 'sandbox' } }));
    await store.load();
    expect((await store.get()).exchange.mode).toBe('sandbox');
    expect(JSON.parse(readFileSync(join(d, 'settings.json'), 'utf8')).exchange.mode).toBe('remote');
  });
});
