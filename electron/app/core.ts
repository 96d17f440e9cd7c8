/**
 * The composition root: builds the core every door shares (the services, then the router over
 * all their handlers). The only place that knows every capability.
 */
import { createRouter, type Handlers, type Router } from '../core/router';
import { createServices, type ServiceOptions, type Services } from './services';
import { systemHandlers } from '../services/system/handlers';
import { exchangeHandlers } from '../services/exchange/handlers';
import { auditHandlers } from '../services/audit/handlers';
import { logsHandlers } from '../services/logs/handlers';
import { connectivityHandlers } from '../services/connectivity/handlers';
import { planHandlers } from '../services/plans/handlers';
import { settingsHandlers } from '../services/settings/handlers';
import { notifyHandlers } from '../services/notify/handlers';
import { ruleHandlers } from '../services/rules/handlers';
import { storyHandlers } from '../services/story/handlers';

export interface Core {
  services: Services;
  router: Router;
  dispose(): Promise<void>;
}

export function buildHandlers(s: Services): Handlers {
  return {
    ...systemHandlers(s.system),
    ...settingsHandlers(s.settingsService, s.authorities),
    ...exchangeHandlers(s.exchange),
    ...auditHandlers(s.audit),
    ...logsHandlers(s.logs, s.authorities),
    ...connectivityHandlers(s.connectivity),
    ...planHandlers(s.plans),
    ...notifyHandlers(s),
    ...ruleHandlers(s.rules),
    ...storyHandlers(s.story),
  };
}

export async function createCore(opts: ServiceOptions = {}): Promise<Core> {
  const services = await createServices(opts);
  const router = createRouter(buildHandlers(services), { diagnostics: services.diagnostics, defaultCaller: services.processCaller });
  services.notify.attach(router.invoke);
  return { services, router, dispose: () => services.dispose() };
}
