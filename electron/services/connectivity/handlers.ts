/** The connectivity capability's slice of the contract, served by its one ConnectivityService. */
import type { HandlersFor } from '../../core/router';
import type { connectivityOperations } from '../../../shared/connectivity/contract';
import type { ConnectivityService } from './service';

export function connectivityHandlers(connectivity: ConnectivityService): HandlersFor<typeof connectivityOperations> {
  return {
    'connectivity.check': (input) => connectivity.check(input),
    'connectivity.history': (input) => connectivity.history(input),
    'connectivity.export': (input) => connectivity.export(input),
  };
}
