/**
 * The local web host over real sockets: token, Host check, envelopes, events, static files.
 */
import { request } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { isLoopbackHostHeader, startWebHost, type WebHost } from '../../../electron/webhost/server';

let core: Core;
let host: WebHost;
const rendererDir = mkdtempSync(join(tmpdir(), 'hmc-renderer-'));

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(method: string, path: string, opts: { headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, method, path, headers: { Host: `127.0.0.1:${host.port}`, ...opts.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${host.token}`, 'Content-Type': 'application/json' });

beforeAll(async () => {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  core = await createCore({ env: { ...process.env, HMC_HOME: mkdtempSync(join(tmpdir(), 'hmc-home-')) } });
  host = await startWebHost({ core, port: 0, rendererDir });
});

afterAll(async () => {
  await host.close();
  await core.dispose();
});

describe('local web host', () => {
  it('listens on 127.0.0.1 and prints the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
  });

  it('refuses an API call without the token with 401, and with a wrong token', async () => {
    expect((await send('POST', '/api/system.status', { body: '{}' })).status).toBe(401);
    const wrong = await send('POST', '/api/system.status', { body: '{}', headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('UNAUTHORIZED');
  });

  it('refuses a foreign Host header with 403 (DNS rebinding), even with the token', async () => {
    const r = await send('POST', '/api/system.status', { body: '{}', headers: { ...auth(), Host: 'evil.example:80' } });
    expect(r.status).toBe(403);
    expect((await send('GET', '/', { headers: { Host: `attacker.test:${host.port}` } })).status).toBe(403);
  });

  it('answers 200 with the envelope for every authenticated call, errors included', async () => {
    const ok = await send('POST', '/api/system.status', { body: '{}', headers: auth() });
    expect(ok.status).toBe(200);
    const body = JSON.parse(ok.body);
    expect(body.ok).toBe(true);
    expect(body.value.exchangeMode).toBe('sandbox');
    const unknown = await send('POST', '/api/no.such', { body: '{}', headers: auth() });
    expect(unknown.status).toBe(200);
    expect(JSON.parse(unknown.body).error.code).toBe('UNKNOWN_OPERATION');
    const badJson = await send('POST', '/api/system.status', { body: '{nope', headers: auth() });
    expect(badJson.status).toBe(200);
    expect(JSON.parse(badJson.body).error.code).toBe('INVALID_INPUT');
  });

  it('sends no CORS headers, even to a preflight', async () => {
    const r = await send('OPTIONS', '/api/system.status', { headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.status).not.toBe(200);
  });

  it('serves the renderer with the CSP and without path traversal', async () => {
    const page = await send('GET', '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/assets/missing.js']) {
      const r = await send('GET', p);
      expect(r.body, p).not.toContain('hybrid-mailbox-console');
    }
  });

  it('streams events to an authenticated subscriber', async () => {
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: host.port,
          method: 'POST',
          path: '/api/events',
          headers: { ...auth(), Host: `localhost:${host.port}` },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          res.setEncoding('utf8');
          let buf = '';
          res.on('data', (c: string) => {
            buf += c;
            const parts = buf.split('\n');
            buf = parts.pop() ?? '';
            for (const p of parts) if (p.trim()) lines.push(p);
            if (lines.length === 1) {
              core.services.events.emit('session.status', { state: 'connected', mode: 'sandbox', host: 'sandbox', since: null, error: null });
            }
            if (lines.length === 2) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', (e) => (lines.length >= 2 ? resolve() : reject(e)));
      req.end(JSON.stringify({ events: ['session.status'] }));
    });
    expect(JSON.parse(lines[0]!)).toEqual({ event: 'ready', payload: null });
    expect(JSON.parse(lines[1]!)).toMatchObject({ event: 'session.status', payload: { state: 'connected' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(core.services.events.listenerCount('session.status')).toBe(0);
  });
});

describe('Host header check', () => {
  it.each([
    ['127.0.0.1:8080', true],
    ['localhost:8080', true],
    ['[::1]:8080', true],
    ['LOCALHOST:8080', true],
    ['127.0.0.1:8081', false],
    ['127.0.0.2:8080', false],
    ['evil.example:8080', false],
    ['localhost.evil.example:8080', false],
    ['', false],
  ])('%s -> %s', (h, ok) => {
    expect(isLoopbackHostHeader(h, 8080)).toBe(ok);
  });
});

describe('closing the web host with event streams open', () => {
  it('unsubscribes them first, so events emitted during shutdown write nothing to ended streams', async () => {
    const c = await createCore({ env: { ...process.env, HMC_HOME: mkdtempSync(join(tmpdir(), 'hmc-home-')) } });
    const h = await startWebHost({ core: c, port: 0, rendererDir });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      await new Promise<void>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: h.port, method: 'POST', path: '/api/events', headers: { Host: `127.0.0.1:${h.port}`, Authorization: `Bearer ${h.token}` } },
          (res) => {
            res.once('data', () => resolve());
            res.on('error', () => undefined);
          },
        );
        req.on('error', () => undefined);
        req.once('error', reject);
        req.end(JSON.stringify({ events: ['session.status'] }));
      });
      expect(c.services.events.listenerCount('session.status')).toBe(1);
      // The core emits while the host is still closing (as core.dispose() does right after).
      const closing = h.close();
      c.services.events.emit('session.status', { state: 'disconnected', mode: 'sandbox', host: null, since: null, error: null });
      await closing;
      expect(c.services.events.listenerCount('session.status')).toBe(0);
      await new Promise((r) => setTimeout(r, 50));
      expect(errors).toEqual([]);
    } finally {
      process.off('uncaughtException', onError);
      await c.dispose();
    }
  });
});
