/**
 * The logs slice of the contract, served by the one LogService (created in the composition root). What a
 * call opens or follows belongs to the call's caller (ctx.caller) and ends when it goes.
 */
import type { logsOperations } from '../../../shared/logs/contract';
import type { HandlersFor } from '../../core/router';
import type { PathAuthorities } from '../../core/authority';
import type { LogService } from './service';

export function logsHandlers(svc: LogService, authorities: PathAuthorities): HandlersFor<typeof logsOperations> {
  return {
    'logs.sources': () => svc.sources(),
    'logs.open': (input, ctx) => svc.open(input, ctx.caller, ctx.door),
    'logs.read': (input) => svc.read(input),
    'logs.histogram': (input) => svc.histogram(input),
    'logs.find': (input) => svc.find(input),
    'logs.close': (input) => ({ closed: svc.close(input.id) }),
    'logs.follow': (input, ctx) => svc.follow(input, ctx.caller, ctx.door),
    'logs.unfollow': (input) => svc.unfollow(input),
    'logs.search': (input, ctx) => svc.search(input, ctx.signal, ctx.door),
    'logs.parse': (input, ctx) => svc.parse(input, ctx.door),
    'logs.allow': (input, ctx) => svc.allow(input.proposed, authorities.get(ctx.door), ctx.signal),
    'logs.failures': (input) => svc.failures(input),
    'logs.stats': () => svc.stats(),
    'logs.incomingPlans': (input, ctx) => svc.incomingPlans(input, ctx.signal, ctx.door),
  };
}
