import type { HandlersFor } from '../../core/router';
import type { notifyOperations } from '../../../shared/notify/contract';
import type { NotifyService } from './service';

export function notifyHandlers(s: { notify: NotifyService }): HandlersFor<typeof notifyOperations> {
  const svc = s.notify;
  return {
    'notify.status': () => svc.status(),
    'notify.test': (input) => svc.test(input),
    'notify.outbox': (input) => svc.outbox(input.limit),
    'notify.retry': (input) => svc.resend(input.id),
    'notify.discard': (input) => svc.discard(input.id),
    'notify.setPassword': (input) => svc.setPassword(input),
    'notify.preview': (input, ctx) => svc.preview(input, ctx),
    'notify.mailFailure': (input) => svc.mailFailure(input),
  };
}
