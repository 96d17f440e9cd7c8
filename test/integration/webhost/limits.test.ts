/**
 * The web host's timeouts and body limit over real sockets: slow headers and slow bodies are
 * timed out, callers without the token are refused before their body is read, and a body over
 * the limit is answered 413 with `Connection: close`, so a keep-alive client's next call goes
 * out on a fresh connection and succeeds. The timeouts are short here (the factory takes them);
 * the defaults are 20 s for headers and 60 s for a whole request.
 */
import { Agent, request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/app/core';
import { startWebHost, type WebHost } from '../../../electron/webhost/server';
import { HEADERS_TIMEOUT_MS, REQUEST_TIMEOUT_MS } from '../../../electron/webhost/boundary';

let core: Core;
/** Short timeouts. */
let quick: WebHost;
/** The default timeouts: whatever closes a connection here within a test's time is not a timeout. */
let patient: WebHost;
const rendererDir = mkdtempSync(join(tmpdir(), 'hmc-renderer-'));
const LIMIT = 1024 * 1024;

beforeAll(async () => {
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  core = await createCore({ env: { ...process.env, HMC_HOME: mkdtempSync(join(tmpdir(), 'hmc-home-')) } });
  quick = await startWebHost({ core, port: 0, rendererDir, limits: { headersTimeoutMs: 300, requestTimeoutMs: 600, maxBodyBytes: LIMIT } });
  patient = await startWebHost({ core, port: 0, rendererDir, limits: { maxBodyBytes: LIMIT } });
});

afterAll(async () => {
  await quick.close();
  await patient.close();
  await core.dispose();
});

/** Opens a connection, writes `first` and nothing more, and resolves with what came back once the server closed it. */
function writeAndWait(host: WebHost, first: string): Promise<{ text: string; socket: Socket }> {
  return new Promise((resolve) => {
    const socket = connect(host.port, '127.0.0.1');
    let text = '';
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve({ text, socket }));
    socket.write(first);
  });
}

const head = (host: WebHost, extra: string[]) =>
  [`POST /api/system.status HTTP/1.1`, `Host: 127.0.0.1:${host.port}`, 'Content-Type: application/json', ...extra].join('\r\n') + '\r\n\r\n';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(host: WebHost, agent: Agent, body: string | Buffer, opts: { auth?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: 'POST',
        path: '/api/system.status',
        agent,
        headers: {
          Host: `127.0.0.1:${host.port}`,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...(opts.auth === false ? {} : { Authorization: `Bearer ${host.token}` }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('web host timeouts', () => {
  it('has finite defaults', () => {
    expect(HEADERS_TIMEOUT_MS).toBe(20_000);
    expect(REQUEST_TIMEOUT_MS).toBe(60_000);
  });

  it('times out headers that never finish with 408 and closes the connection', { timeout: 10_000 }, async () => {
    const { text } = await writeAndWait(quick, `POST /api/system.status HTTP/1.1\r\nHost: 127.0.0.1:${quick.port}\r\nX-Slow: `);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/Connection: close/i);
  });

  it('times out an authenticated body that never finishes with 408', { timeout: 10_000 }, async () => {
    const { text } = await writeAndWait(quick, head(quick, [`Authorization: Bearer ${quick.token}`, 'Content-Length: 1000']) + '{"a":');
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('refuses 20 slow bodies without the token at once with 401 and Connection: close, without reading them', { timeout: 10_000 }, async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => writeAndWait(patient, head(patient, ['Content-Length: 10000000']) + '{"a":')));
    for (const { text } of replies) {
      expect(text).toMatch(/^HTTP\/1\.1 401 /);
      expect(text).toMatch(/Connection: close/i);
      expect(text).toContain('UNAUTHORIZED');
    }
  });
});

describe('web host body limit', () => {
  it('answers a body over the limit with 413 and Connection: close; the keep-alive client\'s next call works', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await call(patient, agent, '{}')).status).toBe(200);
      const big = await call(patient, agent, Buffer.alloc(LIMIT * 8, 0x20));
      expect(big.status).toBe(413);
      expect(big.headers.connection).toBe('close');
      expect(JSON.parse(big.body).error.code).toBe('INPUT_TOO_LARGE');
      // Same agent: without Connection: close it would write into the dropped socket (ECONNRESET).
      const next = await call(patient, agent, '{}');
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).ok).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it('refuses a body without the token with 401 and Connection: close; the keep-alive client\'s next call works', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (const body of ['{"x":1}', '']) {
        const refused = await call(patient, agent, body, { auth: false });
        expect(refused.status).toBe(401);
        expect(refused.headers.connection).toBe('close');
      }
      const next = await call(patient, agent, '{}');
      expect(next.status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('keeps a body just under the limit', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const padded = `{${' '.repeat(LIMIT - 2)}}`;
      const r = await call(patient, agent, padded);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body).ok).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});
