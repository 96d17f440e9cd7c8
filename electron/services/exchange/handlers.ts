import type { Handlers } from '../../core/router';
import type { Services } from '../../app/services';

export function exchangeHandlers(
  s: Services,
): Pick<
  Handlers,
  | 'session.connect'
  | 'session.disconnect'
  | 'session.status'
  | 'recipient.search'
  | 'mailbox.get'
  | 'mailbox.enableRemote'
  | 'mailbox.setHidden'
  | 'mailbox.setRoutingAddress'
  | 'mailbox.disableRemote'
  | 'sandbox.reset'
  | 'sandbox.addUser'
  | 'audit.list'
> {
  const ex = s.exchange;
  return {
    'session.connect': (input) => ex.connect({ password: input.password, remember: input.remember, force: input.force }),
    'session.disconnect': () => ex.disconnect(),
    'session.status': () => ex.status(),
    'recipient.search': (input) => ex.search(input.text, input.by, input.limit),
    'mailbox.get': (input) => ex.get(input.identity),
    'mailbox.enableRemote': (input, ctx) => ex.enableRemote(input, { door: ctx.door }),
    'mailbox.setHidden': (input, ctx) => ex.setHidden(input, { door: ctx.door }),
    'mailbox.setRoutingAddress': (input, ctx) => ex.setRoutingAddress(input, { door: ctx.door }),
    'mailbox.disableRemote': (input, ctx) => ex.disableRemote(input, { door: ctx.door }),
    'sandbox.reset': (_input, ctx) => ex.sandboxReset({ door: ctx.door }),
    'sandbox.addUser': (input, ctx) => ex.sandboxAddUser(input, { door: ctx.door }),
    'audit.list': async (input) => ({ file: s.audit.file, records: await s.audit.list(input.limit, input.op) }),
  };
}
