import type { Handlers } from '../../core/router';
import type { Services } from '../../app/services';
import { LogService } from './service';
import { incomingPlans } from './incoming';

const instances = new WeakMap<Services, LogService>();

/** The one LogService of a Services container (created on first use, disposed with it). */
export function logService(s: Services): LogService {
  let svc = instances.get(s);
  if (!svc) {
    const created = new LogService({ settings: () => s.settings.get(), events: s.events });
    svc = created;
    instances.set(s, created);
    s.onDispose(() => created.dispose());
  }
  return svc;
}

type LogOps =
  | 'logs.sources'
  | 'logs.open'
  | 'logs.read'
  | 'logs.histogram'
  | 'logs.find'
  | 'logs.close'
  | 'logs.follow'
  | 'logs.unfollow'
  | 'logs.search'
  | 'logs.parse'
  | 'logs.failures'
  | 'logs.incomingPlans';

export function logsHandlers(s: Services): Pick<Handlers, LogOps> {
  // Created now so the alerts watcher runs as soon as someone subscribes to 'logs.alerts'.
  const svc = logService(s);
  return {
    'logs.sources': () => svc.sources(),
    'logs.open': (input) => svc.open(input),
    'logs.read': (input) => svc.read(input),
    'logs.histogram': (input) => svc.histogram(input),
    'logs.find': (input) => svc.find(input),
    'logs.close': (input) => ({ closed: svc.close(input.id) }),
    'logs.follow': (input) => svc.follow(input),
    'logs.unfollow': (input) => svc.unfollow(input.followId, input.action),
    'logs.search': (input, ctx) => svc.search(input, ctx.signal),
    'logs.parse': (input) => svc.parse(input),
    'logs.failures': (input) => svc.failures(input),
    'logs.incomingPlans': (input, ctx) => incomingPlans({ settings: () => s.settings.get() }, input, ctx.signal),
  };
}
