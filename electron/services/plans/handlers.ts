/** The plans capability's slice of the contract, served by its one PlanService. */
import type { HandlersFor } from '../../core/router';
import type { planOperations } from '../../../shared/plans/contract';
import type { PlanService } from './service';

export function planHandlers(plans: PlanService): HandlersFor<typeof planOperations> {
  return {
    'plan.inspect': (input, ctx) => plans.inspect(input, ctx.signal),
  };
}
