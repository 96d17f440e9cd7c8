/**
 * A failure as a sentence and a short "what to do next". The desk's failures carry an error code
 * (their message is already a sentence); a rule's log entry has only its text, so known shapes of
 * Exchange and remoting errors are recognised in it.
 */
import type { Failure } from './schemas';

export interface Explanation {
  sentence: string;
  nextSteps: string[];
}

const OPEN_ENTRY = 'Open the entry in the log viewer (and its request in the plan inspector) to see the whole run.';
const FIX_AT_DESK = 'When the cause is fixed, enable or hide the mailbox from the mailbox desk: it previews the exact command first.';

interface Shape {
  test: RegExp;
  sentence: (who: string) => string;
  next: string[];
}

const LOG_SHAPES: Shape[] = [
  {
    test: /ManagementObjectNotFoundException|couldn't be found on|could not be found on|object .* (?:couldn't|could not|cannot) be found/i,
    sentence: (who) => `Exchange could not find ${who} in Active Directory when the rule ran.`,
    next: [
      'Directory replication or sync may lag behind the account creation: wait a few minutes, then enable the mailbox from the mailbox desk.',
      'Check that the rule and Exchange use the same domain controller the account was created on.',
    ],
  },
  {
    test: /PSRemotingTransportException|WinRM|WSMan|Kerberos|0x8009030e|0x80090322|0x80090311|Connecting to remote server .* failed/i,
    sentence: () => 'The rule could not open its remote PowerShell session to Exchange.',
    next: [
      'Run the connectivity checks for the Exchange host (DNS, TCP, TLS, /PowerShell/, session).',
      "Check the IQService account's Kerberos ticket, the server's HTTP SPN and its WinRM permissions.",
    ],
  },
  {
    test: /\baccess (?:is )?denied\b|UnauthorizedAccess|not authori[sz]ed|insufficient (?:access )?rights/i,
    sentence: () => 'Exchange refused the rule\'s account: it lacks the rights for this change.',
    next: ['Check the IQService account is in the Exchange role group the rule needs (Recipient Management).'],
  },
  {
    test: /\btimed? ?out\b|\btimeout\b/i,
    sentence: () => 'The rule\'s call to Exchange timed out.',
    next: ['Run the connectivity checks for the Exchange host; a slow or overloaded server often recovers, so retry from the mailbox desk.'],
  },
  {
    test: /already (?:a )?(?:mail-enabled|mail enabled|remote mailbox|mailbox|mail user)|is already mail-enabled/i,
    sentence: (who) => `${who} already has a mailbox or is already mail-enabled.`,
    next: ['Look the user up in the mailbox desk: the mailbox may exist already, or a stale mail user blocks it.'],
  },
  {
    test: /RemoteRoutingAddress|routing address|proxy address .* (?:already|is being used)/i,
    sentence: (who) => `The remote routing address for ${who} was refused.`,
    next: ['Check the routing domain (tenant.mail.onmicrosoft.com) and that no other object uses the address.'],
  },
  {
    test: /\bunreachable\b|could not connect|connection refused|no such host|host .*not (?:be )?(?:found|known)|name could not be resolved/i,
    sentence: () => 'The rule could not reach the Exchange server.',
    next: ['Run the connectivity checks for the Exchange host; check the ExchHost list of the application.'],
  },
];

const CODE_STEPS: Record<string, string[]> = {
  RECIPIENT_NOT_FOUND: ['Check the identity (sAMAccountName, UPN or DN); a brand-new account may not have replicated yet: wait and retry.'],
  WRONG_RECIPIENT_TYPE: ['Look the user up in the mailbox desk: it shows what the object is today.'],
  RECIPIENT_AMBIGUOUS: ['Use a unique identity (the DN or the UPN) and retry.'],
  SESSION_AUTH_FAILED: ['Check the account and password (Settings > Exchange) or the Kerberos ticket, then sign in again.'],
  SESSION_UNREACHABLE: ['Run the connectivity checks for the Exchange host, then retry.'],
  SESSION_LOST: ['Sign in again and retry: the change may not have been made.'],
  SESSION_NOT_CONNECTED: ['Sign in to Exchange (Settings) and retry.'],
  TIMEOUT: ['Run the connectivity checks; look the user up before retrying, the change may have been made.'],
  OUTCOME_UNKNOWN: ['Look the user up in the mailbox desk before retrying: the change may have been made.'],
  EXCHANGE_ERROR: ['Read the raw error below; fix the cause and retry from the mailbox desk.'],
};

function who(f: Failure): string {
  return f.user ? `the user ${f.user}` : 'the user';
}

export function explainFailure(f: Failure): Explanation {
  if (f.kind !== 'log') {
    const first = f.error.split('\n')[0]!.trim();
    const sentence = /[.!?]$/.test(first) ? first : `${first}.`;
    return { sentence, nextSteps: [...(CODE_STEPS[f.code ?? ''] ?? ['Read the raw error below and retry from the mailbox desk once the cause is fixed.']), 'The audit trail has the command as it was sent.'] };
  }
  for (const shape of LOG_SHAPES) {
    if (shape.test.test(f.error)) {
      const s = shape.sentence(who(f));
      return { sentence: s.charAt(0).toUpperCase() + s.slice(1), nextSteps: [...shape.next, OPEN_ENTRY, FIX_AT_DESK] };
    }
  }
  return {
    sentence: `The rule ${f.operation} logged an error${f.user ? ` for ${f.user}` : ''}.`,
    nextSteps: [OPEN_ENTRY, FIX_AT_DESK],
  };
}

/** The rule a log file belongs to, from its name or text. */
export function ruleOf(fileOrText: string): string | null {
  const m = /ConnectorAfter(Create|Modify)/i.exec(fileOrText);
  return m ? `ConnectorAfter${m[1]!.charAt(0).toUpperCase()}${m[1]!.slice(1).toLowerCase()}` : null;
}
