/**
 * Reading recipients: one identity's whole state (Get-HmcRecipientState: Get-User plus
 * Get-RemoteMailbox or Get-Recipient) and search. The console's Recipient is built from Exchange's
 * output by walking the Recipient schema, so a property added there is read here too.
 */
import { z } from 'zod';
import { HmcError } from '../../../shared/errors';
import {
  RECIPIENT_PROPERTIES,
  RecipientProperties,
  SUMMARY_PROPERTIES,
  type Recipient,
  type RecipientSummary,
  type SearchInput,
  type SearchOutput,
} from '../../../shared/exchange/schemas';
import { checkSmtpAddress, stripSmtpPrefix } from '../../../shared/exchange/validate';
import { redactText } from '../../../shared/secrets';
import type { ExchangeSession } from './session';
import { bool, obj, str, strings } from './values';

const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/** Properties read from the AD object (Get-User) when it has them; every other from the recipient object when it has them. */
const FROM_USER_FIRST: ReadonlySet<string> = new Set(['Guid', 'RecipientTypeDetails', 'WhenCreated']);

/** How each property's value is read, from its type in the schema. */
function reader(schema: z.ZodType): (v: unknown) => unknown {
  const inner = schema instanceof z.ZodNullable ? schema.unwrap() : schema;
  if (inner instanceof z.ZodArray) return strings;
  if (inner instanceof z.ZodBoolean) return bool;
  return str;
}
const READERS = Object.fromEntries(RECIPIENT_PROPERTIES.map((k) => [k, reader(RecipientProperties.shape[k])])) as Record<string, (v: unknown) => unknown>;

/** Builds the console's Recipient from Get-HmcRecipientState's { User, Recipient }. */
export function toRecipient(state: unknown): Recipient {
  const s = obj(state);
  const user = obj(s.User);
  const rcpt = obj(s.Recipient);
  const props: Record<string, unknown> = {};
  for (const k of RECIPIENT_PROPERTIES) {
    const [first, second] = FROM_USER_FIRST.has(k) ? [user, rcpt] : [rcpt, user];
    const v = READERS[k]!(k in first ? first[k] : second[k]);
    // Free text read from the directory is shown everywhere: a secret typed into it (a display name holding "password=...") is masked.
    props[k] = typeof v === 'string' ? redactText(v) : v;
  }
  const p = props as z.infer<typeof RecipientProperties>;
  const type = p.RecipientTypeDetails;
  const kind: Recipient['kind'] = type === 'User' ? 'user' : type && /^Remote\w*Mailbox$/.test(type) ? 'remoteMailbox' : 'other';
  const syncState: Recipient['syncState'] =
    kind !== 'remoteMailbox' ? null : p.ExchangeGuid === null ? 'unknown' : ZERO_GUID.test(p.ExchangeGuid) ? 'pending' : 'synced';
  return { ...p, kind, syncState };
}

export function toSummary(v: unknown): RecipientSummary {
  const o = obj(v);
  return Object.fromEntries(SUMMARY_PROPERTIES.map((k) => [k, str(o[k])])) as RecipientSummary;
}

export class Recipients {
  constructor(private readonly session: ExchangeSession) {}

  async get(identity: string, timeoutMs?: number): Promise<Recipient> {
    const values = await this.session.read({ command: 'Get-HmcRecipientState', params: { Identity: identity } }, timeoutMs);
    if (values.length === 0) {
      throw new HmcError('RECIPIENT_NOT_FOUND', `No recipient matches ${JSON.stringify(identity)}; check the identity.`);
    }
    return toRecipient(values[0]);
  }

  async search(input: z.output<typeof SearchInput>): Promise<z.output<typeof SearchOutput>> {
    const { text, by, limit } = input;
    const mode: 'anr' | 'address' = by === 'auto' ? (text.includes('@') && !checkSmtpAddress(text) ? 'address' : 'anr') : by;
    let value = text;
    if (mode === 'address') {
      const problem = checkSmtpAddress(text);
      if (problem) throw new HmcError('INVALID_INPUT', problem);
      value = stripSmtpPrefix(text);
    }
    const values = await this.session.read({
      command: 'Find-HmcRecipient',
      params: { Text: value, By: mode, ResultSize: limit + 1 },
      select: SUMMARY_PROPERTIES,
    });
    const results = values.map(toSummary);
    return { by: mode, results: results.slice(0, limit), truncated: results.length > limit };
  }
}
