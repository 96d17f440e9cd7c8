import { describe, expect, test } from 'vitest';
import { buildCommandLine, encodeWire, parseEnvelope } from '../../../electron/services/powershell/protocol';

const NASTY = ["'; Remove-Item C:\\ -Recurse; '", '‘’‚‛"“”', '$(New-Item /tmp/x)', '`n`r', 'a;b|c&d', 'line\nbreak', '\u0000nul', '😀 مرحبا', '2024-01-01T00:00:00'];

describe('wire encoding', () => {
  test('the command line is fixed text plus base64 only', () => {
    for (const v of NASTY) {
      const line = buildCommandLine({ command: 'Get-User', params: { Identity: v, Flag: true, N: 3, L: [v, null] } });
      expect(line).toMatch(/^Invoke-HmcCall -Request '[A-Za-z0-9+/]+=*'$/);
    }
  });
  test('every string is itself base64 and round-trips byte for byte', () => {
    for (const v of NASTY) {
      const line = buildCommandLine({ command: 'Get-User', params: { Identity: v, Nested: { X: v } } });
      const payload = JSON.parse(Buffer.from(/'(.*)'/.exec(line)![1]!, 'base64').toString('utf8'));
      expect(payload.command).toBe('Get-User');
      const id = payload.params.o.Identity.s as string;
      expect(id).toMatch(/^[A-Za-z0-9+/]*=*$/);
      expect(Buffer.from(id, 'base64').toString('utf8')).toBe(v);
      expect(Buffer.from(payload.params.o.Nested.o.X.s, 'base64').toString('utf8')).toBe(v);
    }
  });
  test('refuses what cannot be data', () => {
    expect(() => buildCommandLine({ command: 'Get-User; rm x' })).toThrow();
    expect(() => buildCommandLine({ command: 'Get-User', params: { 'a b': 'x' } })).toThrow();
    expect(() => buildCommandLine({ command: 'Get-User', select: ["x'"] })).toThrow();
    expect(() => encodeWire('a\uD800')).toThrow(/surrogate/);
    expect(encodeWire({ A: undefined, B: 1 })).toEqual({ o: { B: 1 } });
  });
});

describe('envelopes', () => {
  const env = { v: 1, ok: true, value: [{ Name: "O'Brien" }], errors: [], warnings: ['w'] };
  const line = `HMC1:${Buffer.from(JSON.stringify(env)).toString('base64')}`;
  test('found among other host output, last one wins', () => {
    const older = `HMC1:${Buffer.from(JSON.stringify({ ...env, warnings: [] })).toString('base64')}`;
    expect(parseEnvelope(`What if: Performing...\n${older}\n\u001b[?1h${line}\n`)).toEqual(env);
  });
  test('missing or malformed is null', () => {
    expect(parseEnvelope('nothing here')).toBeNull();
    expect(parseEnvelope('HMC1:!!!!')).toBeNull();
    expect(parseEnvelope(`HMC1:${Buffer.from('{"v":2}').toString('base64')}`)).toBeNull();
  });
});
