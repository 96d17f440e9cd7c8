/** A .log file handed to the desktop app: found on the command line, held until the page listens. */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { logFileFromArgv, PendingLogOpens } from '../../../electron/shell/open-files';

const cwd = resolve('/home/admin/Downloads');

describe('log file on the command line', () => {
  it('takes the .log argument of a packaged app, skipping the executable and Chromium switches', () => {
    const exe = '/opt/Hybrid Mailbox Console/hybrid-mailbox-console';
    expect(logFileFromArgv([exe, '/var/log/iqservice/ConnectorAfterCreate.log'], { defaultApp: false, cwd })).toBe('/var/log/iqservice/ConnectorAfterCreate.log');
    // What a second instance's argv looks like: Chromium adds switches, some before the document.
    expect(
      logFileFromArgv([exe, '--allow-file-access-from-files', '--original-process-start-time=13371337', 'rules.LOG', '--enable-features=X'], { defaultApp: false, cwd }),
    ).toBe(resolve(cwd, 'rules.LOG'));
    expect(logFileFromArgv([exe], { defaultApp: false, cwd })).toBeNull();
    expect(logFileFromArgv([exe, '--inspect=9229', '--log-file=x.log'], { defaultApp: false, cwd })).toBeNull();
    expect(logFileFromArgv([exe, 'notes.txt'], { defaultApp: false, cwd })).toBeNull();
  });

  it('skips the app path when run unpackaged (electron . / electron out/electron/main.js)', () => {
    expect(logFileFromArgv(['/usr/bin/electron', '.', 'a.log'], { defaultApp: true, cwd })).toBe(resolve(cwd, 'a.log'));
    expect(logFileFromArgv(['/usr/bin/electron', '/repo/x.log'], { defaultApp: true, cwd })).toBeNull();
    expect(logFileFromArgv(['/usr/bin/electron', 'out/electron/main.js'], { defaultApp: true, cwd })).toBeNull();
  });

  it('resolves a relative path against the working directory it was given in', () => {
    expect(logFileFromArgv(['hmc.exe', '..\\logs\\a.log'.replace(/\\/g, '/')], { defaultApp: false, cwd })).toBe(resolve(cwd, '../logs/a.log'));
  });
});

describe('pending log opens', () => {
  it('holds files until the page subscribes, then emits each once', () => {
    const emitted: string[] = [];
    let listening = false;
    const pending = new PendingLogOpens((p) => emitted.push(p), () => listening);
    pending.open('/a.log');
    pending.open('/b.log');
    expect(emitted).toEqual([]);
    listening = true;
    pending.flush();
    pending.flush();
    expect(emitted).toEqual(['/a.log', '/b.log']);
    pending.open('/c.log');
    expect(emitted).toEqual(['/a.log', '/b.log', '/c.log']);
  });
});
