/** The Rule kit's handlers: thin over RuleService (created in the composition root). */
import type { HandlersFor } from '../../core/router';
import type { ruleOperations } from '../../../shared/rules/contract';
import type { RuleService } from './service';

export function ruleHandlers(rules: RuleService): HandlersFor<typeof ruleOperations> {
  return {
    'rule.generate': (input) => rules.generate(input.kind),
    'rule.inspectScript': (input) => rules.inspectScript(input.script),
    'rule.replay': (input, ctx) => rules.replay(input, ctx.door, ctx.signal),
  };
}
