import { describe, expect, test } from 'vitest';
import { buildCommandLine, encodeWire, parseEnvelope } from '../../../electron/services/powershell/protocol';
import { classify, classifyOne, toHmcError } from '../../../electron/services/powershell/classify';
import type { PsErrorInfo } from '../../../electron/services/powershell/protocol';

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

function err(p: Partial<PsErrorInfo>): PsErrorInfo {
  return { type: null, message: 'x', fqid: null, category: null, reason: null, remoteType: null, errorCode: null, target: null, ...p };
}

describe('classification never reads message text', () => {
  test('local sandbox / snap-in exception types', () => {
    expect(classifyOne(err({ type: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' }))).toBe('RECIPIENT_NOT_FOUND');
    expect(classifyOne(err({ type: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectAmbiguousException' }))).toBe('RECIPIENT_AMBIGUOUS');
    expect(classifyOne(err({ type: 'Microsoft.Exchange.Management.Tasks.RecipientTaskException', category: 'InvalidArgument' }))).toBe('WRONG_RECIPIENT_TYPE');
    expect(classifyOne(err({ type: 'Microsoft.Exchange.Management.Tasks.RecipientTaskException', category: 'NotSpecified' }))).toBe('EXCHANGE_ERROR');
    expect(classifyOne(err({ type: 'System.Management.Automation.ParameterBindingException', fqid: 'AmbiguousParameterSet,Enable-RemoteMailbox' }))).toBe('INVALID_INPUT');
  });
  test('through implicit remoting (RemoteException + FQID failure category), in any language', () => {
    const remote = err({
      type: 'System.Management.Automation.RemoteException',
      message: "Der Vorgang konnte nicht ausgeführt werden, da das Objekt 'x' nicht gefunden wurde.",
      fqid: '[Server=EXCH01,RequestId=1b2c,TimeStamp=1/1/2024 1:00:00 PM] [FailureCategory=Cmdlet-ManagementObjectNotFoundException] 6DDB6B3D,Microsoft.Exchange.Management.RecipientTasks.GetUser',
      category: 'NotSpecified',
      reason: 'ManagementObjectNotFoundException',
    });
    expect(classifyOne(remote)).toBe('RECIPIENT_NOT_FOUND');
    expect(classifyOne(err({ type: 'System.Management.Automation.RemoteException', remoteType: 'Microsoft.Exchange.Management.Tasks.RecipientTaskException', category: 'InvalidArgument' }))).toBe('WRONG_RECIPIENT_TYPE');
  });
  test('sessions', () => {
    const t = 'System.Management.Automation.Remoting.PSRemotingTransportException';
    expect(classifyOne(err({ type: t, fqid: 'AccessDenied,PSSessionOpenFailed', category: 'OpenError' }))).toBe('SESSION_AUTH_FAILED');
    expect(classifyOne(err({ type: t, fqid: '-2146893022,PSSessionOpenFailed', errorCode: -2146893022 }))).toBe('SESSION_AUTH_FAILED');
    expect(classifyOne(err({ type: t, fqid: 'CannotConnect,PSSessionOpenFailed', errorCode: -2144108526 }))).toBe('SESSION_UNREACHABLE');
    expect(classifyOne(err({ type: t, fqid: 'JobFailure', errorCode: -2144108250 }))).toBe('SESSION_UNREACHABLE');
    expect(classifyOne(err({ type: 'System.Management.Automation.RemoteException', fqid: '[FailureCategory=WSMan-InvalidShellID] x' }))).toBe('SESSION_LOST');
    expect(classifyOne(err({ type: 'System.Management.Automation.CommandNotFoundException' }))).toBe('SESSION_NOT_CONNECTED');
  });
  test('the most specific error wins and the message keeps Exchange words', () => {
    const c = classify([err({ type: 'System.Exception' }), err({ type: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException' })]);
    expect(c?.code).toBe('RECIPIENT_NOT_FOUND');
    const e = toHmcError([err({ type: 'X.ManagementObjectNotFoundException', message: "object 'a' couldn't be found password=hunter2" })], 'Get-User');
    expect(e.code).toBe('RECIPIENT_NOT_FOUND');
    expect(e.message).toContain("object 'a' couldn't be found");
    expect(e.message).not.toContain('hunter2');
  });
});
