/**
 * The app:// protocol: registered privileged and secure before ready, serving only files inside
 * the renderer folder (real files in a temp folder, Node's own Request and Response, which are the
 * objects protocol.handle gives and takes).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { state } from '../../support/electron-stand-in';
import { APP_INDEX_URL, appProtocolHandler, isAppOrigin, registerAppScheme, resolveAppFile, serveRenderer } from '../../../electron/shell/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/csp';

vi.mock('electron', async () => (await import('../../support/electron-stand-in')).electron);

const base = mkdtempSync(join(tmpdir(), 'hmc-app-protocol-'));
const dir = join(base, 'renderer');

beforeAll(() => {
  mkdirSync(join(dir, 'assets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dir, 'assets', 'index-1.js'), 'console.log(1)');
  // Beside the renderer folder: what a traversal would be after.
  writeFileSync(join(base, 'secret.txt'), 'secret');
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), 'evil');
});

describe('app:// scheme', () => {
  it('is registered as standard and secure, and handled with the renderer folder', async () => {
    const { protocol } = await import('electron');
    registerAppScheme(protocol as never);
    expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    serveRenderer(protocol as never, dir);
    const handler = state.protocolHandlers.get('app')!;
    const res = await handler(new Request(APP_INDEX_URL));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>app</title>');
  });

  it('knows its own origin', () => {
    expect(isAppOrigin('app://hmc/assets/x.js')).toBe(true);
    for (const u of ['app://other/x', 'app://hmc:1/x', 'file:///x', 'https://hmc/x', 'app://u:p@hmc/', 'junk']) expect(isAppOrigin(u), u).toBe(false);
  });

  it('maps URLs to files inside the renderer folder only', () => {
    expect(resolveAppFile('app://hmc/', dir)).toBe(join(dir, 'index.html'));
    expect(resolveAppFile('app://hmc/assets/index-1.js', dir)).toBe(join(dir, 'assets', 'index-1.js'));
    for (const url of [
      'app://hmc/../secret.txt',
      'app://hmc/%2e%2e/secret.txt',
      'app://hmc/..%2fsecret.txt',
      'app://hmc/assets/..%2f..%2fsecret.txt',
      'app://hmc/..%5csecret.txt',
      'app://hmc/%5c..%5csecret.txt',
      'app://hmc/../renderer-evil/x.js',
      'app://hmc/index.html%00.js',
      'app://hmc/%',
      'app://hmc/%C3%28',
      'app://other/index.html',
      'file:///etc/passwd',
    ]) {
      const file = resolveAppFile(url, dir);
      if (file !== null) expect(file.startsWith(join(dir, '/')), url).toBe(true);
    }
    expect(resolveAppFile('app://hmc/..%2fsecret.txt', dir)).toBeNull();
    expect(resolveAppFile('app://hmc/%', dir)).toBeNull();
  });

  it('answers 404 outside the folder and for folders, 405 for other methods, and puts the CSP on pages', async () => {
    const handle = appProtocolHandler(dir);
    const page = await handle(new Request('app://hmc/index.html'));
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const script = await handle(new Request('app://hmc/assets/index-1.js'));
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    for (const url of ['app://hmc/%2e%2e/secret.txt', 'app://hmc/..%2fsecret.txt', 'app://hmc/assets', 'app://hmc/missing.js', 'app://other/index.html', 'app://hmc/%C3%28']) {
      const r = await handle(new Request(url));
      expect(r.status, url).toBe(404);
    }
    expect((await handle(new Request('app://hmc/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    const head = await handle(new Request('app://hmc/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
