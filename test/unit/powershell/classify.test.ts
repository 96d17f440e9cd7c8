import { describe, expect, test } from 'vitest';
import { classify, classifyOne, toHmcError } from '../../../electron/services/powershell/classify';
import type { PsErrorInfo } from '../../../electron/services/powershell/protocol';

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
