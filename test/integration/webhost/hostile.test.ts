/**
 * No request ends the web host. The host runs as its own process (a private bundle of
 * electron/webhost/main.ts, as `hmc serve` runs it), so a request that throws outside the error
 * boundary kills a real process instead of being swallowed by the test runner. Every hostile
 * request goes over a raw socket (bytes exactly as written, invalid UTF-8 and all), with and
 * without the token; after each one the host must still answer an authenticated call.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..', '..', '..');
let child: ChildProcess;
let port = 0;
let token = '';
let exited: string | null = null;
let stderr = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hmc-webhost-bundle-'));
  const bundle = join(dir, 'webhost.js');
  await build({
    entryPoints: [join(root, 'electron', 'webhost', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    external: ['electron'],
    logLevel: 'warning',
    absWorkingDir: root,
  });
  child = spawn(process.execPath, [bundle, '0'], {
    env: { ...process.env, HMC_HOME: mkdtempSync(join(tmpdir(), 'hmc-home-')), HMC_APP_ROOT: root, NODE_PATH: join(root, 'node_modules') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.on('exit', (code, signal) => (exited = `exited with ${String(code ?? signal)}: ${stderr}`));
  await new Promise<void>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+)/.exec(out);
      if (m) {
        port = Number(m[1]);
        token = m[2]!;
        resolveUrl();
      }
    });
    child.on('exit', () => reject(new Error(`the web host did not start: ${stderr}`)));
  });
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
});

interface RawReply {
  /** The status line's code, or null when the server closed without answering. */
  status: number | null;
  text: string;
}

/** Writes `bytes` on a fresh connection and collects what comes back until the server closes (or `guardMs` pass). */
function raw(bytes: Buffer | string, guardMs = 5_000): Promise<RawReply> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const finish = () => {
      clearTimeout(guard);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      done({ status: m ? Number(m[1]) : null, text });
    };
    // A hang guard, not a speed assertion: a request the host keeps open is ended by the test.
    const guard = setTimeout(() => socket.destroy(), guardMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', finish);
    socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  });
}

function requestBytes(method: string, target: Buffer | string, opts: { auth?: boolean; body?: string; headers?: string[] } = {}): Buffer {
  const body = opts.body ?? '';
  const head = [
    `Host: 127.0.0.1:${port}`,
    'Connection: close',
    ...(opts.auth ? [`Authorization: Bearer ${token}`] : []),
    ...(body ? ['Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`] : []),
    ...(opts.headers ?? []),
  ];
  return Buffer.concat([
    Buffer.from(`${method} `, 'latin1'),
    typeof target === 'string' ? Buffer.from(target, 'latin1') : target,
    Buffer.from(` HTTP/1.1\r\n${head.join('\r\n')}\r\n\r\n${body}`, 'latin1'),
  ]);
}

async function stillAnswers(what: string): Promise<void> {
  // The first status looks for PowerShell (it starts pwsh once), which on a loaded machine can take
  // seconds: the guard only ends a request the host never answers.
  const r = await raw(requestBytes('POST', '/api/system.status', { auth: true, body: '{}' }), 60_000);
  expect(exited, what).toBeNull();
  expect(r.status, `${what}: ${r.text.slice(0, 200)}`).toBe(200);
  expect(r.text, what).toContain('"ok":true');
}

const MALFORMED_PATHS: Array<string | Buffer> = [
  '/api/%',
  '/api/%%',
  '/api/%zz',
  '/api/%4',
  '/api/system.status%',
  '/api/%E0%A4%A',
  '/api/%C3%28',
  '/api/%ED%A0%80',
  '/api/%FF%FE',
  '/api/%F8%88%80%80%80',
  '/api/%C0%AF..%C0%AF',
  '/api/%00',
  '/api/%2F..%2F..%2Fetc%2Fpasswd',
  '/api/system.status?%',
  '/api/',
  '/api',
  '/%',
  '/%%30',
  '/assets/%E0',
  '/%C0%AE%C0%AE/package.json',
  '/..%c0%af..%c0%afpackage.json',
  '/%00index.html',
  '/index.html%00.js',
  '/\\..\\..\\package.json',
  '//api/system.status',
  '/api//system.status',
  'api/system.status',
  '*',
  'http://evil.example/api/system.status',
  `/api/${'a'.repeat(10_000)}`,
  `/api/${'%41'.repeat(5_000)}`,
  `/${'%'.repeat(3_000)}`,
  `/api/${'x'.repeat(100_000)}`,
  Buffer.from([0x2f, 0x61, 0x70, 0x69, 0x2f, 0xc3, 0x28]),
  Buffer.from([0x2f, 0xff, 0xfe, 0xfd]),
  Buffer.from([0x2f, 0x61, 0x70, 0x69, 0x2f, 0xe2, 0x82]),
  Buffer.from([0x2f, 0x00, 0x2f]),
  Buffer.from([0x2f, 0x61, 0x0d, 0x62]),
];

describe('no request ends the web host', () => {
  it('starts and answers', async () => {
    await stillAnswers('at start');
  });

  for (const auth of [false, true]) {
    it(`answers every malformed, overlong or non-UTF-8 path with an error status (${auth ? 'with' : 'without'} the token)`, async () => {
      for (const path of MALFORMED_PATHS) {
        const label = typeof path === 'string' ? path.slice(0, 60) : `bytes ${path.toString('hex')}`;
        for (const method of ['GET', 'POST']) {
          const r = await raw(requestBytes(method, path, { auth, ...(method === 'POST' ? { body: '{}' } : {}) }));
          // An answer (a refusal, the app page, an error envelope) or a closed connection: never a dead process or a 500.
          expect(r.status, `${method} ${label}`).not.toBe(500);
          if (r.status === 200 && typeof path === 'string' && path.startsWith('/api/') && !path.includes('?')) expect(r.text, label).toContain('"ok":false');
          await stillAnswers(`${method} ${label}`);
        }
      }
    });
  }

  it('answers malformed percent-encoding in an API path with 400 and a sentence', async () => {
    for (const path of ['/api/%', '/api/%C3%28', '/api/%ED%A0%80']) {
      const r = await raw(requestBytes('POST', path, { auth: true, body: '{}' }));
      expect(r.status, path).toBe(400);
      expect(r.text).toContain('"ok":false');
      expect(r.text).toMatch(/not a valid address/);
    }
    expect((await raw(requestBytes('GET', '/%E0%A4%A'))).status).toBe(400);
    expect((await raw(requestBytes('GET', `/${'a'.repeat(10_000)}`))).status).toBe(414);
  });

  it('survives odd methods, broken framing and non-UTF-8 headers', async () => {
    const cases: Array<[string, Buffer | string]> = [
      ['unknown method', requestBytes('FOO', '/api/system.status', { auth: true })],
      ['lowercase method', requestBytes('get', '/')],
      ['PROPFIND', requestBytes('PROPFIND', '/api/system.status', { auth: true })],
      ['M-SEARCH', requestBytes('M-SEARCH', '*')],
      ['CONNECT', requestBytes('CONNECT', `127.0.0.1:${port}`)],
      ['TRACE', requestBytes('TRACE', '/api/system.status', { auth: true })],
      ['DELETE', requestBytes('DELETE', '/api/system.status', { auth: true })],
      ['HEAD on the API', requestBytes('HEAD', '/api/%', { auth: true })],
      ['OPTIONS on a bad path', requestBytes('OPTIONS', '/api/%')],
      ['no version', `GET /api/% \r\nHost: 127.0.0.1:${port}\r\n\r\n`],
      ['HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'],
      ['TLS hello', Buffer.from('16030100c4010000c00303', 'hex')],
      ['garbage', Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a])],
      ['bad Content-Length', requestBytes('POST', '/api/system.status', { auth: true, headers: ['Content-Length: -1'] })],
      ['two Content-Lengths', requestBytes('POST', '/api/system.status', { auth: true, headers: ['Content-Length: 2', 'Content-Length: 3'] })],
      [
        'chunked and Content-Length',
        requestBytes('POST', '/api/system.status', { auth: true, headers: ['Content-Length: 4', 'Transfer-Encoding: chunked'] }),
      ],
      ['bad chunk size', Buffer.concat([requestBytes('POST', '/api/system.status', { auth: true, headers: ['Transfer-Encoding: chunked'] }), Buffer.from('zz\r\n{}\r\n0\r\n\r\n')])],
      ['non-UTF-8 caller id', requestBytes('POST', '/api/system.status', { auth: true, body: '{}', headers: ['X-Hmc-Caller: \xc3\x28\xff\xfe'] })],
      ['non-UTF-8 token', requestBytes('POST', '/api/system.status', { body: '{}', headers: ['Authorization: Bearer \xc3\x28\xff'] })],
      ['non-UTF-8 Host', 'GET /api/%C3%28 HTTP/1.1\r\nHost: \xc3\x28\xff:1\r\nConnection: close\r\n\r\n'],
      ['no Host', 'GET /api/% HTTP/1.1\r\nConnection: close\r\n\r\n'],
      ['header without colon', requestBytes('GET', '/', { headers: ['NoColonHere'] })],
      ['overlong header', requestBytes('GET', '/', { headers: [`X-Big: ${'a'.repeat(100_000)}`] })],
      ['non-UTF-8 JSON body', Buffer.concat([requestBytes('POST', '/api/system.status', { auth: true, headers: ['Content-Length: 4', 'Content-Type: application/json'] }), Buffer.from([0x7b, 0xc3, 0x28, 0x7d])])],
      ['events with a bad body', requestBytes('POST', '/api/events', { auth: true, body: '{"events":"%"}' })],
    ];
    for (const [label, bytes] of cases) {
      const r = await raw(bytes);
      if (r.status !== null) expect(r.status, label).not.toBe(500);
      await stillAnswers(label);
    }
  });

  it('is still the same process', () => {
    expect(exited).toBeNull();
    expect(stderr).not.toMatch(/URIError|Uncaught|TypeError/);
  });
});
