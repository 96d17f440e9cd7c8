/** The exchange capability's operations and events (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import * as X from './schemas';

export const exchangeOperations = {
  'mailbox.get': op({
    input: X.GetInput,
    output: X.Recipient,
    summary: 'The state of one identity: plain AD user, remote mailbox or another recipient type.',
    mutates: false,
  }),
  'mailbox.preflight': op({
    input: X.PreflightInput,
    output: X.PreflightOutput,
    summary: 'The checklist a change runs first (pass / warn / fail with evidence), the recipient it resolved and the expected state to give the change.',
    mutates: false,
  }),
  'mailbox.enableRemote': op({
    input: X.EnableRemoteInput,
    output: X.ChangeResult,
    summary: 'Enable-RemoteMailbox: mail-enable a user for a cloud mailbox (what-if available).',
    mutates: true,
  }),
  'mailbox.setHidden': op({
    input: X.SetHiddenInput,
    output: X.ChangeResult,
    summary: 'Hide or unhide a remote mailbox from address lists.',
    mutates: true,
  }),
  'mailbox.setRoutingAddress': op({
    input: X.SetRoutingInput,
    output: X.ChangeResult,
    summary: 'Repair the RemoteRoutingAddress of a remote mailbox.',
    mutates: true,
  }),
  'mailbox.disableRemote': op({
    input: X.DisableRemoteInput,
    output: X.ChangeResult,
    summary: 'Disable-RemoteMailbox: offboard (the AD user stays).',
    mutates: true,
  }),
  'recipient.search': op({
    input: X.SearchInput,
    output: X.SearchOutput,
    summary: 'Find recipients by name fragment (ANR) or exact e-mail address.',
    mutates: false,
  }),
  'session.connect': op({
    input: X.ConnectInput,
    output: X.ConnectOutput,
    summary: 'Open the Exchange session for the configured mode (remote, snapin or sandbox).',
    mutates: false,
  }),
  'session.disconnect': op({
    input: Empty,
    output: X.SessionState,
    summary: 'Close the Exchange session (Remove-PSSession in remote mode).',
    mutates: false,
  }),
  'session.status': op({
    input: Empty,
    output: X.SessionState,
    summary: 'The state of the Exchange session.',
    mutates: false,
  }),
  'sandbox.reset': op({
    input: Empty,
    output: X.SandboxResetOutput,
    summary: 'Reset the sandbox Exchange directory to its seed users.',
    mutates: true,
  }),
  'sandbox.addUser': op({
    input: X.SandboxAddUserInput,
    output: X.Recipient,
    summary: 'Add a user to the sandbox Exchange directory (demos and tests).',
    mutates: true,
  }),
} as const;

export const exchangeEvents = {
  'session.status': X.SessionState,
} as const;
