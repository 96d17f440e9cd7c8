/** The system capability's slice of the contract, served by its one SystemService. */
import type { HandlersFor } from '../../core/router';
import type { systemOperations } from '../../../shared/system/contract';
import type { SystemService } from './service';

export function systemHandlers(system: SystemService): HandlersFor<typeof systemOperations> {
  return {
    'system.status': () => system.status(),
    'system.diagnostics': () => system.diagnostics(),
  };
}
