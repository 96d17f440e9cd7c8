/** The notify capability's operations and events (joined into shared/contract.ts). */
import { op, Empty } from '../operation';
import * as N from './schemas';

export const notifyOperations = {
  'notify.status': op({
    input: Empty,
    output: N.NotifyStatusOutput,
    summary: 'The mail settings in effect, the alert rules, whether this process watches, and the outbox counts.',
    mutates: false,
  }),
  'notify.test': op({
    input: N.NotifyTestInput,
    output: N.NotifyTestOutput,
    summary: 'Send a test mail with the configured SMTP settings (optionally overridden) and say what the server answered.',
    mutates: false,
  }),
  'notify.outbox': op({
    input: N.NotifyOutboxInput,
    output: N.NotifyOutboxOutput,
    summary: 'The outbox: mails queued, sent, and failed with the reason, newest first.',
    mutates: false,
  }),
  'notify.retry': op({
    input: N.NotifyItemInput,
    output: N.NotifyRetryOutput,
    summary: 'Queue a failed (or sent) mail of the outbox again.',
    mutates: false,
  }),
  'notify.discard': op({
    input: N.NotifyItemInput,
    output: N.NotifyDiscardOutput,
    summary: 'Remove a mail from the outbox.',
    mutates: false,
  }),
  'notify.setPassword': op({
    input: N.NotifyPasswordInput,
    output: N.NotifyPasswordOutput,
    summary: 'Store (or forget) the SMTP password in the secret store; it never goes into the settings.',
    mutates: false,
  }),
  'notify.preview': op({
    input: N.NotifyPreviewInput,
    output: N.NotifyPreviewOutput,
    summary: 'What the alert rules would have mailed over the last 24 hours of the logs and the desk.',
    mutates: false,
  }),
  'notify.mailFailure': op({
    input: N.NotifyMailFailureInput,
    output: N.NotifyMailFailureOutput,
    summary: 'Mail one failure now (the desk\'s per-action opt-in, bulk jobs); it is queued, never waited for.',
    mutates: false,
  }),
} as const;

export const notifyEvents = {
  'notify.alert': N.NotifyAlertEvent,
  'notify.open': N.NotifyOpenEvent,
  'notify.outbox': N.NotifyOutboxEvent,
} as const;
