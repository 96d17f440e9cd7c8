import type { HandlersFor } from '../../core/router';
import type { auditOperations } from '../../../shared/audit/contract';
import type { AuditService } from './service';

export function auditHandlers(svc: AuditService): HandlersFor<typeof auditOperations> {
  return {
    'audit.list': (input) => svc.list(input),
    'audit.export': (input) => svc.exportCsv(input),
    'audit.reconciled': () => svc.reconciledChanges(),
    'audit.acknowledge': async (input, ctx) => ({ acknowledged: await svc.acknowledge(input.id, ctx.door) }),
  };
}
