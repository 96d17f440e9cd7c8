import type { HandlersFor } from '../../core/router';
import type { exchangeOperations } from '../../../shared/exchange/contract';
import type { ExchangeService } from './service';

export function exchangeHandlers(svc: ExchangeService): HandlersFor<typeof exchangeOperations> {
  return {
    'session.connect': (input) => svc.connect(input),
    'session.disconnect': () => svc.disconnect(),
    'session.status': () => svc.status(),
    'recipient.search': (input) => svc.search(input),
    'mailbox.get': (input) => svc.get(input.identity),
    'mailbox.preflight': (input) => svc.preflight(input),
    'mailbox.enableRemote': (input, ctx) => svc.enableRemote(input, { door: ctx.door }),
    'mailbox.setHidden': (input, ctx) => svc.setHidden(input, { door: ctx.door }),
    'mailbox.setRoutingAddress': (input, ctx) => svc.setRoutingAddress(input, { door: ctx.door }),
    'mailbox.disableRemote': (input, ctx) => svc.disableRemote(input, { door: ctx.door }),
    'sandbox.reset': (_input, ctx) => svc.sandboxReset({ door: ctx.door }),
    'sandbox.addUser': (input, ctx) => svc.sandboxAddUser(input, { door: ctx.door }),
  };
}
