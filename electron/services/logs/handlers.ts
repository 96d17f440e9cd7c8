/**
 * The logs slice of the contract, served by the one LogService (created in the composition root). What a
 * call opens or follows belongs to the call's caller (ctx.caller) and ends when it goes.
 */
import type { logsOperations } from '../../../shared/logs/contract';
import type { HandlersFor } from '../../core/router';
import type { LogService } from './service';

export function logsHandlers(svc: LogService): HandlersFor<typeof logsOperations> {
  return {
    'logs.sources': () => svc.sources(),
    'logs.open': (input, ctx) => svc.open(input, ctx.caller),
    'logs.read': (input) => svc.read(input),
    'logs.histogram': (input) => svc.histogram(input),
    'logs.find': (input) => svc.find(input),
    'logs.close': (input) => ({ closed: svc.close(input.id) }),
    'logs.follow': (input, ctx) => svc.follow(input, ctx.caller),
    'logs.unfollow': (input) => svc.unfollow(input),
    'logs.search': (input, ctx) => svc.search(input, ctx.signal),
    'logs.parse': (input) => svc.parse(input),
    'logs.failures': (input) => svc.failures(input),
    'logs.stats': () => svc.stats(),
    'logs.incomingPlans': (input, ctx) => svc.incomingPlans(input, ctx.signal),
  };
}
