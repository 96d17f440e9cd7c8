import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../../electron/services/notify/classify';

const ctx = { host: 'smtp.corp.example.org', port: 25, tls: 'starttls' as const, user: 'relay' };
const kind = (e: object) => classifySendError(e, ctx).kind;

describe("nodemailer's errors by code, never by text", () => {
  it('tells the connection, TLS, authentication and envelope failures apart', () => {
    expect(kind({ code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'whatever' })).toBe('connection-refused');
    expect(kind({ code: 'EDNS', originalCode: 'ENOTFOUND' })).toBe('host-not-found');
    expect(kind({ code: 'ETIMEDOUT', timeoutType: 'GREETING_TIMEOUT' })).toBe('timeout');
    expect(kind({ code: 'ETLS', command: 'STARTTLS', responseCode: 502 })).toBe('starttls-missing');
    expect(kind({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe('tls-failed');
    expect(kind({ code: 'ESOCKET', originalCode: 'ERR_TLS_CERT_ALTNAME_INVALID' })).toBe('tls-failed');
    expect(kind({ code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toBe('auth-rejected');
    expect(kind({ code: 'ENOAUTH' })).toBe('auth-missing');
    expect(kind({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 530 })).toBe('auth-required');
    expect(kind({ code: 'EENVELOPE', command: 'MAIL FROM', responseCode: 553 })).toBe('sender-refused');
    expect(kind({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550, rejected: ['x@y'] })).toBe('recipient-refused');
    expect(kind({ code: 'EMESSAGE', command: 'DATA', responseCode: 552 })).toBe('message-refused');
    expect(kind({ message: 'Connection refused' })).toBe('unknown');
  });

  it('retries only what may pass later, and redacts the detail', () => {
    expect(classifySendError({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' }, ctx).transient).toBe(true);
    expect(classifySendError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 451 }, ctx).transient).toBe(true);
    expect(classifySendError({ code: 'EENVELOPE', command: 'RCPT TO', responseCode: 550 }, ctx).transient).toBe(false);
    expect(classifySendError({ code: 'EAUTH', responseCode: 535 }, ctx).transient).toBe(false);
    const p = classifySendError({ code: 'EAUTH', response: '535 bad password=Hunter2-X' }, ctx);
    expect(p.detail).toBe('EAUTH: 535 bad password=********');
    expect(p.message).toMatch(/rejected the sign-in of relay/);
  });
});
