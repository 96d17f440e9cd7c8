/** The desk's failures for alerts: a change that failed in Exchange is one, a change refused before anything was sent is not. */
import { expect, test } from 'vitest';
import { deskFailuresIn } from '../../../electron/services/notify/audit-tail';

const line = (r: Record<string, unknown>) => JSON.stringify({ time: '2026-12-04T10:00:00.000Z', door: 'http', actor: 'a@pc', ...r });

test('refusals before the command (checklist, input, STATE_CHANGED) are not alerted; failures in Exchange are', () => {
  const text = [
    line({ id: 'r', phase: 'start', op: 'mailbox.setHidden', command: null, input: { identity: 'ann' } }),
    line({ id: 'r', phase: 'end', op: 'mailbox.setHidden', command: null, outcome: 'error', error: { code: 'STATE_CHANGED', message: 'changed' } }),
    line({ id: 'x', phase: 'start', op: 'mailbox.enableRemote', command: "Enable-RemoteMailbox -Identity 'bob'", input: { identity: 'bob' } }),
    line({ id: 'x', phase: 'end', op: 'mailbox.enableRemote', command: null, outcome: 'error', error: { code: 'EXCHANGE_ERROR', message: 'failed' } }),
  ].join('\n');
  expect(deskFailuresIn(text).map((f) => [f.user, f.code])).toEqual([['bob', 'EXCHANGE_ERROR']]);
});
